"""Charts as inline SVG, drawn on the server: no JavaScript, no CDN, readable in black and white.

Each function takes plain numbers and returns safe SVG markup; every text
is escaped by ``format_html``. Bars carry a ``<title>`` for screen readers
and hover, and a pattern-free palette of distinct lightness so that a
greyscale print still tells the series apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

#: Dark to light, so that the order of a stack survives greyscale.
PALETTE = ("#1d6b2f", "#6aa84f", "#f0b400", "#a4161a", "#777777", "#c9c9c9")


def _n(value: float) -> str:
    """Coordinates with one decimal: format_html escapes its arguments, so numbers are formatted first."""
    return f"{value:.1f}"


#: A generous width of one character at font-size 12 (DejaVu Sans, Cyrillic), to fit labels without clipping.
CHAR_PX = 7.2


def _fit(label: str, room: float) -> str:
    """``label`` cut (with "…") so that it fits ``room`` pixels; the whole label goes into a <title>."""
    most = max(4, int(room / CHAR_PX))
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


@dataclass(frozen=True)
class Series:
    label: str
    colour: str


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[int | float | Decimal]]], series: Sequence[Series], *, title: str,
    width: int = 640, bar_height: int = 22,
) -> SafeString:
    """Horizontal stacked bars, one per row, scaled to the largest row total; a legend below."""
    label_width = 250
    plot = width - label_width - 50
    biggest = max((sum(float(v) for v in values) for _, values in rows), default=0) or 1
    parts = []
    for i, (label, values) in enumerate(rows):
        y = 8 + i * (bar_height + 8)
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="12"><title>{}</title>{}</text>', label_width - 6,
            _n(y + bar_height * 0.7), label, _fit(label, label_width - 10),
        ))
        x = float(label_width)
        for value, s in zip(values, series, strict=False):
            w = plot * float(value) / biggest
            if w > 0:
                parts.append(format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff"><title>{}: {} – {}</title></rect>',
                    _n(x), y, _n(w), bar_height, s.colour, label, s.label, value,
                ))
            x += w
        parts.append(format_html(
            '<text x="{}" y="{}" font-size="12">{}</text>', _n(x + 4), _n(y + bar_height * 0.7),
            sum(int(v) for v in values),
        ))
    legend_y = 8 + len(rows) * (bar_height + 8) + 6
    legend = []
    lx = 10
    for s in series:
        if lx + 16 + 7 * len(str(s.label)) > width:
            lx, legend_y = 10, legend_y + 18
        legend.append(format_html(
            '<rect x="{}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}" font-size="12">{}</text>',
            lx, legend_y, s.colour, lx + 16, legend_y + 10, s.label,
        ))
        lx += 16 + 7 * len(str(s.label)) + 18
    height = legend_y + 22
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" width="100%" aria-label="{}">'
        "<title>{}</title>{}{}</svg>",
        width, height, title, title, mark_safe("".join(parts)), mark_safe("".join(legend)),  # noqa: S308
    )


def progress_bars(
    rows: Sequence[tuple[str, int | None]], *, title: str, width: int = 640, bar_height: int = 18
) -> SafeString:
    """One bar per row showing a percentage 0..100; unknown values are drawn as an empty outline."""
    label_width = 260
    plot = width - label_width - 60
    items = []
    for i, (label, percent) in enumerate(rows):
        y = 6 + i * (bar_height + 6)
        shown = "–" if percent is None else f"{percent}%"
        fill = 0 if percent is None else plot * max(0, min(percent, 100)) / 100
        items.append((label_width - 6, _n(y + bar_height * 0.75), label, _fit(label, label_width - 10), label_width, y,
                      plot, bar_height,
                      label_width, y, _n(fill), bar_height, label_width + plot + 6, _n(y + bar_height * 0.75), shown))
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="12"><title>{}</title>{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#777"/>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#0b5394"/>'
        '<text x="{}" y="{}" font-size="12">{}</text>',
        items,
    )
    height = 12 + len(rows) * (bar_height + 6)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" width="100%" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        width, height, title, title, body,
    )
