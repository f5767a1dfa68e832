"""Charts read in black and white: a pattern per status, labels and counts as text."""

from __future__ import annotations

import io

from PIL import Image

from planmonitor.reports import charts

STATUSES = (("done", "изпълнена"), ("in_progress", "в изпълнение"), ("partly_done", "частично"))


def test_every_status_has_its_own_pattern_and_no_report_is_empty():
    bars = charts.status_bars({"done": 2, "": 1}, STATUSES, "без отчет")
    assert [b.value for b in bars] == [2, 0, 0, 1]
    patterns = [b.pattern for b in bars]
    assert len(set(patterns)) == len(patterns) and patterns[-1] == "empty"


def test_svg_carries_labels_counts_and_unique_pattern_ids():
    bars = charts.status_bars({"done": 2, "in_progress": 3}, STATUSES, "без отчет")
    svg = charts.bars_svg(bars, "Заглавие <&>", uid="p7")
    assert "изпълнена" in svg and ">3<" in svg and "url(#p7-diagonal)" in svg
    assert "Заглавие &lt;&amp;&gt;" in svg


def test_png_is_greyscale():
    bars = charts.status_bars({"done": 2, "in_progress": 3}, STATUSES, "без отчет")
    image = Image.open(io.BytesIO(charts.bars_png(bars, "x")))
    assert image.mode == "L" and image.width > 500
