"""The one set of number rules (planmonitor.ingest.numbers), as one table: what each reader reads from a text.

Columns: the text; the token reading (``parse_number``: one number and nothing else,
None when the text is not one); the typed reading (``parse_typed``: forms and
spreadsheets; "error" when it raises); the first number in a text (``read_number``:
number and unit, None); money (``first_money``: amount and currency, None).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from planmonitor.ingest.numbers import first_money, mentions_money, parse_number, parse_typed, read_number

D = Decimal
ERROR = "error"

RULES = [
    # text,                  token,            typed,            first number in text,    money
    ("12 000",               D("12000"),       D("12000"),       (D("12000"), ""),        None),
    ("12 000,50",            D("12000.50"),    D("12000.50"),    (D("12000.50"), ""),     None),
    ("12.000,50",            D("12000.50"),    D("12000.50"),    (D("12000.50"), ""),     None),
    ("1.150.000",            D("1150000"),     D("1150000"),     (D("1150000"), ""),      None),
    ("1.500",                D("1500"),        D("1500"),        (D("1500"), ""),         None),  # a dot group
    ("1,5",                  D("1.5"),         D("1.5"),         (D("1.5"), ""),          None),
    ("1.5",                  D("1.5"),         D("1.5"),         (D("1.5"), ""),          None),
    ("3931606.10",           D("3931606.10"),  D("3931606.10"),  (D("3931606.10"), ""),   None),
    ("1 234.5",              D("1234.5"),      D("1234.5"),      (D("1234.5"), ""),       None),
    ("99999999999999.99",    D("99999999999999.99"), D("99999999999999.99"), (D("99999999999999.99"), ""), None),
    ("12\u00a0000,50",       D("12000.50"),    D("12000.50"),    (D("12000.50"), ""),     None),  # no-break space
    ("12\u202f000",          D("12000"),       D("12000"),       (D("12000"), ""),        None),  # narrow no-break
    ("-5",                   None,             D("-5"),          (D("5"), ""),            None),
    ("",                     None,             None,             None,                    None),
    ("12 деца",              None,             ERROR,            (D("12"), "деца"),       None),
    ("1,2,3",                None,             ERROR,            (D("1.2"), ""),          None),
    ("2284 деца и ученици",  None,             ERROR,            (D("2284"), "деца"),     None),
    ("10 %",                 None,             ERROR,            (D("10"), "%"),          None),
    ("15 процента",          None,             ERROR,            (D("15"), "%"),          None),
    ("10-15 души",           None,             ERROR,            (D("10"), ""),           None),  # a range: first
    ("до 2027 г. – 40 семейства", None,        ERROR,            (D("40"), "семейства"),  None),  # years skipped
    ("2027 г.",              None,             ERROR,            None,                    None),
    ("3 931 606,10 лв.",     None,             ERROR,            (D("3931606.10"), "лв"), (D("3931606.10"), "BGN")),
    ("3 931 606.10 лв.",     None,             ERROR,            (D("3931606.10"), "лв"), (D("3931606.10"), "BGN")),
    ("12.000,50 лв.",        None,             ERROR,            (D("12000.50"), "лв"),   (D("12000.50"), "BGN")),
    ("2 500 BGN",            None,             ERROR,            (D("2500"), "BGN"),      (D("2500.00"), "BGN")),
    ("1 200 лева",           None,             ERROR,            (D("1200"), "лева"),     (D("1200.00"), "BGN")),
    ("4 000 евро",           None,             ERROR,            (D("4000"), "евро"),     (D("4000.00"), "EUR")),
    ("€ 4 000",              None,             ERROR,            (D("4000"), ""),         (D("4000.00"), "EUR")),
    ("EUR 12 500,50",        None,             ERROR,            (D("12500.50"), ""),     (D("12500.50"), "EUR")),
    ("0,35 млн. евро",       None,             ERROR,            (D("0.35"), "млн"),      (D("350000.00"), "EUR")),
    ("20 хил. лв.",          None,             ERROR,            (D("20"), "хил"),        (D("20000.00"), "BGN")),
    ("1000 - 2000 лв.",      None,             ERROR,            (D("1000"), ""),         (D("2000.00"), "BGN")),
    ("0,35",                 D("0.35"),        D("0.35"),        (D("0.35"), ""),         None),  # bare: not money
]


@pytest.mark.parametrize(("text", "token", "typed", "first", "money"), RULES, ids=[row[0] or "empty" for row in RULES])
def test_the_number_rules(text, token, typed, first, money):
    assert parse_number(text) == token
    if typed == ERROR:
        with pytest.raises(ValueError):
            parse_typed(text)
    else:
        assert parse_typed(text) == typed
    value = read_number(text)
    assert ((value.number, value.unit) if value else None) == first
    found = first_money(text)
    assert ((found.amount, found.currency) if found else None) == money


def test_numbers_are_decimals_with_their_digits():
    """No reader goes through float: the digits read are the digits kept (a float gives ...98)."""
    assert str(parse_typed("99999999999999.99")) == "99999999999999.99"
    assert str(first_money("99 999 999 999 999,99 лв.").amount) == "99999999999999.99"
    assert parse_typed("0,1") + parse_typed("0,2") == Decimal("0.3")


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("1 150 000 лв.", "1150000.00", "BGN"),
        ("535719,00 лв.", "535719.00", "BGN"),
        ("3 931 606,10 лв.", "3931606.10", "BGN"),
        ("€ 4 000", "4000.00", "EUR"),
        ("0,35 млн. евро", "350000.00", "EUR"),
        ("... за 2024 г.- 535719,00 лв.", "535719.00", "BGN"),
        ("ПО „Утвърждаване“ - 500000,00лв.", "500000.00", "BGN"),
        ("1 150 000 лв. и резервен проект 1 050 000 лв.", "1150000.00", "BGN"),
        ("2 500 BGN", "2500.00", "BGN"),
        ("EUR 12 500,50", "12500.50", "EUR"),
        ("1.200.000 лева", "1200000.00", "BGN"),
        ("1,5 млн. лв.", "1500000.00", "BGN"),
        ("20 хил. лв.", "20000.00", "BGN"),
    ],
)
def test_money_is_read_with_its_currency(text, amount, currency):
    money = first_money(text)
    assert money is not None
    assert (money.amount, money.currency) == (Decimal(amount), currency)


@pytest.mark.parametrize(
    "text",
    ["Не са необходими", "ОПРР 2014-2020", "2017-2020", "0,35", "5 европейски проекта", "", None, "Държавен бюджет"],
)
def test_text_without_a_sum_of_money_has_no_amount(text):
    """A bare number or a year is not money, whatever the column header says."""
    assert first_money(text) is None


def test_the_amount_cell_is_searched_before_the_source_cell():
    assert first_money("ОПРР 2014-2020", "184 081 лв. в т.ч. 10 000 за ВиК").amount == Decimal("184081.00")
    assert first_money("10 лв.", "20 лв.").amount == Decimal("10.00")




def test_a_currency_next_to_digits_deserves_a_warning_when_unread():
    assert mentions_money("около 5 хил лв") and not mentions_money("Общински бюджет") and not mentions_money("5 деца")


@pytest.mark.parametrize(
    ("text", "amount", "irregular"),
    [
        ("1 355 873,00 лв.", "1355873.00", False),
        ("1355 873,00 лв.", "1355873.00", True),  # a space lost: all its digits, and a doubt
        ("1355\n873,00 лв.", "1355873.00", True),  # a narrow cell wrapped the figures
        ("135 5873,00 лв.", "1355873.00", True),  # a space in the wrong place
        ("2024 1 000 лв.", "1000.00", True),  # a year stays out of the sum, but the sum is doubted
        ("€ 1355 873", "1355.00", True),
        ("за 12 човека 500 лв.", "500.00", False),
        ("Бюджет 2024: 500 лв.", "500.00", False),
    ],
)
def test_digits_an_amount_leaves_out_make_it_doubtful(text, amount, irregular):
    """Without this, "1355 873,00 лв." read as 355 873,00 with no doubt: the grouping took what it could."""
    money = first_money(text)
    assert (str(money.amount), money.irregular) == (amount, irregular)
