"""Small builders for monitoring tests: a district, municipalities, an adopted plan, people.

Plans are built directly with the ORM so that monitoring tests do not depend
on the importer; each builder takes only what a test wants to vary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from django.contrib.auth.hashers import make_password

from planmonitor.accounts.models import District, Institution, Municipality, User
from planmonitor.monitoring.models import ReportingPeriod
from planmonitor.plans.models import Funding, Indicator, Measure, Plan, Priority

PASSWORD = "correct-horse-battery"


@cache
def _hashed_password() -> str:
    """Hash the shared password once: hashing is deliberately slow and tests make many users."""
    return make_password(PASSWORD)


def make_user(username: str, role: str, **kw) -> User:
    """A user with a known password and an e-mail address."""
    user = User(username=username, role=role, email=f"{username}@example.org", **kw)
    if role == User.Role.ADMIN:
        user.is_staff = True
        user.is_superuser = True
    user.password = _hashed_password()
    user.save()
    return user


def make_plan(
    municipality: Municipality,
    *,
    measures: int = 3,
    institutions: list[Institution] | None = None,
    years: tuple[int, int] = (2024, 2027),
    status: str = Plan.Status.ADOPTED,
    priorities: int = 1,
) -> Plan:
    """An adopted plan with ``measures`` measures over ``priorities`` priorities.

    Every measure has one numeric cumulative indicator (0 -> 100), one text
    indicator and 10 000 leva of planned funding; measure i is answered for
    by ``institutions[i % len(institutions)]``.
    """
    plan = Plan.objects.create(
        municipality=municipality, title=f"Plan of {municipality.name}", period_start=years[0],
        period_end=years[1], status=status,
    )
    prios = [Priority.objects.create(plan=plan, position=i + 1, name=f"Priority {i + 1}") for i in range(priorities)]
    for i in range(measures):
        m = Measure.objects.create(
            plan=plan, priority=prios[i % len(prios)], position=i + 1, code=f"{i + 1}.",
            text=f"Measure {i + 1} of {municipality.name}", period_start=years[0], period_end=years[1],
        )
        if institutions:
            m.institutions.add(institutions[i % len(institutions)])
        Indicator.objects.create(
            measure=m, position=1, name=f"Children enrolled {i + 1}", unit="number", baseline=Decimal(0),
            baseline_raw="0", target=Decimal(100), target_raw="100 с натрупване", cumulative=True,
        )
        Indicator.objects.create(
            measure=m, position=2, name=f"Campaign held {i + 1}", target_raw="кампания проведена",
        )
        Funding.objects.create(measure=m, amount=Decimal(10000), amount_raw="10 000 лв.", currency="BGN",
                               source="Municipal budget")
    return plan


def make_period(plan: Plan, year: int = 2025, *, status: str = ReportingPeriod.Status.OPEN) -> ReportingPeriod:
    return ReportingPeriod.objects.create(
        plan=plan, name=str(year), start=date(year, 1, 1), end=date(year, 12, 31),
        deadline=date(year + 1, 1, 31), status=status,
    )


@dataclass
class World:
    """Two municipalities in one district, one in another district, and a person of every role."""

    district: District
    other_district: District
    town: Municipality
    neighbour: Municipality
    faraway: Municipality
    school: Institution
    agency: Institution
    plan: Plan
    neighbour_plan: Plan
    period: ReportingPeriod
    neighbour_period: ReportingPeriod
    users: dict[str, User]

    @property
    def own_measure(self) -> Measure:
        """A measure the school answers for."""
        return self.plan.measures.filter(institutions=self.school).order_by("position").first()

    @property
    def other_measure(self) -> Measure:
        """A measure of the same plan the agency answers for (not the school)."""
        return self.plan.measures.filter(institutions=self.agency).order_by("position").first()


def make_world(measures: int = 4) -> World:
    district = District.objects.create(name="District A")
    other_district = District.objects.create(name="District B")
    town = Municipality.objects.create(name="Town", district=district)
    neighbour = Municipality.objects.create(name="Neighbour", district=district)
    faraway = Municipality.objects.create(name="Faraway", district=other_district)
    school = Institution.objects.create(abbreviation="SCH", name="School", municipality=town)
    agency = Institution.objects.create(abbreviation="AG", name="Agency")
    plan = make_plan(town, measures=measures, institutions=[school, agency], priorities=2)
    neighbour_plan = make_plan(neighbour, measures=2, institutions=[school])
    users = {
        "reporter": make_user("reporter", User.Role.REPORTER, municipality=town, institution=school),
        "reporter_other": make_user("reporter_other", User.Role.REPORTER, municipality=town, institution=Institution.objects.create(name="Clinic", municipality=town)),
        "coordinator": make_user("coordinator", User.Role.COORDINATOR, municipality=town),
        "coordinator_other": make_user("coordinator_other", User.Role.COORDINATOR, municipality=faraway),
        "district": make_user("district", User.Role.DISTRICT, district=district),
        "district_other": make_user("district_other", User.Role.DISTRICT, district=other_district),
        "admin": make_user("admin", User.Role.ADMIN),
    }
    return World(
        district=district, other_district=other_district, town=town, neighbour=neighbour, faraway=faraway,
        school=school, agency=agency, plan=plan, neighbour_plan=neighbour_plan, period=make_period(plan),
        neighbour_period=make_period(neighbour_plan), users=users,
    )
