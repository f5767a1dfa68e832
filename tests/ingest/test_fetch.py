"""Importing a plan from its web address: ``ingest/fetch.py`` and ``planmonitor import URL``, against a server
on 127.0.0.1 (``tests/builders/web.py``)."""

from __future__ import annotations

import json

import pytest

from planmonitor.ingest import cli, fetch
from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.fetch import fetch_plan
from tests.builders.corpus.generate import Features, random_plan
from tests.builders.corpus.render import Style, layout
from tests.builders.corpus.render_html import plan_page
from tests.builders.web import Page, serve
from tests.ingest.test_cli import run

PLAN = random_plan(21, Features(measures=12))
BLOCKS, TRUTH = layout(PLAN, "goal_column", Style(seed=21, merge_same=True))
PLAN_PAGE = plan_page(BLOCKS, PLAN["municipality"], seed=22)  # Windows-1251, declared in a <meta>
NEWS = "<!DOCTYPE html><html><body><nav>Меню</nav><h1>Новини</h1><p>Кметът откри парк.</p></body></html>".encode()


def test_cli_imports_a_plan_page_by_its_address():
    """The real ``planmonitor`` entry point, no database: the page is read like a saved file."""
    with serve({"/plan/roma-2024": Page(PLAN_PAGE, "text/html")}) as base:
        done = run("import", f"{base}/plan/roma-2024", "--json")
    assert done.returncode == 0, done.stderr.decode()
    plan = json.loads(done.stdout.decode("utf-8"))
    assert [m["text"] for m in plan["measures"]] == [m["text"] for m in TRUTH["measures"]]


def test_cli_imports_a_saved_page(tmp_path):
    """``planmonitor import page.html``: a page saved from the browser (here Windows-1251) reads like a document."""
    saved = tmp_path / "План за действие.html"
    saved.write_bytes(PLAN_PAGE)
    done = run("import", str(saved), "--json")
    assert done.returncode == 0, done.stderr.decode()
    assert len(json.loads(done.stdout.decode("utf-8"))["measures"]) == len(TRUTH["measures"])


def test_cli_refuses_a_page_that_is_not_a_plan_in_one_line():
    with serve({"/news": Page(NEWS)}) as base:
        done = run("import", f"{base}/news", "--json")
    err = done.stderr.decode("utf-8").strip()
    assert done.returncode == 2
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"{base}/news: ") and "няма нито една таблица" in err


@pytest.mark.parametrize(
    ("page", "limits", "words"),
    [
        (Page(b"<html>" + b"x" * 300_000 + b"</html>"), {"DEFAULT_MAX_BYTES": 100_000}, "твърде голяма (292 KB)"),
        (Page(b"<html>" + b"x" * 300_000 + b"</html>", length=False), {"DEFAULT_MAX_BYTES": 100_000},
         "твърде голяма (над"),
        (Page(PLAN_PAGE, delay=3), {"DEFAULT_TIMEOUT": 0.5}, "не се зареди за 0.5 секунди"),
        (Page(b"\x89PNG\r\n", "image/png"), {}, "сървърът върна „image/png“"),
        (Page(NEWS, status=404), {}, "грешка 404"),
    ],
    ids=["too big (declared)", "too big (streamed)", "timeout", "an image", "not found"],
)
def test_cli_refuses_what_cannot_be_a_plan(monkeypatch, capsys, page, limits, words):
    for name, value in limits.items():
        monkeypatch.setattr(fetch, name, value)
    with serve({"/p": page}) as base:
        status = cli.main([f"{base}/p", "--json"])
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert len(err.splitlines()) == 1 and words in err, err


def test_an_address_nothing_answers_is_unreachable():
    with serve({}) as base:
        closed = base  # the server is stopped when the block ends: nothing listens on its port
    with pytest.raises(IngestError) as refused:
        fetch_plan(f"{closed}/plan", timeout=5)
    assert "не е достъпен" in refused.value.message("bg")


def test_only_web_addresses_and_no_internal_ones_when_asked():
    for address in ("file:///etc/passwd", "ftp://example.org/plan.docx", "http:///nohost"):
        with pytest.raises(IngestError, match="http:// or https://"):
            fetch_plan(address)
    with serve({"/p": Page(PLAN_PAGE, "text/html")}) as base:
        with pytest.raises(IngestError, match="internal network"):
            fetch_plan(f"{base}/p", allow_private=False)
        assert fetch_plan(f"{base}/p").data == PLAN_PAGE


def test_a_redirect_is_followed_only_to_a_web_address():
    with serve({"/old": Page(b"", status=301, headers={"Location": "/new"}), "/new": Page(PLAN_PAGE),
                "/evil": Page(b"", status=302, headers={"Location": "file:///etc/passwd"})}) as base:
        fetched = fetch_plan(f"{base}/old")
        assert fetched.url == f"{base}/new" and fetched.filename == "new.html"
        with pytest.raises(IngestError, match="http:// or https://"):
            fetch_plan(f"{base}/evil")


def test_the_servers_charset_outranks_the_pages_meta():
    """A page the server sends as UTF-8 while its <meta> still says Windows-1251 (an edited old page)."""
    text = "<html><head><meta charset='windows-1251'></head><body><h1>Приоритет Образование</h1></body></html>"
    with serve({"/p": Page(text.encode("utf-8"), "text/html; charset=utf-8")}) as base:
        fetched = fetch_plan(f"{base}/p")
    from planmonitor.ingest.readers.html_encoding import decode_html

    assert "Приоритет Образование" in decode_html(fetched.data)
    assert "Приоритет Образование" not in decode_html(text.encode("utf-8"))  # the <meta> alone misleads


def test_file_names_for_what_the_address_gives():
    with serve({"/plans/": Page(PLAN_PAGE), "/d": Page(b"%PDF-1.4", "application/pdf",
                                                       headers={"Content-Disposition": 'attachment; filename="../plan.pdf"'})}) as base:
        assert fetch_plan(f"{base}/plans/").filename == "127.0.0.1.html"
        assert fetch_plan(f"{base}/d").filename == "plan.pdf"


def test_the_connection_goes_to_the_address_that_was_checked(monkeypatch):
    """DNS rebinding: a name that resolves to a public address for the check and to the server's own
    network a moment later must not reach the internal one. The connection uses the checked address
    (the name stays in the request), so a second answer is never asked for."""
    import socket

    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection
    public = "93.184.215.14"
    answers: list[str] = []
    connected: list[str] = []

    def rebinding_dns(host, *args, **kwargs):
        if host != "plans.example.org":
            return real_getaddrinfo(host, *args, **kwargs)
        answers.append(public if not answers else "127.0.0.1")  # the second answer points inside
        return real_getaddrinfo(answers[-1], *args, **kwargs)

    def connect(address, *args, **kwargs):
        connected.append(address[0])
        host = "127.0.0.1" if address[0] in (public, "plans.example.org") else address[0]
        return real_connect((host, address[1]), *args, **kwargs)  # the "public" server is the local test one

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    monkeypatch.setattr(socket, "create_connection", connect)
    with serve({"/p": Page(PLAN_PAGE, "text/html")}) as base:
        port = base.rsplit(":", 1)[1]
        fetched = fetch_plan(f"http://plans.example.org:{port}/p", allow_private=False, timeout=5)
    assert fetched.data == PLAN_PAGE
    assert connected == [public] and answers == [public]
