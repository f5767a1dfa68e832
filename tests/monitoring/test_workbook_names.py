"""The per-institution monitoring workbook's file name says whose it is (issue 10: names were only numbers)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planmonitor.accounts.models import Institution
from tests.monitoring.factories import make_world

pytestmark = pytest.mark.django_db


def test_the_workbook_file_name_says_the_institution(client):
    world = make_world(measures=2)
    institution = Institution.objects.create(abbreviation="РУО", name="Регионално управление на образованието")
    named = Institution.objects.create(name="Читалище „Искра“", municipality=world.plan.municipality)
    world.plan.measures.first().institutions.add(institution, named)  # workbooks are for the plan's institutions
    client.force_login(world.users["coordinator"])
    for row, expected in ((institution, "-ruo.xlsx"), (named, "-chitalishte-iskra.xlsx")):
        response = client.get(reverse("monitoring:xlsx_download", args=[world.period.pk, row.pk]))
        disposition = response["Content-Disposition"]
        assert disposition.endswith(f'{expected}"'), disposition
        assert str(row.pk) not in disposition.rsplit("-", 1)[-1]
