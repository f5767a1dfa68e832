"""The plan pages through the test client: content, permissions, and query counts that do not grow."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse
from django.utils.html import escape

from planmonitor.accounts.models import Institution, User
from planmonitor.plans import services
from planmonitor.plans.models import Measure, Plan
from tests.querycount import assert_count_stays, assert_same_count, get, logged_in


@pytest.fixture
def big_and_small(kazanlak_json, small_plan_json, admin_user):
    """An adopted plan of 116 measures and one of 3, in the same deployment."""
    big = services.import_plan(kazanlak_json, actor=admin_user, status="adopted", district_name="Стара Загора")
    small = services.import_plan(small_plan_json, actor=admin_user, status="adopted", district_name="Стара Загора")
    return big, small


PAGES = [
    lambda plan: reverse("plans:plan", args=[plan.pk]),
    lambda plan: reverse("plans:plan", args=[plan.pk]) + "?priority=Образование&year=2018",
    lambda plan: reverse("plans:versions", args=[plan.pk]),
    lambda plan: reverse("plans:measure", args=[plan.measures.order_by("position").last().pk]),
    lambda plan: reverse("plans:institution", args=[
        Institution.objects.filter(measures__plan=plan).order_by("pk").first().pk]),
    lambda plan: reverse("plans:export", args=[plan.pk]),
]


def _client_of(who: str, plan: Plan):
    """Anonymous, or a coordinator of the plan's municipality, logged in before anything is counted."""
    if who == "anonymous":
        return logged_in(None)
    return logged_in(User.objects.create_user(f"c-{plan.pk}", role="coordinator", municipality=plan.municipality))


@pytest.mark.django_db
@pytest.mark.parametrize("page", range(len(PAGES)))
@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_query_count_does_not_grow_with_the_plan(big_and_small, page, who):
    """Each page costs the same number of queries for 3 measures as for 116 (anonymous: followed to the portal)."""
    big, small = big_and_small
    assert_same_count(
        get(_client_of(who, small), PAGES[page](small), follow=True),
        get(_client_of(who, big), PAGES[page](big), follow=True),
        what=f"{PAGES[page](big)} {who} (3 / 116 measures)",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["plans:list", "plans:search"])
@pytest.mark.parametrize("who", ["anonymous", "coordinator", "admin"])
def test_list_and_search_query_counts_do_not_grow_with_the_plans(url, who, small_plan_json, kazanlak_json,
                                                                admin_user, coordinator):
    """The plan list and search cost the same with one plan of 3 measures as with 4 plans, one of 116."""
    services.import_plan(small_plan_json, actor=admin_user, status="adopted", district_name="Стара Загора")
    client = logged_in({"anonymous": None, "coordinator": coordinator, "admin": admin_user}[who])

    def grow() -> None:
        services.import_plan(kazanlak_json, actor=admin_user, status="adopted", district_name="Стара Загора")
        for n in range(2):
            other = copy.deepcopy(small_plan_json) | {"municipality": f"Друга {n}"}
            services.import_plan(other, actor=admin_user, status="adopted", district_name=f"Област {n}")

    data = {"q": "деца"} if url == "plans:search" else None
    assert_count_stays(get(client, reverse(url), data, follow=True), grow, what=f"{url} {who} (1 plan / 4 plans)")


@pytest.mark.django_db
def test_plan_page_shows_every_priority_goal_and_measure(big_and_small, client, kazanlak_json):
    """The plan page is laid out as the plan: every priority, goal and measure text is on it."""
    big, _small = big_and_small
    client.force_login(User.objects.create_user("c3", role="coordinator", municipality=big.municipality))
    html = client.get(reverse("plans:plan", args=[big.pk])).content.decode()
    for priority in kazanlak_json["priorities"]:
        assert priority["name"] in html
        for goal in priority["goals"]:
            assert escape(goal["title"]) in html
    for measure in kazanlak_json["measures"]:
        assert escape(measure["text"]) in html, measure["code"]


@pytest.mark.django_db
def test_renamed_institution_shows_on_the_cached_plan_page_at_once(client, small_plan_json, admin_user):
    """The plan tree is cached; renaming an institution in the admin must not leave the old name showing."""
    plan = services.import_plan(small_plan_json, actor=admin_user, status="adopted")
    url = reverse("plans:plan", args=[plan.pk])
    institution = Institution.objects.filter(measures__plan=plan).exclude(name__startswith="Община").first()
    reader = User.objects.create_user("reader", role="coordinator", municipality=plan.municipality)
    client.force_login(reader)
    assert f'title="{escape(institution.name)}"' in client.get(url).content.decode()
    client.force_login(User.objects.create_superuser("root", password="pw-root-123", role=User.Role.ADMIN))
    change = reverse("admin:accounts_institution_change", args=[institution.pk])
    form = {"abbreviation": "НОВО", "name": "Преименувана институция", "kind": institution.kind, "municipality": ""}
    assert client.post(change, form).status_code == 302
    client.force_login(reader)
    html = client.get(url).content.decode()
    assert 'title="Преименувана институция">НОВО</a>' in html
    assert f'title="{escape(institution.name)}"' not in html


@pytest.mark.django_db
def test_plan_page_money_and_filters(client, small_plan_json, admin_user):
    """Money is in the Bulgarian format; filters by institution, status, source and year narrow the measures."""
    plan = services.import_plan(small_plan_json, actor=admin_user, status="adopted")
    url = reverse("plans:plan", args=[plan.pk])
    client.force_login(User.objects.create_user("c4", role="coordinator", municipality=plan.municipality))
    html = client.get(url).content.decode()
    assert "3\u00a0931\u00a0606,10 лв." in html and "4\u00a0000,00 €" in html
    assert "3 of 3 measures" in html or "3 от 3" in html
    ruo = Institution.objects.get(abbreviation="РУО")
    for query, shown in [
        (f"?institution={ruo.pk}", 2), ("?status=предстоящ", 1), ("?source=общински", 1), ("?year=2025", 3),
        ("?year=2026", 2), ("?priority=Заетост", 1),
    ]:
        response = client.get(url + query)
        assert response.context["page"].shown_count == shown, query


@pytest.mark.django_db
def test_drafts_are_hidden_and_edit_pages_closed_to_the_public(client, small_plan_json, admin_user):
    """Anonymous visitors get 404 for a draft and are sent to log in from every edit page."""
    plan = services.import_plan(small_plan_json, actor=admin_user)
    measure = plan.measures.first()
    assert client.get(reverse("plans:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plans:measure", args=[measure.pk])).status_code == 404
    assert plan.title not in client.get(reverse("plans:list")).content.decode()
    for url in [
        reverse("plans:measure_edit", args=[measure.pk]), reverse("plans:measure_remove", args=[measure.pk]),
        reverse("plans:measure_add", args=[plan.pk]), reverse("plans:status", args=[plan.pk]),
        reverse("plans:import"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.django_db
def test_amend_through_the_form_and_see_the_difference(client, small_plan_json, admin_user, coordinator):
    """A coordinator amends a measure with a reason; the versions page shows old and new."""
    plan = services.import_plan(small_plan_json, actor=admin_user, status="adopted")
    plan.municipality = coordinator.municipality
    plan.save(update_fields=["municipality"])
    measure = Measure.objects.get(plan=plan, code="1.1.2")
    client.force_login(coordinator)
    assert "Медиатори в детските градини" not in client.get(plan.get_absolute_url()).content.decode()
    form = client.get(reverse("plans:measure_edit", args=[measure.pk])).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(text="Медиатори в детските градини", reason="Решение № 12 от 01.02.2025")
    response = client.post(reverse("plans:measure_edit", args=[measure.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.version == 2
    html = client.get(reverse("plans:versions", args=[plan.pk])).content.decode()
    assert "Решение № 12 от 01.02.2025" in html
    assert "<del>училищата“</del>" not in html
    assert "<ins>детските градини</ins>" in html
    assert "Медиатори в детските градини" in client.get(plan.get_absolute_url()).content.decode()  # no stale cache


@pytest.mark.django_db
def test_other_coordinator_cannot_amend(client, small_plan_json, admin_user, coordinator):
    """A coordinator of another municipality may read an adopted plan but not open its edit pages."""
    plan = services.import_plan(small_plan_json, actor=admin_user, status="adopted", district_name="Другa")
    assert plan.municipality != coordinator.municipality
    client.force_login(coordinator)
    measure = plan.measures.first()
    assert client.get(reverse("plans:measure", args=[measure.pk])).status_code == 200
    assert client.get(reverse("plans:measure_edit", args=[measure.pk])).status_code == 403
    assert client.post(reverse("plans:status", args=[plan.pk]), {"status": "closed"}).status_code == 403
    assert Plan.objects.get().status == "adopted"


@pytest.mark.django_db
def test_search_finds_bulgarian_word_forms(client, small_plan_json, admin_user):
    """Case, quotes and word endings do not hide a hit; drafts are not searched for the public."""
    plan = services.import_plan(small_plan_json, actor=admin_user, status="adopted")
    url = reverse("plans:search")

    def found(query: str) -> set[str]:
        return {m.code for m in client.get(url, {"q": query}).context["measures"]}

    assert found("училища") == {"1.1.1"}
    assert found("РОМСКИ") == {"1.1.1"}
    assert found('"заедно"') == {"1.1.2"}
    assert found("медиатор") == {"1.1.2"}
    assert found("бюро труда") == {"1"}  # institution names are searched too
    assert found("училища медиатори") == set()
    services.set_plan_status(plan, "closed", actor=admin_user)
    assert found("училища") == {"1.1.1"}
    Plan.objects.filter(pk=plan.pk).update(status="draft")
    assert found("училища") == set()


EDIT_PAGES = [
    lambda plan: reverse("plans:measure_edit", args=[plan.measures.order_by("position").last().pk]),
    lambda plan: reverse("plans:measure_remove", args=[plan.measures.order_by("position").last().pk]),
    lambda plan: reverse("plans:measure_add", args=[plan.pk]),
    lambda plan: reverse("plans:status", args=[plan.pk]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", range(len(EDIT_PAGES)))
def test_edit_pages_query_count_does_not_grow(big_and_small, admin_user, page):
    big, small = big_and_small
    client = logged_in(admin_user)
    assert_same_count(get(client, EDIT_PAGES[page](small)), get(client, EDIT_PAGES[page](big)),
                      what=f"{EDIT_PAGES[page](big)} (3 / 116 measures)")


IMPORT_PAGES = [
    lambda session: session.get_absolute_url(),
    lambda session: reverse("plans:import_progress", args=[session.pk]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", range(len(IMPORT_PAGES)))
def test_import_review_pages_query_count(coordinator, kazanlak_json, small_plan_json, page):
    """The review pages read the session once, whatever the number of measures in it (3 or 116)."""
    from planmonitor.plans.models import ImportSession

    small, big = (
        ImportSession.objects.create(filename="x.txt", created_by=coordinator, status="ready", plan_json=plan_json,
                                     warnings=[])
        for plan_json in (small_plan_json, kazanlak_json)
    )
    client = logged_in(coordinator)
    assert_same_count(get(client, IMPORT_PAGES[page](small)), get(client, IMPORT_PAGES[page](big)),
                      what=f"{IMPORT_PAGES[page](big)} (3 / 116 measures)")


@pytest.mark.django_db
def test_the_public_is_sent_from_staff_plan_pages_to_the_portal(client, small_plan_json, admin_user):
    """Issue 10.12: /plans/1/, its versions (source file names) and measures are not the public's way in."""
    plan = services.import_plan(small_plan_json, actor=admin_user, status="adopted")
    measure = plan.measures.order_by("position").first()
    for staff, public in (
        (reverse("plans:plan", args=[plan.pk]), reverse("portal:plan", args=[plan.pk])),
        (reverse("plans:versions", args=[plan.pk]), reverse("portal:plan", args=[plan.pk])),
        (reverse("plans:measure", args=[measure.pk]), reverse("portal:measure", args=[plan.pk, measure.pk])),
        (reverse("plans:list"), reverse("portal:index")),
    ):
        response = client.get(staff)
        assert (response.status_code, response.url) == (302, public), staff
    html = client.get(reverse("portal:index")).content.decode()
    assert f'action="{reverse("portal:search")}"' in html  # the header search searches the portal
