"""The administrator's first day: the national register is there, a plan and a user can be added, all in Bulgarian."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from planmonitor.accounts import registry
from planmonitor.accounts.models import District, Institution, Municipality, User
from planmonitor.accounts.services import load_register
from planmonitor.core.models import AuditEntry
from planmonitor.plans.models import Plan, PlanVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client) -> User:
    user = User.objects.create_superuser("админ", "", "pw-root-123", role="admin", first_name="Мария")
    client.force_login(user)
    return user


def test_migrate_leaves_the_whole_national_register_in_the_database():
    with registry.REGISTRY_FILE.open(encoding="utf-8", newline="") as handle:
        rows = {(row["municipality"], row["district"]) for row in csv.DictReader(handle)}
    assert len(rows) == 265
    assert set(Municipality.objects.values_list("name", "district__name")) >= rows
    assert District.objects.count() == 28


def test_loading_the_register_again_adds_only_what_is_missing():
    Municipality.objects.filter(name="Мъглиж").delete()
    homeless = Municipality.objects.create(name="Опака")  # stored before the register, without its district
    Municipality.objects.filter(name="Опака", district__isnull=False).delete()
    assert load_register() == (0, 1)
    assert Municipality.objects.get(name="Мъглиж").district.name == "Стара Загора"
    homeless.refresh_from_db()
    assert homeless.district.name == "Търговище"
    assert load_register() == (0, 0)


def test_migrate_restores_a_missing_municipality():
    Municipality.objects.filter(name="Котел").delete()
    call_command("migrate", verbosity=0)
    assert Municipality.objects.get(name="Котел").district.name == "Сливен"


def _plan_form(municipality: Municipality, **extra) -> dict:
    return {
        "municipality": municipality.pk, "title": "План за интегриране 2026-2030", "period_start": 2026,
        "period_end": 2030, "status": "draft", "decision": "",
        "priorities-TOTAL_FORMS": "0", "priorities-INITIAL_FORMS": "0",
        "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0", **extra,
    }


def test_adding_a_plan_in_the_admin_writes_a_version_and_an_audit_entry(client, root):
    url = reverse("admin:plans_plan_add")
    assert client.get(url).status_code == 200
    opaka = Municipality.objects.get(name="Опака")
    response = client.post(url, _plan_form(opaka))
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert (plan.municipality, plan.status, plan.version) == (opaka, "draft", 1)
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.author, version.snapshot["title"]) == (1, root, plan.title)
    assert AuditEntry.objects.filter(action="plan.created", object_id=plan.pk, actor=root).count() == 1
    assert client.get(reverse("admin:plans_plan_change", args=[plan.pk])).status_code == 200

    again = client.post(url, _plan_form(opaka))
    assert again.status_code == 200 and Plan.objects.count() == 1
    assert "Опака" in again.context["adminform"].form.non_field_errors()[0]


def test_a_user_is_added_with_an_e_mail(client, root):
    url = reverse("admin:accounts_user_add")
    page = client.get(url)
    assert 'name="email"' in page.content.decode()
    kotel = Municipality.objects.get(name="Котел")
    response = client.post(url, {
        "username": "ivana", "usable_password": "true", "password1": "Dylga-parola-2026", "password2": "Dylga-parola-2026",
        "first_name": "Ивана", "last_name": "Петрова", "email": "ivana@kotel.example",
        "role": "coordinator", "municipality": kotel.pk,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(username="ivana").email == "ivana@kotel.example"


def test_a_reporters_institution_belongs_to_their_municipality(client, root):
    kotel, muglizh = Municipality.objects.get(name="Котел"), Municipality.objects.get(name="Мъглиж")
    school = Institution.objects.create(name="ОУ „Христо Ботев“", municipality=muglizh)
    national = Institution.objects.create(name="Агенция по заетостта", abbreviation="АЗ")
    reporter = User(username="otchet", role="reporter", municipality=kotel, institution=school)
    with pytest.raises(ValidationError) as refused:
        reporter.clean()
    assert "institution" in refused.value.message_dict
    reporter.institution = national  # a national body serves every municipality
    reporter.clean()
    reporter.institution, reporter.municipality = school, None
    with pytest.raises(ValidationError, match="municipality"):
        reporter.clean()

    reporter = User.objects.create_user("otchet", password="pw-otchet-1", role="reporter", municipality=kotel)
    response = client.post(reverse("admin:accounts_user_change", args=[reporter.pk]), {
        "username": "otchet", "role": "reporter", "municipality": kotel.pk, "institution": school.pk,
        "is_active": "on", "date_joined_0": "2026-01-05", "date_joined_1": "10:00:00",
    })
    assert response.status_code == 200
    assert "Мъглиж" in str(response.context["adminform"].form.errors["institution"])
    assert User.objects.get(pk=reporter.pk).institution is None


class _VisibleText(HTMLParser):
    """The words a person sees or hears: text outside scripts and styles, titles, labels, button values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "bdi"):  # <bdi>: data (a password hash), not words
            self._hidden += 1
        attrs = dict(attrs)
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "bdi"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


#: Latin words a Bulgarian page may show: formats, currencies, names of standards and of keys.
ALLOWED_LATIN = {"DOCX", "PDF", "XLSX", "CSV", "JSON", "BGN", "EUR", "LDAP", "Django", "SSO", "URL",
                 "Control", "Command", "Mac"}


def _english_words(html: str) -> set[str]:
    parser = _VisibleText()
    parser.feed(html)
    return {w for w in re.findall(r"[A-Za-z]{3,}", " ".join(parser.parts)) if w not in ALLOWED_LATIN}


def test_the_admin_is_bulgarian_throughout(client, root):
    """Every list, every add form the administrator may use, and the user and plan forms: no English words."""
    from planmonitor.plans import services

    plan = services.create_plan(actor=root, municipality=Municipality.objects.get(name="Котел"),
                                title="План 2026-2030", period_start=2026, period_end=2030)
    urls = [reverse("admin:index"), reverse("admin:accounts_user_change", args=[root.pk]),
            reverse("admin:plans_plan_change", args=[plan.pk]), reverse("admin:auth_group_add")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(type("R", (), {"user": root})()):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
    english = {}
    with translation.override("bg"):
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="bg")
            assert response.status_code == 200, url
            html = response.content.decode()
            if "/admin/axes/accesslog/" in url:
                # The log lists each log-in's browser and path as recorded (axes writes "<unknown>" for
                # the test client, in the rows and the filters): data, not interface.
                html = html.replace("&lt;unknown&gt;", "")
            if words := _english_words(html):
                english[url] = sorted(words)
    assert english == {}, "\n".join(f"{k}: {v}" for k, v in english.items())
