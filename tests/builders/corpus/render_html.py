"""A laid-out plan (``render.layout`` blocks) as the web page a municipality publishes it on.

The plan's blocks become HTML: headings ``h2``/``h3`` between tables, the
title as ``h1``, each grid a ``<table>`` whose merges are ``rowspan`` and
``colspan`` (header rows in ``<thead>`` as ``<th>``), line breaks in a cell
as ``<br>``. Around it goes the page chrome the reader must leave out, in one
of three site styles the seed picks:

``semantic``  HTML5: ``<header>`` with the site's name and a ``<nav>`` menu,
              the plan in ``<main><article>``, an ``<aside>`` with news and a
              calendar table, a ``<footer>``; UTF-8 (``<meta charset>``, some
              with a byte-order mark).
``divs``      an older theme: ``div#header``, ``ul.menu``, ``div.breadcrumb``,
              ``div.sidebar``, ``div#footer``, a cookie notice; Windows-1251
              declared by ``<meta http-equiv="Content-Type">``.
``frame``     a page laid out by a table: a left cell with the menu, a right
              cell with the plan's own tables nested in it; Windows-1251
              declared by ``<meta charset>``.

Every text goes through ``html.escape``; nothing here parses HTML.
"""

from __future__ import annotations

import html
import random

from tests.builders.layouts import Grid, Heading, Text

SITE_STYLES = ("semantic", "divs", "frame")
MENU = ("Начало", "Общината", "Администрация", "Стратегии и планове", "Обществени поръчки", "Обяви", "Контакти")
NEWS = ("Обществено обсъждане на бюджета", "Започва ремонтът на училището", "График за приемни дни на кмета")


def page_encoding(seed: int) -> str:
    """The encoding the page for ``seed`` is written in."""
    return "utf-8" if SITE_STYLES[seed % 3] == "semantic" else "windows-1251"


def plan_page(blocks: list, municipality: str | None, seed: int, ruling: str = "grid") -> bytes:
    """The blocks as a whole web page in the seed's site style and encoding (see the module docstring)."""
    site = SITE_STYLES[seed % 3]
    name = f"Община {municipality or ''}".strip()
    content = "\n".join(_block(b, i, ruling) for i, b in enumerate(blocks))
    menu = "".join(f'<li><a href="/p{i}">{html.escape(item)}</a></li>' for i, item in enumerate(MENU))
    news = "".join(f"<li><a href=\"/n{i}\">{html.escape(item)}</a></li>" for i, item in enumerate(NEWS))
    rng = random.Random(seed)
    footer = (f"<p>© {2020 + rng.randrange(6)} {html.escape(name)}. Всички права запазени.</p>"
              f"<p>Адрес: ул. „Първа“ № {rng.randrange(1, 40)}, тел. 0{rng.randrange(200, 999)} 2 {rng.randrange(10, 99)} 00</p>")
    if site == "semantic":
        head = '<meta charset="utf-8">'
        body = (f'<header class="site-header"><a class="logo" href="/">{html.escape(name)}</a>'
                f'<nav aria-label="Главно меню"><ul>{menu}</ul></nav></header>\n'
                f'<main><article><header class="entry-header"><p class="date">Публикувано: 12.03.2024</p></header>\n'
                f"{content}\n</article></main>\n"
                f"<aside><h2>Последни новини</h2><ul>{news}</ul>{_calendar()}</aside>\n"
                f"<footer>{footer}</footer>\n<script>var menuOpen = false;</script>")
    elif site == "divs":
        head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        body = (f'<div id="header"><h1 class="site-name">{html.escape(name)}</h1></div>\n'
                f'<div id="topmenu"><ul class="menu">{menu}</ul></div>\n'
                f'<div class="breadcrumb"><a href="/">Начало</a> » Стратегии и планове</div>\n'
                f'<div id="content">{content}</div>\n'
                f'<div class="sidebar"><h3>Последни новини</h3><ul>{news}</ul></div>\n'
                f'<div id="footer">{footer}</div>\n'
                '<div class="cookie-notice" style="display: none">Сайтът използва бисквитки. <button>Приемам</button>'
                "</div>")
    else:
        head = '<meta charset="windows-1251">'
        body = (f'<table width="100%" cellpadding="0"><tr><td colspan="2" class="top">'
                f"<b>{html.escape(name)}</b></td></tr>\n"
                f'<tr><td class="leftcol" valign="top"><ul class="left-menu">{menu}</ul></td>\n'
                f'<td valign="top">{content}</td></tr>\n'
                f'<tr><td colspan="2"><div class="footer">{footer}</div></td></tr></table>')
    title = html.escape(_title(blocks) or name)
    page = (f'<!DOCTYPE html>\n<html lang="bg">\n<head>\n{head}\n<title>{title} | {html.escape(name)}</title>\n'
            f'<style>table.plan td, table.plan th {{ vertical-align: top; }}</style>\n</head>\n<body>\n{body}\n'
            "</body>\n</html>\n")
    data = page.encode(page_encoding(seed), "xmlcharrefreplace")
    return b"\xef\xbb\xbf" + data if site == "semantic" and seed % 2 else data


def _title(blocks: list) -> str | None:
    return next((b.text for b in blocks if isinstance(b, Text)), None)


def _calendar() -> str:
    """The sidebar's month calendar: a small table that is page chrome, not the plan."""
    days = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд")
    head = "".join(f"<th>{d}</th>" for d in days)
    weeks = "".join("<tr>" + "".join(f"<td>{w * 7 + d + 1}</td>" for d in range(7)) + "</tr>" for w in range(4))
    return f'<table class="calendar"><caption>Март 2024</caption><tr>{head}</tr>{weeks}</table>'


def _text(value: str) -> str:
    return "<br>".join(html.escape(line) for line in value.split("\n"))


def _block(block, index: int, ruling: str) -> str:
    if isinstance(block, Heading):
        level = min(block.level + 1, 6)
        return f"<h{level}>{_text(block.text)}</h{level}>"
    if isinstance(block, Text):
        return f"<h1>{_text(block.text)}</h1>" if index == 0 else f"<p>{_text(block.text)}</p>"
    return _table(block, ruling)


def _table(grid: Grid, ruling: str) -> str:
    """The grid as ``<table>``: each merge's first cell carries rowspan/colspan, the cells it covers are left out."""
    origin = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in grid.merges}
    covered = {(r, c) for r0, c0, r1, c1 in grid.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    attributes = {"grid": ' border="1" cellspacing="0"', "horizontal": ' style="border-collapse: collapse"',
                  "none": ""}[ruling]
    head: list[str] = []
    body: list[str] = []
    for r, values in enumerate(grid.rows):
        tag = "th" if r < grid.header_rows else "td"
        cells = []
        for c, text in enumerate(values):
            if (r, c) in covered and (r, c) not in origin:
                continue
            rows, cols = origin.get((r, c), (1, 1))
            span = (f' rowspan="{rows}"' if rows > 1 else "") + (f' colspan="{cols}"' if cols > 1 else "")
            cells.append(f"<{tag}{span}>{_text(text)}</{tag}>")
        (head if r < grid.header_rows else body).append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="plan"{attributes}>\n<thead>{"".join(head)}</thead>\n<tbody>\n'
            + "\n".join(body) + "\n</tbody>\n</table>")
