"""The archive of everything: each plan's files are the per-plan downloads byte for byte; repeats come from the cache."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from planmonitor.monitoring.models import ProgressReport, Recommendation
from planmonitor.plans import revision
from planmonitor.plans.models import Plan
from planmonitor.portal.opendata import FILES, PACKAGE_FILES
from tests.reports import factories

pytestmark = pytest.mark.django_db

FROZEN = timezone.make_aware(datetime(2026, 5, 4, 10, 30))


@pytest.fixture
def plans(monkeypatch) -> list[Plan]:
    """Three public plans (several periods, EUR and BGN amounts, a retired measure, Cyrillic), a draft, a closed one.

    The clock is stopped: ``datapackage.json`` says when it was made.
    """
    monkeypatch.setattr(timezone, "now", lambda: FROZEN)
    first = factories.full_year(muni=factories.municipality("Първа", "Първа област"), unreported=0)
    later = factories.period(first.plan, 2026, closed=False)
    for n, m in enumerate(first.measures[:4]):
        factories.report(m, later, spent=Decimal("250.40") * (n + 1), currency="EUR",
                         done=f"„Заедно“ в училище № {n}: 12,5% повече деца",
                         status=ProgressReport.Status.SUBMITTED if n == 3 else ProgressReport.Status.APPROVED)
    retired = first.measures[-1]  # reported in 2025, dropped by an amendment in 2026
    retired.retired_in, retired.retired_at = 2, timezone.make_aware(datetime(2026, 3, 1))
    retired.save(update_fields=["retired_in", "retired_at"])
    Recommendation.objects.create(measure=first.measures[1], period=later, text="Да продължи и през 2027 г.")
    second = factories.full_year(muni=factories.municipality("Втора", "Първа област"), measures_per_priority=4,
                                 unreported=2)
    earlier = factories.period(second.plan, 2024)
    for m in second.measures[:3]:
        factories.report(m, earlier, values=(Decimal("2.5"), Decimal(3)))
    closed = factories.full_year(muni=factories.municipality("Трета", "Втора област"), status=Plan.Status.CLOSED)
    no_periods = factories.plan(muni=factories.municipality("Четвърта", "Втора област"), priorities=1)
    factories.plan(muni=factories.municipality("Чернова"), status=Plan.Status.DRAFT)
    return [first.plan, second.plan, closed.plan, no_periods]


def _archive(client) -> zipfile.ZipFile:
    response = client.get(reverse("portal:bulk"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_every_file_in_the_archive_is_the_per_plan_download(client, plans):
    archive = _archive(client)
    folders = sorted({name.split("/")[1] for name in archive.namelist() if name.startswith("plans/")}, key=int)
    assert folders == [str(p.pk) for p in sorted(plans, key=lambda p: p.pk)]  # the draft is not there
    assert archive.read("catalog.jsonld") == client.get(reverse("portal:catalogue")).content
    for plan in plans:
        for name in FILES:
            alone = client.get(reverse("portal:open_data_file", kwargs={"plan_id": plan.pk, "name": name}))
            assert alone.status_code == 200
            assert archive.read(f"plans/{plan.pk}/{name}") == alone.content, (plan.pk, name)
        package = client.get(reverse("portal:open_data_file", kwargs={"plan_id": plan.pk, "name": "datapackage.zip"}))
        with zipfile.ZipFile(io.BytesIO(package.content)) as zf:
            assert zf.namelist() == list(PACKAGE_FILES)
            for name in PACKAGE_FILES:
                assert zf.read(name) == archive.read(f"plans/{plan.pk}/{name}"), (plan.pk, name)
    # The data the comparison is about is really there: both periods, the amounts, the Cyrillic text,
    # the retired measure in the period before its retirement only, nothing unapproved.
    rows = list(csv.DictReader(io.StringIO(archive.read(f"plans/{plans[0].pk}/progress.csv").decode("utf-8-sig"))))
    assert {r["period"] for r in rows} == {"2025", "2026"}
    assert ("„Заедно“ в училище № 1: 12,5% повече деца", "500.80", "EUR") in {
        (r["done"], r["spent_amount"], r["spent_currency"]) for r in rows}
    assert not any("№ 3" in r["done"] for r in rows)  # submitted, not approved
    retired = str(plans[0].measures.get(retired_in=2).pk)
    assert [r["period"] for r in rows if r["measure_id"] == retired] == ["2025"]
    assert archive.read(f"plans/{plans[1].pk}/plan.json").decode().count('"period": "2024"') == 1

def test_a_repeated_download_comes_from_the_cache_until_a_public_plan_changes(client, plans,
                                                                              django_assert_num_queries):
    before = _archive(client)
    with django_assert_num_queries(1):  # the public plans' aggregate revision
        again = _archive(client)
    assert again.read(f"plans/{plans[0].pk}/progress.csv") == before.read(f"plans/{plans[0].pk}/progress.csv")
    report = ProgressReport.objects.filter(measure__plan=plans[0], status=ProgressReport.Status.APPROVED).first()
    report.done_text = "Нов текст след одобрението"
    report.save(update_fields=["done_text"])
    revision.bump(plans[0].pk)  # what every service changing a report does
    assert "Нов текст след одобрението" in _archive(client).read(f"plans/{plans[0].pk}/progress.csv").decode()
