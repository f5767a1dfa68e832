"""The Bulgarian light stemmer and matching rule behind plan search."""

from __future__ import annotations

import pytest

from planmonitor.plans.search import matches, normalise, query_terms, search_text, stem, stems


@pytest.mark.parametrize(
    "forms",
    [
        ("училище", "училища", "училищата", "УЧИЛИЩЕТО"),
        ("ромски", "ромските", "РОМСКИ", "ромската", "ромско"),
        ("интеграция", "интеграцията", "интеграции"),
        ("медиатор", "медиатори", "медиаторите", "медиаторът"),
        ("градина", "градини", "градината", "градините"),
        ("образователна", "образователни", "образователната", "образователно"),
    ],
)
def test_word_forms_share_a_stem(forms):
    """Every form of a word stems the same, so an ending never hides a hit."""
    assert len({stem(normalise(word)) for word in forms}) == 1, [stem(normalise(w)) for w in forms]


def test_short_words_stay_whole():
    assert stem("за") == "за" and stem("дете") == "дет" and stem("ден") == "ден"


def test_quotes_dashes_and_case_are_ignored():
    assert normalise("„Заедно за всяко дете“ – родители-роми") == "заедно за всяко дете родители роми"
    assert stems('"ЗАЕДНО"') == stems("заедно")


def test_search_text_and_terms():
    assert search_text(["Ромските деца", "ромски"]) == " ромск дец "
    assert query_terms("РОМСКИ деца ромските") == [" ромск", " дец"]
    assert search_text([None, ""]) == ""


@pytest.mark.parametrize(
    "text, query, found",
    [
        ("Обхват на ромските деца в училищата", "училища", True),
        ("Обхват на ромските деца в училищата", "РОМСКИ", True),
        ("Обхват на ромските деца в училищата", "училище ромски", True),
        ("Обхват на ромските деца в училищата", "училище болница", False),
        ("Национална програма „Заедно за всяко дете“", "заедно", True),
        ("здравни медиатори", "медиатор", True),
        ("здравни медиатори", "", False),
        ("Бюро по труда", "труд", True),
        ("ромски", "ром", True),  # a query stem matches the start of a word
        ("хромски", "ромски", False),  # ...but not the middle of one
    ],
)
def test_matches(text, query, found):
    assert matches(text, query) is found
