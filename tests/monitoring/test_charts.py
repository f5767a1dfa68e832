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
    assert widths == [170.0, 170.0, 85.0]  # 2 and 2 of the largest total 4, then 1


def test_progress_bars_draw_unknown_as_empty():
    svg = charts.progress_bars([("a", 50), ("b", None), ("c", 150)], title="P")
    fills = [float(w) for w in re.findall(r'width="([\d.]+)" height="18" fill="#0b5394"', svg)]
    assert fills[1] == 0.0
    assert fills[2] == fills[0] * 2  # clamped to 100 %
    assert "–" in svg


def test_long_labels_fit_their_room_and_keep_the_whole_text_in_a_title():
    """Issue 10.7: labels were cut mid-word without a sign and still ran out of the chart on the left."""
    long = "Образование и интеграция на деца от уязвими групи в детските градини"
    for svg, room in (
        (charts.stacked_bars([(long, [1, 2])], [charts.Series("a", "#000"), charts.Series("b", "#777")], title="T"), 250),
        (charts.progress_bars([(long, 40)], title="P"), 260),
    ):
        anchor_x, shown = re.search(r'<text x="(\d+)" y="[\d.]+" text-anchor="end" font-size="12"><title>[^<]*</title>([^<]*)</text>',
                                    svg).groups()
        assert len(shown) * charts.CHAR_PX <= int(anchor_x) <= room
        assert shown.endswith("…")
        assert f"<title>{long}</title>" in svg
