"""The district-sized dataset the dashboard, portal and reports benchmarks share (built once per database).

A district of 30 municipalities, each with an adopted plan of 150 measures
(6 priorities, two indicators and one funding line per measure), four yearly
reporting periods and a report per measure and year (mostly approved, some
submitted, returned or draft) with indicator values and money spent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/planmonitor_bench_monitoring"
PLANS, MEASURES, YEARS = 30, 150, (2022, 2023, 2024, 2025)
DISTRICT = "Bench district"


#: A sentence of the length real measures have, so that reports wrap and paginate as real ones do.
LONG_TEXT = (
    "осигуряване на допълнителни занимания по български език и математика за деца от уязвими групи "
    "в детските градини и училищата на общината, с участието на образователни медиатори и родители"
)
LARGE_DISTRICT, LARGE_MEASURES = "Bench large district", 400


def build_plan(district, number: int, measures_count: int, name: str = "") -> None:
    """One municipality (``name``, or a made-up one) with an adopted plan of ``measures_count`` measures
    and four years of reports."""
    from planmonitor.accounts.models import Institution, Municipality, User
    from planmonitor.monitoring.models import Expenditure, IndicatorValue, ProgressReport, ReportingPeriod
    from planmonitor.plans.models import Funding, Indicator, Measure, Plan, Priority

    p = number
    town = Municipality.objects.create(name=name or f"{district.name} town {p + 1:02d}", district=district)
    institutions = [Institution.objects.create(name=f"Bench institution {p}-{i}", municipality=town) for i in range(5)]
    plan = Plan.objects.create(municipality=town, title=f"Bench plan {p + 1}", period_start=YEARS[0],
                               period_end=YEARS[-1] + 2, status=Plan.Status.ADOPTED)
    priorities = Priority.objects.bulk_create(
        [Priority(plan=plan, position=i + 1, name=f"Priority {i + 1}") for i in range(6)]
    )
    measures = Measure.objects.bulk_create([
        Measure(plan=plan, priority=priorities[i % 6], position=i + 1, code=f"{i + 1}.",
                text=f"Bench measure {i + 1} of plan {p + 1}: {LONG_TEXT}")
        for i in range(measures_count)
    ])
    Measure.institutions.through.objects.bulk_create([
        Measure.institutions.through(measure_id=m.pk, institution_id=institutions[i % 5].pk)
        for i, m in enumerate(measures)
    ])
    indicators = Indicator.objects.bulk_create([
        ind for m in measures for ind in (
            Indicator(measure=m, position=1, name=f"Count {m.position}", baseline=Decimal(0), target=Decimal(200),
                      target_raw="200", cumulative=True),
            Indicator(measure=m, position=2, name=f"Level {m.position}", baseline=Decimal(2), target=Decimal(10),
                      target_raw="10", cumulative=False),
        )
    ])
    Funding.objects.bulk_create([
        Funding(measure=m, amount=Decimal(5000 + m.position), currency="BGN", source="Budget") for m in measures
    ])
    periods = ReportingPeriod.objects.bulk_create([
        ReportingPeriod(plan=plan, name=str(y), start=date(y, 1, 1), end=date(y, 12, 31),
                        deadline=date(y + 1, 1, 31),
                        status=ReportingPeriod.Status.OPEN if y == YEARS[-1] else ReportingPeriod.Status.CLOSED)
        for y in YEARS
    ])
    statuses = ["approved"] * 7 + ["submitted", "returned", "draft"]
    reports = ProgressReport.objects.bulk_create([
        ProgressReport(measure=m, period=per, status=statuses[(m.position + k) % 10] if k == len(YEARS) - 1 else "approved",
                       measure_status=["in_progress", "done", "partly_done"][m.position % 3], version=1,
                       done_text="Bench text", people_reached=10)
        for k, per in enumerate(periods) for m in measures
    ])
    by_measure = {}
    for ind in indicators:
        by_measure.setdefault(ind.measure_id, []).append(ind)
    IndicatorValue.objects.bulk_create([
        IndicatorValue(report=r, indicator=ind, value=Decimal(r.measure.position % 40), raw=str(r.measure.position % 40))
        for r in reports for ind in by_measure[r.measure_id]
    ])
    Expenditure.objects.bulk_create([
        Expenditure(report=r, source="Budget", amount=Decimal(900), currency="BGN") for r in reports
    ])
    if p == 0 and not User.objects.filter(username="bench-coordinator").exists():
        coordinator = User.objects.create(username="bench-coordinator", role=User.Role.COORDINATOR, municipality=town)
        coordinator.set_unusable_password()
        coordinator.save(update_fields=["password"])


def build_dataset() -> None:
    """Create the district-sized dataset once (bulk inserts; no audit rows, since no one acted).

    Also one plan of 400 measures in a district of its own, for the report benchmarks.
    """
    from planmonitor.accounts.models import District, User
    from planmonitor.plans.models import Plan

    large, _ = District.objects.get_or_create(name=LARGE_DISTRICT)
    if not Plan.objects.filter(municipality__district=large).exists():
        print(f"building one plan of {LARGE_MEASURES} measures ...", flush=True)
        build_plan(large, 0, LARGE_MEASURES)
    district, _ = District.objects.get_or_create(name=DISTRICT)
    if Plan.objects.filter(municipality__district=district).count() >= PLANS:
        return
    print(f"building {PLANS} plans x {MEASURES} measures x {len(YEARS)} years ...", flush=True)
    for p in range(PLANS):
        build_plan(district, p, MEASURES)
        print(f"  plan {p + 1}/{PLANS}", flush=True)
    user = User.objects.create(username="bench-district", role=User.Role.DISTRICT, district=district)
    user.set_unusable_password()
    user.save(update_fields=["password"])


def prepare() -> None:
    """Migrate the benchmark database (Django is set up already) and build the dataset if it is not there."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    build_dataset()
