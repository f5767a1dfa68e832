"""Issue 15, point 11: the plan's own period, when its title also names the strategy's span."""

from __future__ import annotations

import pytest

from planmonitor.ingest.planjson import plan_period


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("План за действие на Община Х в изпълнение на Стратегията (2021 - 2030) за периода 2026 - 2027 г.", (2026, 2027)),
        ("План за действие на Община Х за периода 2024-2027 г. към областната стратегия за периода 2021-2030 г.",
         (2024, 2027)),
        ("Стратегия за периода 2021 – 2030 г. и План за изпълнение за периода 2026-2027", (2026, 2027)),
        ("Областна стратегия 2021-2030: общински план за действие за 2025 г.", (2025, 2025)),
        ("План за действие за периода от 2024 г. до 2027 г.", (2024, 2027)),
        ("План ... в сходна на ромите ситуация 2017-2020 г.", (2017, 2020)),  # one span: as before
        ("ПЛАН ... СИТУАЦИЯ (2024-2027 г.)", (2024, 2027)),  # only in brackets: as before
    ],
)
def test_the_plans_period_is_the_span_after_za_perioda(title, period):
    assert plan_period(title, []) == {"start": period[0], "end": period[1]}


def test_a_title_without_years_takes_the_measures_years():
    measures = [{"period": {"start": 2024, "end": 2025}}, {"period": {"start": 2026, "end": None}}]
    assert plan_period("План за действие", measures) == {"start": 2024, "end": 2026}
