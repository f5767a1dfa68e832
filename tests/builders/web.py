"""A small web server on 127.0.0.1 for the tests of importing a plan from its address.

``serve(routes)`` runs ``http.server`` in a thread for the ``with`` block and
gives its base address. A route is a path -> ``Page``: the body, its
``Content-Type``, a status, a delay before answering (a server that hangs),
and whether to send ``Content-Length`` (without it the body is streamed
until the connection closes, so a size limit must count the bytes).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Page:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    length: bool = True
    headers: dict[str, str] = field(default_factory=dict)


@contextmanager
def serve(routes: dict[str, Page]) -> Iterator[str]:
    """Serve ``routes`` on 127.0.0.1 on a free port; yields ``http://127.0.0.1:PORT``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            page = routes.get(self.path.split("?")[0])
            if page is None:
                page = Page(b"<html><body><h1>404</h1></body></html>", status=404)
            if page.delay:
                time.sleep(page.delay)
            try:
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                if page.length:
                    self.send_header("Content-Length", str(len(page.body)))
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(page.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (too big, too slow): what the test wants

        def log_message(self, *args) -> None:  # keep the test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
