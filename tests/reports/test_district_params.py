"""``/reports/district/`` answers a bad ``district`` or ``year`` with 400/404 and a message, never 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planmonitor.accounts.models import District, User
from tests.reports import factories


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("root-district", "root@example.bg", "pw-12345678"))
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "status", "says"), [
    ({"district": "999999", "year": "2025"}, 404, "Няма област с номер 999999"),
    ({"district": "abc", "year": "2025"}, 400, "Областта се посочва с номера си"),
    ({"district": "99999999999999999999", "year": "2025"}, 400, "Областта се посочва с номера си"),
    ({"year": "abc"}, 400, "Годината трябва да е число от 2000 до 2100"),
    ({"year": "0"}, 400, "Годината трябва да е число"),
    ({"year": "99999"}, 400, "Годината трябва да е число"),
    ({"year": "2025", "format": "exe"}, 400, "Непознат формат"),
])
def test_bad_parameters_get_a_message(admin_client, params, status, says):
    factories.municipality("Алфа", "Окръг")
    if "district" not in params:
        params = {**params, "district": District.objects.get(name="Окръг").pk}
    response = admin_client.get(reverse("reports:district"), params)
    assert response.status_code == status
    text = response.content.decode()
    assert says in text and 'class="site-header"' in text


@pytest.mark.django_db
def test_a_district_coordinator_asking_for_another_district_is_refused(client):
    own = District.objects.create(name="Своя")
    client.force_login(factories.user("d-own", User.Role.DISTRICT, district=own))
    assert client.get(reverse("reports:district"), {"district": "999999", "year": "2025"}).status_code == 403
