"""Stage 1 for web pages: HTML bytes -> the common grid (see ``docs/formats/html.md``).

A plan published on a municipality's site is a page: the site's header,
menu, sidebar and footer around an article that holds the plan's headings
and tables. lxml's HTML parser (libxml2) builds the tree; this reader then

1. decodes the bytes as the HTML standard orders it: a byte-order mark first,
   then the charset a ``<meta>`` declares, else UTF-8 if the bytes are valid
   UTF-8, else Windows-1251 (older Bulgarian sites). ``fetch.py`` turns the
   charset an HTTP server names into a byte-order mark, so that one outranks
   the ``<meta>`` as the standard says;
2. drops what is page chrome, not the document: ``script``/``style`` and the
   like, ``nav``, ``aside``, a ``header``/``footer`` of the page itself (not
   one inside an ``article``/``section``/``main``, which belongs to that
   content), anything hidden (``hidden``, ``aria-hidden``, ``display: none``,
   a hiding utility class such as ``d-none`` or ``sr-only``), the list numbers
   Word writes into its HTML (``mso-list:Ignore``), and elements whose ARIA
   role (navigation, banner, contentinfo, complementary, menu, search) or
   class/id words (``menu``, ``navbar``, ``breadcrumb``, ``sidebar``,
   ``footer`` ...) say so, as does LibreOffice's running
   ``<div title="header">``; a class or id alone never drops an element that
   holds a table, since a theme's names are weaker evidence than the content;
3. walks the body in document order: a table becomes a ``Table``; headings
   (``h1``-``h6``, style ``Heading N`` as Word names them), a table's
   ``caption``, paragraphs, list items and loose text between tables become
   ``Paragraph`` blocks. A table used for the page's layout
   (``role="presentation"``, or most of whose text sits in tables nested in
   its cells, as old sites framed their content) is walked into rather than
   read as a grid;
4. expands each table into the grid with the HTML table model:
   ``rowspan``/``colspan`` put a cell's text in its top-left grid position and
   ``""`` in every other one it covers (``rowspan="0"`` reaches the end of its
   row group); the columns a cell from an earlier row covers are named in
   ``Row.continued``, and a row that is one cell across the whole table is
   ``Row.full_width``, as the DOCX reader does. ``<br>`` and block elements
   inside a cell are line breaks; a table nested in a data cell gives one line
   per row. White space is folded as a browser shows it: a line break in the
   page's source is a space, not a new line of the cell.

Regular expressions never parse the markup: lxml does.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Block, Document, Paragraph, Place, Row, Table
from planmonitor.ingest.readers.html_encoding import decode_html

MAX_COLUMNS = 64  # as the other readers: plans are narrow, a hostile colspan is cut here
MAX_ROWSPAN = 10_000
# Elements that are never the document's text.
NEVER_TEXT = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas",
              "select", "button", "input", "textarea", "head", "title", "meta", "link", "menu", "dialog"}
CHROME_ELEMENTS = {"nav", "aside"}
SECTIONING = {"article", "section", "main", "aside", "nav"}  # a header/footer inside one belongs to it
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search", "toolbar",
                "dialog", "alert"}
CHROME_WORDS = {"nav", "navbar", "navigation", "menu", "menubar", "mainmenu", "topmenu", "submenu", "breadcrumb",
                "breadcrumbs", "sidebar", "footer", "masthead", "cookie", "cookies", "skiplink", "social", "share",
                "pagination", "pager", "widget", "banner", "topbar", "toolbar", "header"}
# Whole class names of hiding utilities (matched whole: "overflow-hidden" hides nothing).
HIDING_CLASSES = {"hidden", "d-none", "sr-only", "visually-hidden", "screen-reader-text", "visuallyhidden", "hide"}
BLOCK_ELEMENTS = {"p", "div", "section", "article", "main", "header", "footer", "li", "ul", "ol", "dl", "dt", "dd",
                  "blockquote", "pre", "address", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
                  "table", "form", "fieldset", "center", "hr", "body", "caption", "details", "summary"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
ROW_GROUPS = ("thead", "tbody", "tfoot")


def html_to_document(data: bytes, filename: str) -> Document:
    """Read a web page into the common grid; a page without any table is refused."""
    root = _parse(data, filename)
    body = root.find("body")
    walker = _Walker(filename)
    walker.walk(body if body is not None else root)
    walker.flush()
    if not any(isinstance(b, Table) for b in walker.blocks):
        raise IngestError(
            "В страницата няма нито една таблица; планът за действие трябва да е в таблица "
            "(това не изглежда като план).",
            "The web page has no table; an action plan's measures must be in a table (this does not look like a plan).",
            Place(file=filename),
        )
    return Document(source=filename, format="html", blocks=tuple(walker.blocks))


# --- 1. bytes -> text -----------------------------------------------------------------------------------------


def _parse(data: bytes, filename: str) -> etree._Element:
    """The parsed page. The decoded text is handed to lxml as UTF-8 with the encoding named, so that
    neither a ``<meta>`` nor an XML declaration can make libxml2 decode it a second time."""
    text = decode_html(data)
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(
            "Уеб страницата е празна или повредена и не може да се прочете.",
            f"The web page is empty or damaged and cannot be read ({type(exc).__name__}).",
            Place(file=filename),
        ) from exc
    return root


# --- 2. what is page chrome ---------------------------------------------------------------------------------------


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def is_chrome(element: etree._Element) -> bool:
    """True for an element that is page furniture or hidden, by the rules of the module docstring."""
    tag = _tag(element)
    if tag in NEVER_TEXT or tag in CHROME_ELEMENTS:
        return True
    if element.get("hidden") is not None or (element.get("aria-hidden") or "").lower() == "true":
        return True
    style = "".join((element.get("style") or "").lower().split())
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if "mso-list:ignore" in style:  # the list number Word writes into its HTML; its DOCX holds none in the text
        return True
    if set((element.get("class") or "").lower().split()) & HIDING_CLASSES:
        return True
    if tag in ("header", "footer") and not any(_tag(a) in SECTIONING for a in element.iterancestors()):
        return True
    if set((element.get("role") or "").lower().split()) & CHROME_ROLES:
        return True
    if tag in ("table", "tr", "td", "th", "tbody", "thead", "tfoot", "body", "html"):
        return False
    if tag == "div" and (element.get("title") or "").lower() in ("header", "footer"):
        words = {"header"}  # LibreOffice's export: the running page header and footer, <div title="header">
    else:
        words = _class_words(element) & CHROME_WORDS
    if not words or next(element.iter("table"), None) is not None:
        return False
    # "entry-header" inside an article holds the article's title: only the page's own header is chrome.
    return not (words <= {"header", "footer"} and any(_tag(a) in SECTIONING for a in element.iterancestors()))


def _class_words(element: etree._Element) -> set[str]:
    """The words of an element's class and id: "main-menu nav_top" -> {main, menu, nav, top, main-menu, ...}."""
    words: set[str] = set()
    for name in f"{element.get('class') or ''} {element.get('id') or ''}".lower().split():
        words.add(name)
        words.update(name.replace("_", "-").split("-"))
    return words


# --- 3. the walk ------------------------------------------------------------------------------------------------


class _Walker:
    """Walks the page in document order and collects blocks; loose inline text gathers into one paragraph."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.blocks: list[Block] = []
        self.run: list[str] = []
        self.tables = 0

    def flush(self, style: str | None = None) -> None:
        text = _fold("".join(self.run))
        self.run = []
        if text:
            self.blocks.append(Paragraph(text=text, place=Place(file=self.filename), style=style))

    def walk(self, element: etree._Element) -> None:
        """Blocks of ``element``'s children (its own text and tails are inline runs)."""
        self.run.append(_source(element.text))
        for child in element:
            tag = _tag(child)
            if not tag or is_chrome(child):
                pass
            elif tag == "table":
                self.flush()
                if is_layout_table(child):
                    for cell in _table_cells(child):
                        self.walk(cell)
                        self.flush()
                else:
                    caption = next((c for c in child if _tag(c) == "caption"), None)
                    if caption is not None:  # "Таблица 2. Приоритет „Образование“": a heading of its table
                        self.run.append(cell_text(caption).replace("\n", " "))
                        self.flush(style="Caption")
                    self.tables += 1
                    table = html_table(child, Place(file=self.filename, table=self.tables))
                    if table.rows:
                        self.blocks.append(table)
            elif tag in HEADINGS and next(child.iter("table"), None) is None:
                self.flush()
                self.run.append(cell_text(child).replace("\n", " "))
                self.flush(style=f"Heading {HEADINGS[tag]}")
            elif tag == "br":
                self.run.append("\n")
            elif tag in BLOCK_ELEMENTS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)
            self.run.append(_source(child.tail))


def _source(text: str | None) -> str:
    """Text as it stands in the markup: a line break there is only white space (the page's source
    wraps long lines); the reader's own ``"\n"`` comes from ``<br>`` and block boundaries."""
    return " ".join((text or "").split("\n")) if text and "\n" in text else (text or "")


def _fold(text: str) -> str:
    """White space folded as a browser shows it, keeping the line breaks ``<br>`` made."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (not those of tables nested in its cells): head, bodies, then foot,
    the order the HTML table model renders them in."""
    head: list[etree._Element] = []
    body: list[etree._Element] = []
    foot: list[etree._Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            body.append(child)
        elif tag in ROW_GROUPS:
            rows = [tr for tr in child if _tag(tr) == "tr"]
            (head if tag == "thead" else foot if tag == "tfoot" else body).extend(rows)
    return head + body + foot


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _table_cells(table: etree._Element) -> Iterator[etree._Element]:
    for tr in _rows(table):
        yield from _cells(tr)


def is_layout_table(table: etree._Element) -> bool:
    """A table that frames the page rather than holding data: ``role="presentation"``, or one with
    tables in its cells that hold most of its text."""
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    nested = [t for cell in _table_cells(table) for t in cell.iter("table")]
    if not nested:
        return False
    outermost = [t for t in nested if not any(a in nested for a in t.iterancestors("table"))]
    inner = sum(len(_fold(t.text_content())) for t in outermost)
    return inner * 2 > len(_fold(table.text_content()))


# --- 4. a table as the grid -----------------------------------------------------------------------------------------


def _span(value: str | None, minimum: int, maximum: int) -> int:
    """A rowspan/colspan attribute as the HTML standard parses it, kept within bounds."""
    digits = ""
    for ch in (value or "").strip():
        if not ch.isdigit() or not ch.isascii():
            break
        digits += ch
    if not digits:
        return 1
    return max(minimum, min(int(digits), maximum))


def html_table(table: etree._Element, place: Place) -> Table:
    """One ``<table>`` as rows of equal width, spans expanded (see the module docstring, step 4)."""
    trs = _rows(table)
    grid: dict[tuple[int, int], str] = {}
    covered: dict[int, set[int]] = {}  # row -> columns a cell from an earlier row covers
    widest: list[int] = [0] * len(trs)
    width = 0
    for r, tr in enumerate(trs):
        c = 0
        for td in _cells(tr):
            while (r, c) in grid:
                c += 1
            if c >= MAX_COLUMNS:
                break
            colspan = _span(td.get("colspan"), 1, MAX_COLUMNS - c)
            rowspan = _span(td.get("rowspan"), 0, MAX_ROWSPAN)
            rowspan = len(trs) - r if rowspan == 0 else min(rowspan, len(trs) - r)
            text = cell_text(td)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dr == dc == 0 else ""
                if dr:
                    covered.setdefault(r + dr, set()).update(range(c, c + colspan))
            widest[r] = max(widest[r], colspan)
            c += colspan
            width = max(width, c)
    rows: list[Row] = []
    for r in range(len(trs)):
        cells = tuple(grid.get((r, c), "") for c in range(width))
        if any(cell.strip() for cell in cells):
            rows.append(Row(cells=cells, place=Place(file=place.file, table=place.table, row=r + 1),
                            continued=tuple(sorted(covered.get(r, ()))), full_width=width > 2 and widest[r] == width))
    return Table(rows=tuple(rows), place=place)


def cell_text(cell: etree._Element) -> str:
    """A cell's visible text: ``<br>`` and block elements are line breaks, a nested table one line per row."""
    parts: list[str] = []
    _cell_parts(cell, parts)
    return _fold("".join(parts))


def _cell_parts(element: etree._Element, parts: list[str]) -> None:
    parts.append(_source(element.text))
    for child in element:
        tag = _tag(child)
        if tag and not is_chrome(child):
            if tag == "br":
                parts.append("\n")
            elif tag == "table":
                parts.append("\n")
                for tr in _rows(child):
                    parts.append(" ".join(cell_text(td).replace("\n", " ") for td in _cells(tr)) + "\n")
            elif tag in BLOCK_ELEMENTS:
                parts.append("\n")
                _cell_parts(child, parts)
                parts.append("\n")
            else:
                _cell_parts(child, parts)
        parts.append(_source(child.tail))
