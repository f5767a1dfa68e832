"""One chart per priority: measures by status, readable in black and white.

Each status gets a fill pattern (hatching, dots, cross-hatching), never a
colour alone, and every bar carries its label and count in text, so the
chart survives a grey photocopy. The same drawing is written twice: as SVG
for the PDF (sharp at any zoom) and as PNG with Pillow for the DOCX (Word's
SVG support varies).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# Pattern names in display order; a status takes the pattern at its position.
PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "empty", "vertical")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    pattern: str


def status_bars(counts: dict[str, int], statuses: tuple[tuple[str, str], ...], none_label: str) -> list[Bar]:
    """Bars for every status in order (zeros included, so charts compare), then "no report"."""
    bars = [Bar(label, counts.get(key, 0), PATTERNS[i % (len(PATTERNS) - 1)]) for i, (key, label) in enumerate(statuses)]
    bars.append(Bar(none_label, counts.get("", 0), "empty"))
    return bars


_LABEL_W, _BAR_W, _ROW_H, _PAD = 230, 300, 26, 8


def _size(bars: list[Bar]) -> tuple[int, int]:
    return _LABEL_W + _BAR_W + 60, _PAD * 2 + _ROW_H * len(bars)


def bars_svg(bars: list[Bar], title: str, uid: str = "c") -> str:
    """The chart as an inline SVG element; ``uid`` keeps pattern ids unique when several share a page."""
    width, height = _size(bars)
    top = max((b.value for b in bars), default=0) or 1
    defs = (
        f'<pattern id="{uid}-diagonal" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<path d="M0,6 L6,0" stroke="#000" stroke-width="1.2"/></pattern>'
        f'<pattern id="{uid}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<circle cx="2.5" cy="2.5" r="1.1" fill="#000"/></pattern>'
        f'<pattern id="{uid}-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<path d="M0,6 L6,0 M0,0 L6,6" stroke="#000" stroke-width="0.9"/></pattern>'
        f'<pattern id="{uid}-horizontal" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<path d="M0,2.5 L5,2.5" stroke="#000" stroke-width="1.2"/></pattern>'
        f'<pattern id="{uid}-vertical" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<path d="M2.5,0 L2.5,5" stroke="#000" stroke-width="1.2"/></pattern>'
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" font-family="DejaVu Sans" font-size="11">',
        f"<title>{escape(title)}</title><defs>{defs}</defs>",
    ]
    for i, bar in enumerate(bars):
        y = _PAD + i * _ROW_H
        length = round(_BAR_W * bar.value / top)
        fill = {"solid": "#000", "empty": "#fff"}.get(bar.pattern, f"url(#{uid}-{bar.pattern})")
        parts.append(f'<text x="{_LABEL_W - 6}" y="{y + 16}" text-anchor="end">{escape(bar.label)}</text>')
        if length:
            parts.append(
                f'<rect x="{_LABEL_W}" y="{y + 4}" width="{length}" height="{_ROW_H - 8}" '
                f'fill="{fill}" stroke="#000" stroke-width="1"/>'
            )
        parts.append(f'<text x="{_LABEL_W + length + 6}" y="{y + 16}">{bar.value}</text>')
    parts.append(f'<line x1="{_LABEL_W}" y1="{_PAD}" x2="{_LABEL_W}" y2="{height - _PAD}" stroke="#000"/>')
    parts.append("</svg>")
    return "".join(parts)


def _hatch(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], pattern: str, scale: int) -> None:
    x0, y0, x1, y1 = box
    step = 6 * scale
    if pattern == "solid":
        draw.rectangle(box, fill="black")
        return
    if pattern in ("diagonal", "cross"):
        for k in range(x0 - (y1 - y0), x1, step):
            draw.line(_clip_line((k, y1, k + (y1 - y0), y0), box), fill="black", width=scale)
    if pattern == "cross":
        for k in range(x0 - (y1 - y0), x1, step):
            draw.line(_clip_line((k, y0, k + (y1 - y0), y1), box), fill="black", width=scale)
    if pattern == "horizontal":
        for y in range(y0 + step // 2, y1, step):
            draw.line((x0, y, x1, y), fill="black", width=scale)
    if pattern == "vertical":
        for x in range(x0 + step // 2, x1, step):
            draw.line((x, y0, x, y1), fill="black", width=scale)
    if pattern == "dots":
        for x in range(x0 + step // 2, x1, step):
            for y in range(y0 + step // 2, y1, step):
                draw.ellipse((x - scale, y - scale, x + scale, y + scale), fill="black")


def _clip_line(line: tuple[int, int, int, int], box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Clip a 45-degree line to the box (enough for hatching)."""
    xa, ya, xb, yb = line
    x0, y0, x1, y1 = box
    slope = (yb - ya) / (xb - xa)
    points = []
    for x in (x0, x1):
        y = ya + slope * (x - xa)
        if y0 <= y <= y1:
            points.append((x, y))
    for y in (y0, y1):
        x = xa + (y - ya) / slope
        if x0 <= x <= x1:
            points.append((x, y))
    if len(points) < 2:
        return (x0, y0, x0, y0)
    points.sort()
    (ax, ay), (bx, by) = points[0], points[-1]
    return (round(ax), round(ay), round(bx), round(by))


def bars_png(bars: list[Bar], title: str, scale: int = 2) -> bytes:
    """The same chart as a PNG (drawn at ``scale`` for print sharpness)."""
    width, height = _size(bars)
    image = Image.new("L", (width * scale, height * scale), 255)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), 11 * scale)
    except OSError:  # the report still reads without the font; labels fall back to Pillow's own
        font = ImageFont.load_default(11 * scale)
    top = max((b.value for b in bars), default=0) or 1
    for i, bar in enumerate(bars):
        y = (_PAD + i * _ROW_H) * scale
        length = round(_BAR_W * bar.value / top) * scale
        draw.text(((_LABEL_W - 6) * scale, y + 16 * scale), bar.label, fill=0, font=font, anchor="rs")
        if length:
            box = (_LABEL_W * scale, y + 4 * scale, _LABEL_W * scale + length, y + (_ROW_H - 4) * scale)
            _hatch(draw, box, bar.pattern, scale)
            draw.rectangle(box, outline=0, width=scale)
        draw.text(((_LABEL_W + 6) * scale + length, y + 16 * scale), str(bar.value), fill=0, font=font, anchor="ls")
    draw.line((_LABEL_W * scale, _PAD * scale, _LABEL_W * scale, (height - _PAD) * scale), fill=0, width=scale)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)  # speed over size: the DOCX zips it again
    return out.getvalue()
