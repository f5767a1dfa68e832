"""``planmonitor demo``: sample plans, people of every role, two years of reports in every state.

The plans come from what the project ships (``demo_plans/``: a DOCX and an
XLSX written by ``scripts/make_demo_plans.py``, invented text for two
municipalities of the national register), so a fresh clone has a demo; the two
real seed plans are loaded as well when their folder exists
(``PLANMONITOR_SEEDS``, else ``../shared/seeds``).

Running it twice changes nothing the first run made: plans found already are
reused, users are found by name, periods by name and reports by measure and
period. Everything is written through the same services the pages use, with
the real importer reading the documents.
"""

from __future__ import annotations

import hashlib
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from planmonitor.accounts.models import Institution, User
from planmonitor.monitoring import services
from planmonitor.monitoring.models import MeasureStatus, ProgressReport, ReportingPeriod
from planmonitor.plans.models import Measure, Plan

#: The sample plans the project ships (scripts/make_demo_plans.py writes them).
SAMPLES_DIR = Path(__file__).resolve().parents[2] / "demo_plans"
PLAN_SUFFIXES = (".txt", ".docx", ".pdf", ".xlsx", ".doc")
DEFAULT_PASSWORD = "demo-planmonitor-2026"
REPORTERS_PER_PLAN = 3

_TRANSLIT = dict(zip(
    "абвгдежзийклмнопрстуфхцчшщъьюя",
    ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
     "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"],
    strict=True,
))


def latin(text: str) -> str:
    """A user-name-safe Latin spelling of a Bulgarian name (the official transliteration, simplified)."""
    out = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    return "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in out).strip("-").replace("--", "-")


def seeds_dir() -> Path:
    """PLANMONITOR_SEEDS, else ``../shared/seeds`` beside the project folder."""
    configured = os.environ.get("PLANMONITOR_SEEDS")
    return Path(configured) if configured else Path(settings.PROJECT_DIR).parent / "shared" / "seeds"


def plan_files(folder: Path) -> list[Path]:
    """The plan documents in ``folder``, by name (none when the folder does not exist)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in PLAN_SUFFIXES)


def _stable(*parts: Any) -> int:
    """A number that depends only on its inputs, so that two runs pick the same demo values."""
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


class Command(BaseCommand):
    help = (
        "Fill the database with demonstration data: the two sample plans the project ships (and the real "
        "seed plans when their folder exists), read by the real importer, a user of every role (printed "
        "with their passwords), two reporting periods and progress reports in every state (draft, "
        "submitted, returned, approved). Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seeds",
            help="Folder with more plan documents to load (default: PLANMONITOR_SEEDS or ../shared/seeds, if it exists).",
        )
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password of every demo user.")

    def handle(self, *args, **options):
        files = plan_files(SAMPLES_DIR)
        if not files:
            raise CommandError(_("The sample plans are missing from %(folder)s: reinstall planmonitor.")
                               % {"folder": SAMPLES_DIR})
        folder = Path(options["seeds"]) if options["seeds"] else seeds_dir()
        seeds = plan_files(folder)
        if options["seeds"] and not seeds:
            raise CommandError(_("No plan documents in %(folder)s.") % {"folder": folder})
        if seeds:
            files += seeds
        else:
            self.stdout.write(_("No seed plans in %(folder)s: only the sample plans are loaded.") % {"folder": folder})
        self.password = options["password"]
        admin = self._user("admin", User.Role.ADMIN, first_name="Администратор")
        logins: list[tuple[str, str, str]] = [("admin", str(User.Role.ADMIN.label), "")]
        self._user("national", User.Role.NATIONAL, first_name="Национален", last_name="координатор")
        logins.append(("national", str(User.Role.NATIONAL.label), _("every district, read-only")))
        # Demo reports notify nobody: the services' e-mails go to a dummy backend while it runs.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for path in files:
                plan = self._plan(path, admin)
                logins += self._people(plan)
                self._reports(plan)
        self._print(logins)

    # --- plans -------------------------------------------------------------------------------

    def _plan(self, path: Path, admin: User) -> Plan:
        from planmonitor.ingest import read_plan
        from planmonitor.plans.services import PlanAlreadyExists, import_plan

        result = read_plan(path.read_bytes(), path.name)
        plan_json = result.plan
        try:
            # The district comes from the national register of municipalities (accounts.registry).
            plan = import_plan(plan_json, actor=admin, source_file=path.name, status=Plan.Status.ADOPTED)
            self.stdout.write(_("Imported %(plan)s (%(measures)s measures) from %(file)s")
                              % {"plan": plan, "measures": plan.measures.count(), "file": path.name})
        except PlanAlreadyExists as exists:
            plan = exists.plan
            self.stdout.write(_("Already there: %(plan)s from %(file)s") % {"plan": plan, "file": path.name})
        return plan

    # --- people ------------------------------------------------------------------------------

    def _user(self, username: str, role: str, **fields: Any) -> User:
        user, created = User.objects.get_or_create(username=username, defaults={"role": role, **fields})
        if created:
            user.email = f"{username}@demo.invalid"
            user.is_staff = user.is_superuser = role == User.Role.ADMIN
            user.set_password(self.password)
            user.save()
        return user

    def _people(self, plan: Plan) -> list[tuple[str, str, str]]:
        municipality = plan.municipality
        slug = latin(municipality.name) or str(municipality.pk)
        rows = []
        self._user(f"coordinator.{slug}", User.Role.COORDINATOR, municipality=municipality,
                   first_name="Координатор", last_name=municipality.name)
        rows.append((f"coordinator.{slug}", str(User.Role.COORDINATOR.label), municipality.name))
        if municipality.district_id:
            district_slug = latin(municipality.district.name)
            self._user(f"district.{district_slug}", User.Role.DISTRICT, district=municipality.district,
                       first_name="Областен координатор", last_name=municipality.district.name)
            rows.append((f"district.{district_slug}", str(User.Role.DISTRICT.label), municipality.district.name))
        for institution in self._busiest_institutions(plan):
            name = f"reporter.{slug}.{latin(institution.abbreviation or institution.name)[:20] or institution.pk}"
            self._user(name, User.Role.REPORTER, municipality=municipality, institution=institution,
                       first_name="Отчитащ", last_name=str(institution))
            rows.append((name, str(User.Role.REPORTER.label), f"{municipality.name}: {institution}"))
        return rows

    def _busiest_institutions(self, plan: Plan) -> list[Institution]:
        counts: dict[int, int] = {}
        for m in Measure.objects.filter(plan=plan).prefetch_related("institutions"):
            for i in m.institutions.all():
                counts[i.pk] = counts.get(i.pk, 0) + 1
        best = sorted(counts, key=lambda pk: (-counts[pk], pk))[:REPORTERS_PER_PLAN]
        return list(Institution.objects.filter(pk__in=best))

    # --- periods and reports -------------------------------------------------------------------

    def _reports(self, plan: Plan) -> None:
        coordinator = User.objects.filter(role=User.Role.COORDINATOR, municipality=plan.municipality).first()
        this_year = timezone.localdate().year
        years = [y for y in range(plan.period_start, plan.period_end + 1) if y < this_year][-2:] or [plan.period_start]
        reporters = {u.institution_id: u for u in User.objects.filter(role=User.Role.REPORTER, municipality=plan.municipality)}
        measures = list(Measure.objects.filter(plan=plan).select_related("plan").prefetch_related("institutions", "indicators"))
        for n, year in enumerate(years):
            name, start, end, deadline = services.yearly_period(year)
            period = ReportingPeriod.objects.filter(plan=plan, name=name).first()
            if period is None:
                period = services.open_period(plan, actor=coordinator, name=name, start=start, end=end, deadline=deadline)
            if period.is_locked:
                continue
            older = n < len(years) - 1
            made = 0
            for measure in measures:
                if ProgressReport.objects.filter(measure=measure, period=period).exists():
                    continue
                reporter = next((reporters[i.pk] for i in measure.institutions.all() if i.pk in reporters), coordinator)
                state = self._state_for(measure, older)
                if state is None:
                    continue
                # Each step is its own service (one transaction each); a rerun skips reports already made.
                self._report(measure, period, reporter, coordinator, state, year - plan.period_start + 1)
                made += 1
            self.stdout.write("  " + _("period %(period)s: %(count)s new reports") % {"period": period.name, "count": made})
            if older:
                services.close_period(period, actor=coordinator, reason=_("demonstration data: the year is reported"))

    @staticmethod
    def _state_for(measure: Measure, older: bool) -> str | None:
        """Older periods are mostly approved; the latest holds every state, and some silence.

        The latest period cycles through the states by the measure's place in the plan, so a plan
        of five measures already shows each of them whatever the database's ids are.
        """
        if older:
            return None if _stable(measure.plan.title, measure.position) % 10 == 9 else ProgressReport.Status.APPROVED
        s = ProgressReport.Status
        cycle = [s.APPROVED, s.SUBMITTED, s.RETURNED, s.DRAFT, None, s.APPROVED, s.SUBMITTED, s.APPROVED,
                 s.RETURNED, None]
        return cycle[measure.position % len(cycle)]

    def _report(self, measure, period, reporter, coordinator, state, year_number) -> None:
        pick = _stable(measure.plan.title, measure.position, period.name)
        statuses = [MeasureStatus.IN_PROGRESS, MeasureStatus.IN_PROGRESS, MeasureStatus.DONE,
                    MeasureStatus.PARTLY_DONE, MeasureStatus.POSTPONED]
        values = {}
        for indicator in measure.indicators.all():
            if indicator.is_numeric:
                span = abs((indicator.target or 0) - (indicator.baseline or 0)) or Decimal(1)
                share = Decimal(10 + pick % 30) / 100
                values[indicator.pk] = str(int(span * share) or 1)
            else:
                values[indicator.pk] = "проведено"
        funding = measure.fundings.filter(amount__isnull=False).first()
        spending = []
        if funding and pick % 3:
            currency = services.allowed_currencies(period)[-1]
            spending.append(services.ExpenditureInput(
                (funding.source or "Общински бюджет")[:300], (funding.amount * Decimal("0.2")).quantize(Decimal("1")),
                currency,
            ))
        people = 20 + pick % 80
        data = services.ReportInput(
            measure_status=statuses[pick % len(statuses)],
            done_text=f"Отчет за {period.name}: дейностите по мярката са изпълнявани по график (година {year_number}).",
            people_reached=people, women=people // 2, men=people - people // 2,
            children=people // 3, adults=people - people // 3,
            values=values, expenditures=spending,
        )
        report = services.save_report(measure, period, data, actor=reporter, version=0)
        if state == ProgressReport.Status.DRAFT:
            return
        report = services.submit_report(report, actor=reporter)
        if state == ProgressReport.Status.SUBMITTED:
            return
        if state == ProgressReport.Status.RETURNED:
            services.return_report(report, actor=coordinator, comment="Моля, приложете доказателства и уточнете броя на обхванатите лица.")
            return
        services.approve_report(report, actor=coordinator)
        if pick % 4 == 0:
            services.recommend_measure(measure, actor=coordinator, period=period,
                                       text="Да се засили работата с родителите и да се осигури по-редовно отчитане.")

    # --- output ------------------------------------------------------------------------------

    def _print(self, logins: list[tuple[str, str, str]]) -> None:
        self.stdout.write("")
        self.stdout.write(f"{pgettext('demo log-ins', 'user name'):<42} {pgettext('demo log-ins', 'role'):<26} "
                          f"{pgettext('demo log-ins', 'for')}")
        for username, role, scope in dict.fromkeys(logins):  # a district's coordinator once
            self.stdout.write(f"{username:<42} {role:<26} {scope}")
        self.stdout.write("\n" + _("Every demo user's password: %(password)s") % {"password": self.password})
        coordinator = next((u for u, r, _s in logins if u.startswith("coordinator.")), "admin")
        self.stdout.write(self.style.SUCCESS(
            _("Log in at %(url)s as %(user)s / %(password)s")
            % {"url": f"{settings.PLANMONITOR_BASE_URL}/accounts/login/", "user": coordinator, "password": self.password}
        ))
