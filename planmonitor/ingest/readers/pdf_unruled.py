"""Tables without rules in a PDF, found from the alignment of the text alone.

Used only when a file has no ruled table at all. With no lines to follow,
pdfplumber's "text" strategy makes every printed line a row, which splits
every wrapped cell. Instead:

1. cut each printed line into segments at wide gaps between words;
2. a line of header words naming three column roles opens a table (the
   same header printed again goes on with it); a column starts where
   segments start at the same x on many lines of that table;
3. the table starts at the first line with segments in three or more
   columns (the header), or at the rest of a row a page break cut, and runs
   to the next table's header or the end of the page;
4. a new row starts at a line whose text crosses a column edge (a
   full-width row such as a priority); at a line where two or more columns
   start afresh, after white space wider than the spacing of wrapped lines in
   those columns (a column still running from the row above, such as a tall
   merged goal cell, keeps its text in that row's cell); or, after such a
   gap, at a line in another weight or size (a bold heading row after plain
   rows) or just under the header. Any other line continues the cells of the
   row above, one ``\\n`` per printed line.

A plain row whose only text is in the first column, after a row whose first
cell was its longest, therefore reads as a further paragraph of that cell
(which is what several activities in one cell look like); the format note
says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from planmonitor.ingest.readers.pdf_cells import TextLine, join_cells, line_of
from planmonitor.ingest.readers.pdf_merges import cut_by_page
from planmonitor.ingest.readers.pdf_tables import Part
from planmonitor.ingest.readers.pdf_text import WIDE_GAP as SEGMENT_GAP
from planmonitor.ingest.readers.pdf_text import Line
from planmonitor.ingest.vocabulary import HEADING_OPENER

ALIGN = 2.5  # points within which segment starts count as one column start


def page_words(page) -> list[dict]:
    """The words of a page with the attributes the unruled reading needs."""
    return page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["fontname", "size"],
                              return_chars=True)


def unruled_tables(pages: list[tuple[list[dict], int, list[Line]]], spelling: Callable[[str], str] | None = None,
                   gap_per_size: float = 0.0) -> list[tuple[list[Part], list[Line]]]:
    """For each (page words, page number, outside lines): its unruled tables and the lines outside them.

    Each table's column starts come from its own header and body: a header line
    that names three or more column roles opens a table, and the same header
    printed again (same column starts) goes on with the same one, on this page
    or a later one. Within one table the starts are taken over all its pages,
    so a column that is empty on most pages (a status nobody filled in) still
    counts, and every page's piece has the same columns and can be stitched.

    Recognised words (``ocr_unruled``) bring ``spelling``, which puts misread header words right
    before their roles are looked up (in header lines and header rows), and ``gap_per_size``:
    a gap between words wider than this times the line's size also parts two cells.
    """
    recognised = spelling is not None  # a scan's words: their letter case is no evidence (МТСП read as мтсп)
    spelling = spelling or _as_printed
    banded = []
    for words, _, lines in pages:
        furniture = [line for line in lines if line.furniture]
        banded.append(_bands([w for w in words if not any(_on_line(w, line) for line in furniture)], gap_per_size))
    families = _families(banded, spelling)
    members: dict[int, list] = {}
    for bands, ids in zip(banded, families, strict=True):
        for band, family in zip(bands, ids, strict=True):
            members.setdefault(family, []).append(band)
    starts = {family: _column_starts(bands) for family, bands in members.items()}
    out: list[tuple[list[Part], list[Line]]] = []
    for bands, ids, (_, number, lines) in zip(banded, families, pages, strict=True):
        going_on = bool(out and out[-1][0])  # the page before ended in a table
        parts: list[Part] = []
        outside = lines
        for k, (family, run) in enumerate(_runs(bands, ids)):
            if len(starts[family]) < 3:
                continue
            found, left = _page_table(run, starts[family], number, lines, going_on and k == 0)
            found = [_spelled_header(part, spelling) for part in found]
            if found and not parts:
                outside = left
            parts += found
        out.append((parts, outside))
    if recognised:
        return [([replace(part, open_cells=()) for part in parts], lines) for parts, lines in out]
    return cut_by_page(out, [w["size"] for words, _, _ in pages for w in words[:200]])


def _as_printed(text: str) -> str:
    return text


def _spelled_header(part: Part, spelling: Callable[[str], str]) -> Part:
    """The part with its header rows (three or more cells naming a column once spelled) spelled."""
    from planmonitor.ingest.layout import role_of

    if spelling is _as_printed:
        return part
    rows = []
    for row in part.rows:
        spelled = [spelling(cell) if cell else cell for cell in row]
        rows.append(spelled if sum(1 for cell in spelled if cell and role_of(cell)) >= 3 else row)
    return replace(part, rows=rows)


def _families(banded: list[list[list[list[dict]]]], spelling: Callable[[str], str]) -> list[list[int]]:
    """Per page, per printed line, the table it belongs to: a new table at each header line whose
    column starts differ from the current table's header (0: the lines before any header). The
    header's further lines ("Отговорна" over "институция") stay with the line that opened it."""
    headers: list[tuple[float, ...]] = []
    current = 0
    out = []
    in_header = False
    for bands in banded:
        ids = []
        for band in bands:
            signature = _header_signature(band, spelling)
            opens = signature is not None and not in_header
            in_header = signature is not None
            if opens and (not current or not _same_starts(signature, headers[current - 1])):
                known = next((i for i, h in enumerate(headers, start=1) if _same_starts(signature, h)), None)
                if known is None:
                    headers.append(signature)
                    known = len(headers)
                current = known
            ids.append(current)
        out.append(ids)
    return out


def _header_signature(band: list[list[dict]], spelling: Callable[[str], str]) -> tuple[float, ...] | None:
    """The segment starts of a line of header words (three or more segments naming three or more
    different column roles, most of them naming one), else ``None``."""
    from planmonitor.ingest.layout import role_of

    if len(band) < 3:
        return None
    roles = [role_of(spelling(" ".join(w["text"] for w in seg))) for seg in band]
    if len({r for r in roles if r}) < 3 or sum(1 for r in roles if r) * 2 < len(band):
        return None
    return tuple(seg[0]["x0"] for seg in band)


def _same_starts(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 2 * ALIGN for x, y in zip(a, b, strict=True))


def _runs(bands: list, ids: list[int]) -> list[tuple[int, list]]:
    """Consecutive printed lines of one table, as (table, lines)."""
    runs: list[tuple[int, list]] = []
    for band, family in zip(bands, ids, strict=True):
        if runs and runs[-1][0] == family:
            runs[-1][1].append(band)
        else:
            runs.append((family, [band]))
    return runs


def _page_table(bands, starts, number: int, lines: list[Line], going_on: bool = False) -> tuple[list[Part], list[Line]]:
    first = next((i for i, b in enumerate(bands) if len(_columns_used(b, starts)) >= 3), None)
    if going_on and bands and _rest_of_row(bands[0], starts):
        first = 0  # the rest of the last row of the page before, in fewer than three columns
    if first is None:
        return [], lines
    top = min(w["top"] for seg in bands[first] for w in seg)
    gaps = sorted(min(w["top"] for s in b for w in s) - max(w["bottom"] for s in a for w in s)
                  for a, b in zip(bands[first:], bands[first + 1:], strict=False))
    typical = max(gaps[len(gaps) // 2], 0.5) if gaps else 2.0
    # The spacing of a cell's own wrapped lines: a cell still running from the row above (a tall
    # merged goal) prints its next line at this spacing; a row ruled off below it starts further down.
    line_gap = gaps[len(gaps) // 4] + max(0.2 * typical, 0.4) if gaps else typical
    rows: list[list[list[TextLine]]] = []
    covered: list[set[int]] = []  # per row: the columns a merged cell of a row above reaches into
    owner: list[int | None] = [None] * len(starts)  # per column: the row whose cell its running text is
    previous_bottom, previous_kind = None, (False, 0)
    column_bottom: list[float | None] = [None] * len(starts)
    for band in bands[first:]:
        words = [w for seg in band for w in seg]
        cells = _assign(band, starts)
        used = [i for i, text in enumerate(cells) if text]
        band_top, band_bottom = min(w["top"] for w in words), max(w["bottom"] for w in words)
        text = " ".join(w["text"] for w in words)
        # A line alone in the first column that opens a heading ("Приоритет 2: ...", "Цел 1.") is a
        # full-width row of its own, like a heading that crosses the columns.
        heading = used == [0] and bool(HEADING_OPENER.match(text)) and len(rows) > 0
        spanning = heading or any(_crosses(segment, starts) for segment in band)
        gap = band_top - previous_bottom if previous_bottom is not None else band_bottom - band_top
        previous_bottom = band_bottom
        kind = (sum("bold" in w["fontname"].lower() for w in words) * 2 > len(words),
                round(max(w["size"] for w in words)))
        after_bold = previous_kind[0] and not kind[0]  # plain lines under a bold (header) line
        new_kind, previous_kind = kind != previous_kind, kind
        close = gap <= 2 * typical
        # Columns whose text starts afresh here, after white space in that column: a tall
        # merged cell beside them (a goal) keeps printing lines, so the gap above the whole
        # line can be small while a new row begins.
        fresh = [i for i in used if column_bottom[i] is None or band_top - column_bottom[i] > 2 * typical]
        previous_column = [b if b is not None else float("-inf") for b in column_bottom]
        for i in used:
            column_bottom[i] = band_bottom
        if (rows and _was_spanning(rows[-1]) and close and not new_kind and (spanning or used == [0])
                and not HEADING_OPENER.match(text)):
            joined = rows[-1][0][-1]
            rows[-1][0][-1] = TextLine(joined.x0, joined.x1, joined.text + " " + text, joined.first_width)
            continue
        if spanning:
            rows.append([[_span_line(text)]] + [[] for _ in starts[1:]] + [[_SPAN]])
            covered.append(set())
            column_bottom = [band_bottom] * len(starts)
            owner = [None] * len(starts)
            continue
        elif (not rows or _was_spanning(rows[-1]) or len(fresh) >= 2
              or (not close and (new_kind or len(rows) == 1)) or (len(rows) == 1 and new_kind) or (after_bold and _is_header(rows[-1]))):
            rows.append([[] for _ in starts])
            covered.append(set())
        for i in used:
            # A column still running from a row above, at its own line spacing, is a merged cell that
            # reaches into this row: its lines stay in that cell, and this row is marked as covered by it.
            above = owner[i]
            if (above is not None and above < len(rows) - 1 and i not in fresh
                    and band_top - previous_column[i] <= line_gap):
                rows[above][i].append(cells[i])
                for k in range(above + 1, len(rows)):
                    covered[k].add(i)
            else:
                rows[-1][i].append(cells[i])
                owner[i] = len(rows) - 1 if len(rows) > 1 else None  # the header row is no merged cell
    edges = [max((line.x1 for row in rows if not _was_spanning(row) for line in row[i]), default=0.0)
             for i in range(len(starts))]
    cells = [(cell, edges[i]) for row in rows for i, cell in enumerate(row[: len(starts)])]
    texts = iter(join_cells(cells))
    grid = [[next(texts) for _ in row[: len(starts)]] for row in rows]
    bottom = max(w["bottom"] for b in bands[first:] for seg in b for w in seg)
    columns = tuple(round(s) for s in starts)
    outside = [line for line in lines if line.bottom <= top + 0.5 or line.furniture]
    reaching = () if not rows or _was_spanning(rows[-1]) else tuple(
        i for i, b in enumerate(column_bottom) if b is not None and b >= bottom - 1.0)
    # The column with the most text (the measures'): when it runs to the foot too, the break may
    # have cut the whole row, and the next page's top may be that row's rest or the next row's own.
    main = max(range(len(starts)), key=lambda i: sum(len(line.text) for row in rows[1:] if not _was_spanning(row)
                                                     for line in row[i]))
    reaching = () if main in reaching else reaching
    return [Part(page=number, top=top, bottom=bottom, columns=columns, rows=grid, hidden_merges=True,
                 continued=[tuple(sorted(c)) for c in covered], open_cells=reaching)], outside


def _rest_of_row(band: list[list[dict]], starts: list[float]) -> bool:
    """A page's first printed line that is the rest of a table row the page break cut: every piece
    starts at a column start and stays in its column, and not only in the first column (a line
    there alone may be a heading over what follows)."""
    columns = _columns_used(band, starts)
    return columns != {0} and all(abs(seg[0]["x0"] - starts[_column_of(seg[0]["x0"], starts)]) <= ALIGN
                                  and not _crosses(seg, starts) for seg in band)


def _is_header(row: list[list[TextLine]]) -> bool:
    """A row of header words (the table's header, repeated over a later table on the page)."""
    from planmonitor.ingest.layout import role_of

    cells = [" ".join(line.text for line in cell) for cell in row if cell]
    return sum(1 for cell in cells if role_of(cell)) >= 2


def _on_line(word: dict, line: Line) -> bool:
    middle = (word["top"] + word["bottom"]) / 2
    return line.top <= middle <= line.bottom and line.x0 - 1 <= word["x0"] <= line.x1 + 1


_SPAN = TextLine(0.0, 0.0, "<span>", 0.0)  # the marker cell after a full-width row's text


def _span_line(text: str) -> TextLine:
    """A full-width row's text: it crosses the columns, so no word of it ends at a column's edge."""
    return TextLine(0.0, float("inf"), text, 0.0)


def _was_spanning(row: list[list[TextLine]]) -> bool:
    return len(row) > 0 and row[-1] == [_SPAN]


def _bands(words: list[dict], gap_per_size: float = 0.0) -> list[list[list[dict]]]:
    """Printed lines (words of about the same top), each cut into segments at wide gaps (wider than
    ``SEGMENT_GAP`` and than ``gap_per_size`` times the line's size)."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    bands = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        segments = [[line[0]]]
        gap = max(SEGMENT_GAP, gap_per_size * max(w["size"] for w in line))
        for word in line[1:]:
            if word["x0"] - segments[-1][-1]["x1"] > gap:
                segments.append([word])
            else:
                segments[-1].append(word)
        bands.append(segments)
    return bands


def _column_starts(bands: list[list[list[dict]]]) -> list[float]:
    """x positions where segments start on many printed lines."""
    counts = Counter(round(seg[0]["x0"] / ALIGN) for band in bands for seg in band)
    needed = max(3, len(bands) // 200)  # a column empty but for its header still has it once a page
    starts = sorted(key * ALIGN for key, n in counts.items() if n >= needed)
    merged: list[float] = []
    for x in starts:
        if merged and x - merged[-1] <= 2 * ALIGN:
            continue
        merged.append(x)
    return merged


def _column_of(x: float, starts: list[float]) -> int:
    index = 0
    for i, start in enumerate(starts):
        if x >= start - ALIGN:
            index = i
    return index


def _columns_used(band: list[list[dict]], starts: list[float]) -> set[int]:
    return {_column_of(seg[0]["x0"], starts) for seg in band}


def _crosses(segment: list[dict], starts: list[float]) -> bool:
    column = _column_of(segment[0]["x0"], starts)
    return column + 1 < len(starts) and segment[-1]["x1"] > starts[column + 1] + ALIGN


def _assign(band: list[list[dict]], starts: list[float]) -> list[TextLine | None]:
    """A printed line's words per column, as one line of each column's cell (``None``: no text there)."""
    words: list[list[dict]] = [[] for _ in starts]
    for seg in band:
        words[_column_of(seg[0]["x0"], starts)].extend(seg)
    return [line_of(w) if w else None for w in words]
