"""The team's generated corpus: random plans with known truth, in many layouts and formats.

``generate.random_plan`` draws a plan-json (the truth); ``render`` lays it out
as blocks in one of ``render.LAYOUTS`` with a ``render.Style`` (header
wording, column order, ruling, shading, merged cells, repeated headers) and
says what a faithful reader can recover from that layout
(``render.expected``); ``write`` turns blocks into DOCX, XLSX, and through
LibreOffice PDF, ODT and DOC; ``cases`` names the fixed documents the test suite
and ``bench/bench_corpus.py`` score.
"""
