"""PDF tables drawn with rules: pdfplumber's tables, as the pieces (``Part``) the page walk stitches.

Step 1 of ``pdf.py``. A "table" that is only a header (shaded header cells
over rows ruled only between them) is no ruled table by itself; see
``header_only``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
         "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}
CELL_GAP = 5.0  # points: the text of two neighbouring cells stands further apart (each keeps its padding)


@dataclass
class Part:
    """A table, or the piece of one, found on one page."""

    page: int
    top: float
    bottom: float
    columns: tuple[float, ...]
    rows: list[list[str]] = field(default_factory=list)
    continued: list[tuple[int, ...]] = field(default_factory=list)  # per row: columns a merged cell above covers
    hidden_merges: bool = False  # found from word positions alone (no rules): merged cells cannot be seen
    open_cells: tuple[int, ...] = ()  # columns whose text runs to the part's bottom (it may go on over the page)


def filled_rows(extracted: list[list[str | None]]) -> int:
    return sum(1 for row in extracted if any((cell or "").strip() for cell in row))


def header_only(extracted: list[list[str | None]]) -> bool:
    """A "table" that is only a header (one or two rows of header words): shaded header cells over
    rows ruled only between them (no vertical rules) give pdfplumber boxes for the header alone.
    It is no ruled table; the rows under it are read from the alignment of their words
    (``pdf_unruled``)."""
    from planmonitor.ingest.codes import leading_code
    from planmonitor.ingest.layout import role_of

    rows = [[c for c in row if c and c.strip()] for row in extracted]
    rows = [row for row in rows if row]
    if not rows or len(rows) > 3 or sum(1 for c in rows[0] if role_of(c)) < 2:
        return False
    return all(not any(leading_code(c) for c in row) and sum(1 for c in row if role_of(c)) * 2 > len(row)
               for row in rows)


def width(table) -> int:
    return max((len(row.cells) for row in table.rows), default=0)


def inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def column_edges(table) -> tuple[float, ...]:
    """The x positions of a pdfplumber table's cell borders, left to right."""
    return tuple(sorted({round(c[0]) for c in table.cells} | {round(c[2]) for c in table.cells}))


def rows_between_rules(page, columns: tuple[float, ...], headers: tuple = ()) -> list:
    """The tables of a page ruled only horizontally, under a shaded header (issue 15, rule 9).

    The header's cells give the column edges (no vertical rule is drawn) and the horizontal
    rules part the rows; where a rule leaves a gap over a column, a merged cell goes on over
    it, as in a fully ruled table. pdfplumber reads the page with the header's edges as explicit
    vertical lines. The bands inside a shaded header found on this page (``headers``,
    pdfplumber's header-only tables) are read as that header's own cells, so a header cell
    spanning two columns ("Финансиране" over "Стойност" and "Източници") stays one cell.
    A band between two rules whose words run over a column edge is a row of one cell the
    table's width (a goal's line in the table), unless a shaded header follows it: then it is
    a heading between two tables, the table is cut there and the text stays outside.
    """
    from pdfplumber.table import Table

    rules = [e for e in page.horizontal_edges if e["x1"] > columns[0] + 3 and e["x0"] < columns[-1] - 3]
    if len(rules) < 2:
        return []
    settings = {**RULED, "vertical_strategy": "explicit", "explicit_vertical_lines": list(columns),
                "horizontal_strategy": "explicit", "explicit_horizontal_lines": rules}
    boxes = [h for h in headers if len(column_edges(h)) == len(columns)
             and all(abs(a - b) <= 3 for a, b in zip(column_edges(h), columns, strict=True))]
    out = []
    for table in page.find_tables(settings):
        run: list = []
        used: set[int] = set()
        rows = list(table.rows)
        for i, row in enumerate(rows):
            header = next((h for h in boxes if _within(row.bbox, h.bbox)), None)
            if header is not None:
                if id(header) not in used:
                    used.add(id(header))
                    run.extend(_snapped(header.cells, columns))
                continue
            if not _crosses_edge(page.chars, row.bbox, columns):
                run.extend(c for c in row.cells if c is not None)
            elif i + 1 < len(rows) and not any(_within(rows[i + 1].bbox, h.bbox) for h in boxes):
                run.append((columns[0], row.bbox[1], columns[-1], row.bbox[3]))
            else:
                out.append(run)
                run = []
        out.append(run)
    return [t for t in (Table(page, cells) for cells in out if cells) if width(t) >= 2]


def _snapped(cells: list, columns: tuple[float, ...]) -> list:
    """A header's cells on the body's column edges and on shared tops: pdfplumber groups a table's cells
    into rows and columns by equal coordinates, and the header's own differ by fractions of a point."""
    def edge(x: float) -> float:
        return min(columns, key=lambda c: abs(c - x))

    tops: list[float] = []
    for top in sorted({c[1] for c in cells}):
        if not tops or top - tops[-1] > 1:
            tops.append(top)

    def level(y: float) -> float:
        return min(tops, key=lambda t: abs(t - y))

    return [(edge(x0), level(top), edge(x1), bottom) for x0, top, x1, bottom in cells]


def _within(box: tuple, outer: tuple) -> bool:
    """Whether the band ``box`` lies inside ``outer`` from top to bottom (a point's tolerance)."""
    return box[1] >= outer[1] - 1 and box[3] <= outer[3] + 1


def _crosses_edge(chars: list[dict], box: tuple, columns: tuple[float, ...]) -> bool:
    """Whether a line of text inside ``box`` runs over one of the column edges: two letters closer
    than two cells' paddings (``CELL_GAP``) on either side of it, as in a heading set across a page."""
    inside_box = sorted((c for c in chars if c["text"].strip() and box[1] <= (c["top"] + c["bottom"]) / 2 < box[3]
                         and box[0] <= c["x0"] and c["x1"] <= box[2]), key=lambda c: (round(c["top"]), c["x0"]))
    for a, b in zip(inside_box, inside_box[1:], strict=False):
        if round(a["top"]) == round(b["top"]) and b["x0"] - a["x1"] < CELL_GAP:
            middle_a, middle_b = (a["x0"] + a["x1"]) / 2, (b["x0"] + b["x1"]) / 2
            if any(middle_a < x < middle_b for x in columns[1:-1]):
                return True
    return False


def to_part(page: int, table, extracted: list[list[str | None]]) -> Part:
    edges = list(column_edges(table))
    rows = [[(cell or "").strip() for cell in row] for row in extracted]
    return Part(page=page, top=table.bbox[1], bottom=table.bbox[3], columns=tuple(edges), rows=rows,
                continued=_covered_from_above(table))


def _covered_from_above(table) -> list[tuple[int, ...]]:
    """Per row, the columns a vertically merged cell of a row above covers (pdfplumber gives ``None``
    there, as it does right of a horizontally merged cell; the cell to the left tells them apart)."""
    boxes = [list(row.cells) for row in table.rows]
    width = max((len(r) for r in boxes), default=0)
    starts = [min((r[c][0] for r in boxes if c < len(r) and r[c] is not None), default=None) for c in range(width)]
    out = []
    for r, row in enumerate(boxes):
        covered = []
        for c, box in enumerate(row):
            if box is not None or r == 0 or starts[c] is None:
                continue
            left = next((row[k] for k in range(c - 1, -1, -1) if row[k] is not None), None)
            if left is None or left[2] <= starts[c] + 1:  # nothing from the left reaches it: the merge is from above
                covered.append(c)
        out.append(tuple(covered))
    return out


