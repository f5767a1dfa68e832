"""A generated monitoring report is the plan's history: deleting its period (or its plan) is refused, and said why."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from planmonitor.accounts.models import User
from planmonitor.monitoring.models import ReportingPeriod
from planmonitor.plans.models import Plan
from planmonitor.reports.models import GeneratedReport
from tests.reports import factories

REFUSAL = "Планът не може да бъде изтрит: по него има отчети за напредъка или генерирани доклади за мониторинг"


def _plan_with_period(*, generated: bool):
    """A plan and a period with no progress report, and (or not) a report generated for the council."""
    built_plan = factories.plan()
    period = factories.period(built_plan, 2025)
    if generated:
        GeneratedReport.objects.create(plan=built_plan, period=period, format="pdf", version=1, status="done")
    return built_plan, period


@pytest.mark.django_db
def test_deleting_a_period_never_takes_its_generated_reports_with_it():
    _plan, period = _plan_with_period(generated=True)
    with pytest.raises(ProtectedError):
        period.delete()
    assert GeneratedReport.objects.filter(period=period).count() == 1


@pytest.mark.django_db
def test_a_period_without_generated_reports_can_still_go():
    _plan, period = _plan_with_period(generated=False)
    period.delete()
    assert not ReportingPeriod.objects.filter(pk=period.pk).exists()


@pytest.mark.django_db
def test_the_admin_says_in_bulgarian_why_a_plan_with_generated_reports_stays(client):
    """The refusal names the reason; a plan with no history (no period yet) is deleted from the same page."""
    kept, _period = _plan_with_period(generated=True)
    gone = factories.plan(title="План, внесен по грешка")
    admin = User.objects.create_superuser("root-hist", "root@example.org", "pw-root-123", role="admin")
    client.force_login(admin)
    for plan, refused in ((kept, True), (gone, False)):
        url = reverse("admin:plans_plan_delete", args=[plan.pk])
        assert (REFUSAL in client.get(url).content.decode()) is refused
        client.post(url, {"post": "yes"})
        assert Plan.objects.filter(pk=plan.pk).exists() is refused
    assert GeneratedReport.objects.count() == 1
