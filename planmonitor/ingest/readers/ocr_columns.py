"""Scanned tables ruled only between rows: the column edges from the header's words.

A table with horizontal rules and no vertical ones under a shaded header is
read in a PDF with a text layer from the header's cell rectangles
(``pdf_tables.rows_between_rules``). A scan has no rectangles: the shading is
one grey band. What it does have is the header's words: each header cell's
text starts a few points right of its cell's left border, on every line of
the cell. So, between the rules found in the image:

1. the page is cut into bands at the rules' heights; a band whose pieces of
   text (words apart by less than a wide gap), those one over the other taken
   as one cell, name three or more column roles is a header, and where each
   cell's leftmost piece starts is a column start. The printed lines stacked
   right over a rule are tried first, so a header with no rule over it (under
   a heading, or over the page's first rule) is found too;
2. a column's left edge is its start less the padding the first column keeps
   from the table's left end (the rules' left end); further left where the
   column's own text under a centred header starts left of it, after white
   space; and on the end of a rule that stops there (a rule with a gap over a
   merged cell marks the edge exactly). The rules' ends are the outer edges;
3. the rows under the header, to the next header or a band whose text runs over
   a column edge (a heading set across the page between two tables: the table
   is cut there and the text stays outside), are read by pdfplumber's explicit
   strategy with these edges as vertical lines and the found rules as
   horizontal ones, so a rule with a gap over a column makes a merged cell as
   in a fully ruled table;
4. a page without a header goes on with the columns of the last header met
   (a table continued over a page break), when its rules span the same width;
5. a band that holds several rows (rules only over and under the header and
   under the table) makes no table: its rows are read from the words'
   alignment by ``pdf_unruled``, as a table with no rules is.
"""

from __future__ import annotations

from dataclasses import dataclass

from planmonitor.ingest.readers.pdf_tables import CELL_GAP, RULED, width
from planmonitor.ingest.readers.pdf_text import WIDE_GAP

SAME_Y = 2.0  # points: rules closer than this in height are one rule (a scan's rule is read as two runs)
SNAP = 4.0  # points: an edge this close to a rule's end is put on it
MAX_PAD = 8.0  # points: the most a cell's text is taken to stand right of its left border
MIN_ROLES = 3


@dataclass
class HeaderColumns:
    """The column edges of the last header met, for the pages that go on without one."""

    edges: tuple[float, ...] = ()


def tables_between_rules(page, horizontal: list[dict], words: list[dict], memory: HeaderColumns) -> list:
    """pdfplumber tables of a scanned page ruled only between rows (see the module docstring)."""
    ys = _heights(horizontal)
    if len(ys) < 2:
        return []
    horizontal = list(horizontal)
    groups: list[tuple[float, float, tuple[float, ...]]] = []  # (top, bottom, edges) of each run of rows
    edges, top, rows = memory.edges, None, 0  # rows: the bands read as rows since the group's top
    for upper, lower in zip([0.0, *ys], ys, strict=False):  # from the page's top: a header over the first rule
        band = [w for w in words if upper < (w["top"] + w["bottom"]) / 2 < lower]
        header = _header(band, upper, lower)
        if header is not None:
            head_top, starts = header
            rules = [r for r in horizontal if (head_top if head_top == upper else lower) - SAME_Y <= r["top"]
                     <= lower + SAME_Y]
            found = _edges(starts, rules, [w for w in words if (w["top"] + w["bottom"]) / 2 > head_top])
            if found is not None:
                _close(groups, top, upper, edges)
                if head_top != upper:  # no rule over the header: its top is where its words start
                    horizontal.append({**rules[0], "x0": found[0], "x1": found[-1], "top": head_top,
                                       "bottom": head_top, "width": found[-1] - found[0]})
                edges, top, rows = found, head_top, 0
                memory.edges = edges
                continue
        if upper == 0.0:
            continue  # above the first rule: only a header's lines count
        if not edges:
            continue
        if several_rows(band, edges):
            # Rules only around the header and the table, none between its rows: the rows are read from
            # the words' alignment (``pdf_unruled``), with the header when no row was read under it yet.
            if top is not None and rows:
                _close(groups, top, upper, edges)
            top = None
        elif crosses(band, edges):
            _close(groups, top, upper, edges)
            top = None
        elif top is None:
            top, rows = upper, 1
        else:
            rows += 1
    _close(groups, top, ys[-1], edges)
    out = []
    for group_top, group_bottom, group_edges in groups:
        rules = [r for r in horizontal if group_top - SAME_Y <= r["top"] <= group_bottom + SAME_Y]
        left, right = min(r["x0"] for r in rules), max(r["x1"] for r in rules)
        if abs(left - group_edges[0]) > 2 * SNAP or abs(right - group_edges[-1]) > 2 * SNAP:
            continue  # rules of another width: not the table these columns belong to
        verticals = [{"x0": x, "x1": x, "top": group_top, "bottom": group_bottom, "width": 0.0,
                      "height": group_bottom - group_top, "object_type": "line"} for x in group_edges]
        settings = {**RULED, "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": verticals, "explicit_horizontal_lines": rules}
        out += [t for t in page.find_tables(settings) if width(t) >= 2]
    return out


def _header(band: list[dict], upper: float, lower: float) -> tuple[float, list[float]] | None:
    """(top, column starts) of a header in a band: the whole band between two rules, or the printed
    lines stacked over its lower rule (a header with no rule over it, under a heading or at the
    top of the page's first table)."""
    stacked = _stacked(band, lower)
    starts = header_starts(stacked) if stacked else None
    if starts is not None:
        return (upper if upper > 0.0 and len(stacked) == len(band) else min(w["top"] for w in stacked) - 1.0), starts
    starts = header_starts(band) if upper > 0.0 else None
    return (upper, starts) if starts is not None else None


def _stacked(band: list[dict], lower: float) -> list[dict]:
    """The printed lines of a band right over its lower rule, one under the other at a line's spacing."""
    lines: dict[float, list[dict]] = {}
    for word in band:
        lines.setdefault(round(word["top"]), []).append(word)
    out: list[dict] = []
    edge = lower
    for _, line in sorted(lines.items(), reverse=True):
        height = max(w["bottom"] - w["top"] for w in line)
        if edge - max(w["bottom"] for w in line) > (2.0 if edge == lower else 0.8) * height:
            break
        out += line
        edge = min(w["top"] for w in line)
    return out


def _close(groups: list, top: float | None, bottom: float, edges: tuple[float, ...]) -> None:
    if top is not None and edges and bottom - top > SAME_Y:
        groups.append((top, bottom, edges))


def _heights(horizontal: list[dict]) -> list[float]:
    """The distinct heights of the rules, top to bottom (two runs of one scanned rule are one)."""
    out: list[float] = []
    for y in sorted(r["top"] for r in horizontal):
        if not out or y - out[-1] > SAME_Y:
            out.append(y)
    return out


def pieces(words: list[dict]) -> list[list[dict]]:
    """The words of a band cut into pieces: one printed line's words apart by less than a wide gap."""
    lines: dict[float, list[dict]] = {}
    for word in words:
        lines.setdefault(round(word["top"]), []).append(word)
    out: list[list[dict]] = []
    for _, line in sorted(lines.items()):
        line.sort(key=lambda w: w["x0"])
        out.append([line[0]])
        for word in line[1:]:
            if word["x0"] - out[-1][-1]["x1"] > WIDE_GAP:
                out.append([word])
            else:
                out[-1].append(word)
    return out


def header_starts(words: list[dict]) -> list[float] | None:
    """The column starts of a band of header words, else ``None``: pieces one over the other are one
    column's header ("Период" over "на изпълнение", left aligned or centred), and it starts where its
    leftmost piece does; three or more of these name column roles, and most of them do."""
    from planmonitor.ingest.layout import role_of

    columns: list[list[list[dict]]] = []
    for piece in sorted(pieces(words), key=lambda p: p[0]["x0"]):
        if columns and piece[0]["x0"] < max(p[-1]["x1"] for p in columns[-1]):
            columns[-1].append(piece)  # under a piece of the same cell (left aligned or centred)
        else:
            columns.append([piece])
    if len(columns) < MIN_ROLES:
        return None
    texts = ["\n".join(" ".join(w["text"] for w in p) for p in sorted(col, key=lambda p: p[0]["top"]))
             for col in columns]
    roles = [role_of(text) for text in texts]
    if len({r for r in roles if r}) < MIN_ROLES or sum(1 for r in roles if r) * 2 <= len(columns):
        return None
    return [min(p[0]["x0"] for p in col) for col in columns]


def _edges(starts: list[float], rules: list[dict], words: list[dict]) -> tuple[float, ...] | None:
    """Column edges from the header's column starts, the words from it down and the rules around
    it (see the docstring)."""
    if not rules:
        return None
    left, right = min(r["x0"] for r in rules), max(r["x1"] for r in rules)
    if starts[0] < left - SNAP or starts[-1] > right:
        return None
    pad = min(max(starts[0] - left, 1.0), MAX_PAD)
    ends = sorted({e for r in rules for e in (r["x0"], r["x1"]) if left + SNAP < e < right - SNAP})
    # A heading across the page (a piece over two header starts or more) would join all ink into one.
    blocks = _ink([w for piece in pieces(words) if sum(piece[0]["x0"] < x < piece[-1]["x1"] for x in starts) < 2
                   for w in piece], left, right)
    inner = []
    for before, start in zip(starts, starts[1:], strict=False):
        x = start - pad
        # The column's own text may start left of its header (a centred header): the edge goes left
        # of the ink that runs on into the header's start, when white space parts it from the column before.
        block = next((i for i, (a, b) in enumerate(blocks) if a <= start - 1.0 <= b), None)
        if block and before < blocks[block][0] < start - 1.0 and blocks[block][0] - blocks[block - 1][1] >= CELL_GAP:
            x = max(blocks[block][0] - pad, (blocks[block - 1][1] + blocks[block][0]) / 2)
        near = [e for e in ends if abs(e - x) <= SNAP and e < start]
        inner.append(min(near, key=lambda e: abs(e - x)) if near else x)
    return (left, *inner, right)


def _ink(words: list[dict], left: float, right: float) -> list[tuple[float, float]]:
    """The x spans where the words' ink stands, merged where they touch, left to right."""
    spans: list[list[float]] = []
    for x0, x1 in sorted((w["x0"], w["x1"]) for w in words if left <= w["x0"] and w["x1"] <= right):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    return [(a, b) for a, b in spans]


def several_rows(words: list[dict], edges: tuple[float, ...]) -> bool:
    """Whether a band between two rules holds several rows: in two columns or more, its text stands
    in blocks parted by white space taller than a line (a row's cell is one block from its top)."""
    columns: dict[int, dict[float, float]] = {}
    for word in words:
        middle = (word["x0"] + word["x1"]) / 2
        column = sum(1 for x in edges[1:-1] if x < middle)
        lines = columns.setdefault(column, {})
        lines[word["top"]] = max(lines.get(word["top"], word["bottom"]), word["bottom"])
    broken = 0
    for lines in columns.values():
        spans = sorted(lines.items())
        broken += any(top - bottom > (bottom - head) for (head, bottom), (top, _) in zip(spans, spans[1:],
                                                                                           strict=False))
    return broken >= 2


def crosses(words: list[dict], edges: tuple[float, ...]) -> bool:
    """Whether a line of the band's text runs over an inner column edge: a word over it, or two
    words closer than two cells' paddings (``CELL_GAP``) on either side of it."""
    inner = edges[1:-1]
    for piece in pieces(words):
        for word in piece:
            if any(word["x0"] < x - 2 and word["x1"] > x + 2 for x in inner):
                return True
        for a, b in zip(piece, piece[1:], strict=False):
            if b["x0"] - a["x1"] < CELL_GAP and any((a["x0"] + a["x1"]) / 2 < x < (b["x0"] + b["x1"]) / 2
                                                    for x in inner):
                return True
    return False
