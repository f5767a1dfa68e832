"""Server-drawn SVG charts: escaped text, bars in proportion, unknown values shown as empty."""

from __future__ import annotations

import re

from planmonitor.monitoring import charts


def test_stacked_bars_escape_labels_and_scale_to_the_largest_row():
    svg = charts.stacked_bars(
        [("<script>x</script>", [2, 2]), ("B", [1, 0])],
        [charts.Series("done", "#000"), charts.Series("open", "#777")], title="T & U",
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "T &amp; U" in svg
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="22"', svg)]
    assert widths == [200.0, 200.0, 100.0]  # 2 and 2 of the largest total 4, then 1


def test_progress_bars_draw_unknown_as_empty():
    svg = charts.progress_bars([("a", 50), ("b", None), ("c", 150)], title="P")
    fills = [float(w) for w in re.findall(r'width="([\d.]+)" height="18" fill="#0b5394"', svg)]
    assert fills[1] == 0.0
    assert fills[2] == fills[0] * 2  # clamped to 100 %
    assert "–" in svg
