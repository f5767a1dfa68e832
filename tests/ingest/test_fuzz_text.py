"""Whatever bytes or text arrive, the text reader and the whole pipeline raise nothing but IngestError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planmonitor.ingest import IngestError, read_plan
from planmonitor.ingest.readers.text import bytes_to_document

# Text made of the pieces a plan dump is made of, so the fuzzer reaches deep stages.
PIECES = st.sampled_from([
    "\t", "\n", "\n\n", " | ", "|", "<p>", "</p>", "**", "-- ", "1.", "1.1.", "1.1.1.", "2.", "I.", "Цел 1.", "Цел I:",
    "Цел: 2", "Приоритет ", "ПРИОРИТЕТ „", "“", "Оперативна цел: ", "Мярка", "Мерки", "Дейности", "Цели", "Задачи",
    "Срок", "Статус", "Текущ", "Средства", "Източник", "Финансиране", "Индикатори", "№", "2024 – 2027 г.", "лв.",
    "1 150 000", "0,35 млн. евро", "€ 4 000", "-", "–", "Община", "Държавна агенция за закрила на детето", "12", "KTC",
    "План за действие на Община Х ", " ", "а", "\r", "\x0c",
])
PLAN_LIKE = st.lists(PIECES, max_size=80).map("".join)


def _read(data: bytes) -> None:
    try:
        read_plan(data, "fuzz.txt")
    except IngestError:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes(data):
    _read(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PLAN_LIKE)
def test_plan_like_text(text):
    _read(text.encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_any_unicode_text_in_the_text_reader(text):
    try:
        bytes_to_document(text.encode("utf-8", errors="surrogatepass"), "fuzz.txt")
    except IngestError:
        pass
