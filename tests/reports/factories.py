"""Build plans, periods and progress reports with the ORM, for report, portal and open data tests.

These write rows directly (not through the services of the plans and
monitoring apps) so that report tests state exactly which values are
approved and which are not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from planmonitor.accounts.models import District, Institution, Municipality, User
from planmonitor.monitoring.models import (
    Expenditure,
    IndicatorValue,
    MeasureStatus,
    ProgressReport,
    Recommendation,
    ReportingPeriod,
)
from planmonitor.plans import search
from planmonitor.plans.models import Funding, Goal, Indicator, Measure, Plan, Priority

STATUS_CYCLE = [s for s, _label in MeasureStatus.choices]


def municipality(name: str = "Община Тест", district: str = "Тестова") -> Municipality:
    d, _created = District.objects.get_or_create(name=district)
    m, _created = Municipality.objects.get_or_create(name=name, district=d)
    return m


def user(username: str, role: str, *, municipality: Municipality | None = None,
         district: District | None = None, institution: Institution | None = None) -> User:
    u = User.objects.create_user(username=username, password="pass-Word-123", role=role,
                                 municipality=municipality, district=district, institution=institution,
                                 first_name="Иван", last_name=f"Репортеров{username}")
    return u


@dataclass
class Built:
    plan: Plan
    period: ReportingPeriod
    measures: list[Measure] = field(default_factory=list)
    reports: list[ProgressReport] = field(default_factory=list)


def plan(
    *,
    muni: Municipality | None = None,
    priorities: int = 2,
    measures_per_priority: int = 3,
    status: str = Plan.Status.ADOPTED,
    start: int = 2024,
    end: int = 2027,
    title: str = "План за действие за интегриране 2024–2027",
) -> Plan:
    """A plan with priorities, goals, measures, each with a funding line and two indicators."""
    muni = muni or municipality()
    p = Plan.objects.create(municipality=muni, title=title, period_start=start, period_end=end,
                            status=status, decision="Решение № 123 от 2024 г. на Общинския съвет")
    inst, _created = Institution.objects.get_or_create(name="Общинска администрация", municipality=muni,
                                                      defaults={"abbreviation": "ОА"})
    n = 0
    for pi in range(1, priorities + 1):
        pr = Priority.objects.create(plan=p, position=pi, name=f"Приоритет-{pi} Образование",
                                     operational_objective=f"Оперативна цел {pi}")
        goal = Goal.objects.create(priority=pr, position=1, code=str(pi), title=f"Цел {pi}")
        for mi in range(1, measures_per_priority + 1):
            n += 1
            m = Measure.objects.create(
                plan=p, priority=pr, goal=goal, position=n, code=f"{pi}.{mi}",
                text=f"Мярка номер {pi}.{mi} за приобщаване", responsible_raw="Община, училища",
                period_raw=f"{start}-{end}", period_start=start, period_end=end,
                indicators_raw="Брой деца; Дял записани", baseline_raw="10", target_raw="100",
            )
            m.institutions.add(inst)
            m.search_text = search.search_text([m.code, m.text, m.indicators_raw, m.responsible_raw, m.target_raw])
            m.save(update_fields=["search_text"])
            Funding.objects.create(measure=m, amount_raw=f"{1000 * n} лв.", amount=Decimal(1000 * n),
                                   currency="BGN", source="Общински бюджет" if n % 2 else "ОП РЧР")
            Indicator.objects.create(measure=m, position=1, name=f"Брой деца {n}", unit="брой",
                                     baseline_raw="10", baseline=Decimal(10), target_raw="100",
                                     target=Decimal(100), cumulative=True)
            Indicator.objects.create(measure=m, position=2, name=f"Ниво на медиатори {n}", unit="брой",
                                     baseline_raw="2", baseline=Decimal(2), target_raw="6",
                                     target=Decimal(6), cumulative=False)
    return p


def period(p: Plan, year: int = 2025, *, closed: bool = True) -> ReportingPeriod:
    return ReportingPeriod.objects.create(
        plan=p, name=f"{year}", start=date(year, 1, 1), end=date(year, 12, 31), deadline=date(year + 1, 1, 31),
        status=ReportingPeriod.Status.CLOSED if closed else ReportingPeriod.Status.OPEN,
    )


def report(
    m: Measure, per: ReportingPeriod, *, status: str = ProgressReport.Status.APPROVED,
    measure_status: str | None = None, done: str | None = None, values: tuple[Decimal, Decimal] | None = None,
    spent: Decimal | None = None, currency: str = "BGN",
) -> ProgressReport:
    """One report with both indicator values and one expenditure."""
    idx = m.position
    r = ProgressReport.objects.create(
        measure=m, period=per, status=status,
        measure_status=measure_status or STATUS_CYCLE[idx % len(STATUS_CYCLE)],
        done_text=done if done is not None else f"Проведени {idx} срещи с родители",
        people_reached=10 * idx, women=5 * idx, men=5 * idx,
    )
    v1, v2 = values if values is not None else (Decimal(5 * idx), Decimal(3 + idx % 3))
    indicators = list(m.indicators.order_by("position"))
    IndicatorValue.objects.create(report=r, indicator=indicators[0], value=v1, raw=str(v1))
    IndicatorValue.objects.create(report=r, indicator=indicators[1], value=v2, raw=str(v2))
    Expenditure.objects.create(report=r, source="Общински бюджет", amount=spent if spent is not None else Decimal("1234.56") * idx,
                               currency=currency)
    return r


def full_year(*, year: int = 2025, unreported: int = 1, **plan_kwargs) -> Built:
    """A plan with a closed period where every measure but the last ``unreported`` has an approved report."""
    p = plan(**plan_kwargs)
    per = period(p, year)
    built = Built(plan=p, period=per, measures=list(p.measures.order_by("position")))
    for m in built.measures[: len(built.measures) - unreported]:
        built.reports.append(report(m, per))
    Recommendation.objects.create(measure=built.measures[0], period=per, text="Да се ускори изпълнението на мярката")
    return built
