"""``planmonitor serve``: waitress with debug off and whitenoise; SIGTERM stops its worker too."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
import sys
import time

from tests.core.worker_harness import ROOT, Site, alive, children


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    headers = {k.lower(): v for k, v in response.getheaders()}
    connection.close()
    return response.status, headers, body


def test_serve_is_waitress_without_debug_and_sigterm_stops_the_worker(tmp_path):
    site = Site(tmp_path / "var")
    site.var.mkdir(parents=True)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(  # noqa: S603  (our own interpreter and command)
        [sys.executable, "-m", "planmonitor", "serve", f"127.0.0.1:{port}"], env=site.env, cwd=ROOT,
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert serve.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.3)
        status, headers, _body = _get(port, "/static/planmonitor/site.js")
        assert status == 200 and headers["server"] == "waitress"
        status, _headers, body = _get(port, "/no-such-page/")
        assert status == 404 and "Страницата не е намерена" in body
        assert "URLconf" not in body and "DEBUG = True" not in body
        assert _get(port, "/media/imports/plan.docx")[0] == 404
        workers = children(serve.pid)
        assert len(workers) == 1 and alive(workers[0])
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=60) == 0
        deadline = time.monotonic() + 30
        while alive(workers[0]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not alive(workers[0])
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait(timeout=30)
        log.close()
