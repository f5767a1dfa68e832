"""Bulgarian dates everywhere: "03.12.2026 10:12", never "12/03/2026 10:12 преди обяд"; months in lower case."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from planmonitor.accounts.models import User
from planmonitor.plans.models import PlanVersion
from planmonitor.reports import services
from planmonitor.reports.models import GeneratedReport
from tests.reports import factories

SOFIA = ZoneInfo("Europe/Sofia")
MOMENT = datetime(2026, 12, 3, 10, 12, tzinfo=SOFIA)


@pytest.mark.parametrize("fmt", ["SHORT_DATETIME_FORMAT", "DATETIME_FORMAT"])
def test_date_and_time_formats(fmt):
    with translation.override("bg"):
        assert date_format(MOMENT, fmt) == "03.12.2026 10:12"


def test_a_datetime_shown_as_it_is_and_month_names():
    with translation.override("bg"):
        text = Template('{{ moment }}|{{ moment|date:"j F Y" }}|{{ moment|date:"E" }}|{{ day|date }}').render(
            Context({"moment": MOMENT, "day": MOMENT.date()}))
    assert text == "03.12.2026 10:12|3 декември 2026|декември|03.12.2026"


@pytest.mark.django_db
def test_version_and_report_pages_show_bulgarian_dates(client):
    built = factories.full_year()
    coordinator = factories.user("coord", User.Role.COORDINATOR, municipality=built.plan.municipality)
    PlanVersion.objects.get_or_create(plan=built.plan, number=1, defaults={"snapshot": {}, "reason": "Решение № 1"})
    PlanVersion.objects.filter(plan=built.plan).update(created_at=MOMENT)
    services.request_report(built.plan, built.period, "pdf", actor=coordinator)  # queued: its task never runs here
    GeneratedReport.objects.update(created_at=MOMENT)
    client.force_login(coordinator)
    for url in (reverse("plans:versions", args=[built.plan.pk]), reverse("reports:plan", args=[built.plan.pk])):
        html = client.get(url).content.decode()
        assert "03.12.2026 10:12" in html, url
        assert "обяд" not in html and "12/03/2026" not in html, url
