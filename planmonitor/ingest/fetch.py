"""A plan's address -> its bytes and a file name, for ``read_plan``: the one place the reader touches the network.

Reading stays pure (bytes in, plan out); this module only downloads, with
bounds, so that a slow or huge or wrong address costs seconds and a clear
sentence, never a hung import:

* only ``http://`` and ``https://`` (redirects too: a redirect to ``file:``
  or ``ftp:`` is refused, as urllib's file and FTP handlers are not installed);
* at most ``max_bytes`` (20 MiB by default): a ``Content-Length`` over it is
  refused before the body is read, and a body without one is cut off when it
  passes the limit;
* at most ``timeout`` seconds in all (30 by default): each socket wait has that
  bound, and the body is read in chunks against one deadline, so a server
  that trickles bytes cannot hold the import;
* only what can be a plan: an HTML page, a PDF, an Office or OpenDocument
  file, text, or ``application/octet-stream`` (judged by ``sniff.py`` from the
  content); an image or a video is refused by its ``Content-Type``;
* ``allow_private=False`` (the web import) refuses an address whose host
  resolves to a loopback, private, link-local or reserved address, so that a
  form on the site cannot be used to reach the server's own network; the
  connection then goes to the very address that was checked (pinned), so a
  name whose DNS answer changes between the check and the connection (DNS
  rebinding) cannot slip through. Behind a proxy the proxy connects; the
  server's firewall stays the outer guard.

The charset an HTTP server names for an HTML page outranks the page's own
``<meta>`` in the HTML standard; the page is therefore re-encoded as UTF-8 with a
byte-order mark, which the HTML reader honours first.

Every failure is an ``IngestError`` whose place is the address.
"""

from __future__ import annotations

import codecs
import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Place

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0
CHUNK = 64 * 1024
USER_AGENT = "planmonitor (municipal action plan import)"
# Content types a plan can come as; anything else (images, video, JSON ...) is refused before reading.
ACCEPTED_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt", "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt", "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/msword": "doc", "application/vnd.ms-excel": "xls", "application/rtf": "rtf", "text/rtf": "rtf",
    "application/octet-stream": "", "application/zip": "", "application/x-zip-compressed": "",
    "binary/octet-stream": "", "application/download": "", "application/force-download": "",
}


@dataclass(frozen=True)
class Fetched:
    """What the address gave: the bytes, a file name to keep them under, and the final address."""

    data: bytes
    filename: str
    url: str
    content_type: str


def is_address(text: str) -> bool:
    """True when ``text`` is meant as a web address (it starts with http:// or https://)."""
    return text.strip().lower().startswith(("http://", "https://"))


def fetch_plan(url: str, *, max_bytes: int | None = None, timeout: float | None = None,
               allow_private: bool = True) -> Fetched:
    """Download the plan at ``url`` within the bounds of the module docstring; IngestError otherwise."""
    max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    url = url.strip()
    place = Place(file=url)
    pins: dict[str, str] = {}
    _check_address(url, allow_private, place, pins)
    deadline = time.monotonic() + timeout
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), _PinnedHTTP(pins), _PinnedHTTPS(pins),
                    _Redirects(allow_private, place, pins), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT, "Accept": "text/html,application/pdf,application/*;q=0.9,*/*;q=0.5"})
    try:
        with opener.open(request, timeout=timeout) as response:
            final = response.geturl()
            content_type = response.headers.get("Content-Type", "")
            kind = _accepted(content_type, final)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _too_big(int(declared), max_bytes, place)
            data = _read_bounded(response, max_bytes, deadline, timeout, place)
            filename = _filename(response.headers, final, kind)
    except IngestError:
        raise
    except urllib.error.HTTPError as exc:
        raise IngestError(
            f"Сървърът на {_host(url)} отговори с грешка {exc.code} ({exc.reason}); проверете адреса.",
            f"The server of {_host(url)} answered with error {exc.code} ({exc.reason}); check the address.",
            place,
        ) from None
    except TimeoutError:
        raise _timed_out(timeout, place) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError | socket.timeout):
            raise _timed_out(timeout, place) from None
        raise IngestError(
            f"Адресът не е достъпен ({_host(url)}: {reason}); проверете го и връзката на сървъра с интернет.",
            f"The address cannot be reached ({_host(url)}: {reason}); check it and the server's connection.",
            place,
        ) from None
    if not data.strip():
        raise IngestError("Адресът върна празна страница.", "The address returned an empty page.", place)
    return Fetched(data=_html_as_utf8(data, content_type) if kind == "html" else data, filename=filename,
                   url=final, content_type=content_type)


def _check_address(url: str, allow_private: bool, place: Place, pins: dict[str, str]) -> None:
    """Refuse what is no web address, and (``allow_private=False``) a host that resolves into an internal
    network; the address checked is put in ``pins`` for the connection to use."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise IngestError(
            "Адресът трябва да е уеб адрес, който започва с http:// или https://.",
            "The address must be a web address starting with http:// or https://.",
            place,
        )
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as exc:
        raise IngestError(
            f"Адресът не е достъпен: няма такъв сървър ({parts.hostname}).",
            f"The address cannot be reached: there is no such server ({parts.hostname}; {exc}).",
            place,
        ) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                or address.is_multicast or address.is_unspecified):
            raise IngestError(
                "Адресът води към вътрешна мрежа; от уеб формата се внасят само публикувани в интернет планове.",
                "The address leads into an internal network; the web form imports only plans published on the "
                "internet.",
                place,
            )
    pins[parts.hostname] = infos[0][4][0]


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects (urllib allows ten) only to http(s) addresses that pass the same check."""

    def __init__(self, allow_private: bool, place: Place, pins: dict[str, str]) -> None:
        self.allow_private, self.place, self.pins = allow_private, place, pins

    def http_error_302(self, req, fp, code, msg, headers):  # noqa: ANN001 - urllib's signature
        location = headers.get("location") or headers.get("uri")
        if location:
            _check_address(urllib.parse.urljoin(req.full_url, location), self.allow_private, self.place, self.pins)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _pinned_connection(base: type[http.client.HTTPConnection], pins: dict[str, str]) -> type:
    """``base`` connecting to the checked address of its host (``pins``) instead of resolving the name again.

    The request keeps the name: the ``Host`` header, and for HTTPS the name sent (SNI) and the one the
    certificate must match, are the host's. A host not pinned (``allow_private``) or reached through a
    proxy tunnel connects as usual."""

    class Pinned(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            address = pins.get(self.host)
            if address is None or self._tunnel_host:
                return super().connect()
            self.sock = socket.create_connection((address, self.port), self.timeout, self.source_address)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if isinstance(self, http.client.HTTPSConnection):
                self.sock = self._context.wrap_socket(self.sock, server_hostname=self.host)
            return None

    return Pinned


class _PinnedHTTP(urllib.request.HTTPHandler):
    def __init__(self, pins: dict[str, str]) -> None:
        super().__init__()
        self.connection = _pinned_connection(http.client.HTTPConnection, pins)

    def http_open(self, req):  # noqa: ANN001, ANN201 - urllib's signature
        return self.do_open(self.connection, req)


class _PinnedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, pins: dict[str, str]) -> None:
        super().__init__()
        self.connection = _pinned_connection(http.client.HTTPSConnection, pins)

    def https_open(self, req):  # noqa: ANN001, ANN201 - urllib's signature
        return self.do_open(self.connection, req, context=self._context)


def _accepted(content_type: str, url: str) -> str:
    """The kind of file the ``Content-Type`` announces ("" when only the content can tell), or a refusal."""
    media = content_type.split(";")[0].strip().lower()
    if not media or media in ACCEPTED_TYPES:
        return ACCEPTED_TYPES.get(media, "")
    raise IngestError(
        f"Адресът не води до план: сървърът върна „{media}“, а се приемат уеб страница (HTML), PDF, DOCX, "
        "XLSX, ODT/ODS или DOC/XLS.",
        f"The address does not lead to a plan: the server returned \"{media}\", but a web page (HTML), PDF, DOCX, "
        "XLSX, ODT/ODS or DOC/XLS is accepted.",
        Place(file=url),
    )


def _read_bounded(response, max_bytes: int, deadline: float, timeout: float, place: Place) -> bytes:
    """The body in chunks, stopped past ``max_bytes`` or past the deadline."""
    parts: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise _timed_out(timeout, place)
        chunk = response.read(CHUNK)
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > max_bytes:
            raise _too_big(size, max_bytes, place, at_least=True)
        parts.append(chunk)


def _too_big(size: int, limit: int, place: Place, at_least: bool = False) -> IngestError:
    more_bg, more_en = ("над ", "over ") if at_least else ("", "")
    return IngestError(
        f"Страницата на адреса е твърде голяма ({more_bg}{_mib(size)}); допустими са до {_mib(limit)}. "
        "Изтеглете плана и го качете като файл.",
        f"The page at the address is too large ({more_en}{_mib(size)}); at most {_mib(limit)} is accepted. "
        "Download the plan and upload it as a file.",
        place,
    )


def _timed_out(timeout: float, place: Place) -> IngestError:
    return IngestError(
        f"Страницата не се зареди за {timeout:g} секунди; опитайте по-късно или изтеглете плана и го качете "
        "като файл.",
        f"The page did not load within {timeout:g} seconds; try again later, or download the plan and upload it "
        "as a file.",
        place,
    )


def _mib(size: int) -> str:
    return f"{size / 1024 ** 2:.1f} MB" if size >= 1024 ** 2 else f"{max(size // 1024, 1)} KB"


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).hostname or url


def _filename(headers: Message, url: str, kind: str) -> str:
    """A plain file name (no folders) for the bytes: the server's ``Content-Disposition`` name, else the
    address's last path segment, else the host; given the extension of its kind when it has none."""
    name = headers.get_filename() or urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])
    name = "".join(ch for ch in name.replace("\\", "/").rsplit("/", 1)[-1] if ch.isprintable()).strip(" .")
    if not name:
        name = (urllib.parse.urlsplit(url).hostname or "plan").replace(":", "_")
    if kind and not name.lower().endswith(f".{kind}") and not (kind == "html" and name.lower().endswith(".htm")):
        name = f"{name}.{kind}"
    return name[-200:]


def _html_as_utf8(data: bytes, content_type: str) -> bytes:
    """The page re-encoded as UTF-8 with a byte-order mark when the server named its charset and the page has
    no mark of its own (see the module docstring); otherwise unchanged."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data
    message = Message()
    message["content-type"] = content_type
    charset = message.get_content_charset()
    if not charset:
        return data
    try:
        return codecs.BOM_UTF8 + data.decode(charset, "replace").encode("utf-8")
    except LookupError:
        return data
