"""Storing plans: import all or nothing, no silent duplicates, amendments as versions, exact export."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planmonitor.accounts.models import District, Municipality
from planmonitor.core.models import AuditEntry
from planmonitor.plans import services
from planmonitor.plans.models import Funding, Goal, Indicator, Measure, Plan, PlanVersion, Priority, Task
from planmonitor.plans.services import PlanAlreadyExists, PlanJsonError, PlanStatusError

LABEL_KEYS = ("ambiguous", "note", "id")


def without_labels(value):
    """plan-json without the labeller's notes and the reader's warnings, which export does not keep."""
    if isinstance(value, dict):
        return {k: without_labels(v) for k, v in value.items() if k not in LABEL_KEYS + ("warnings",)}
    if isinstance(value, list):
        return [without_labels(v) for v in value]
    return value


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["kazanlak_json", "tvarditsa_json"])
def test_import_then_export_reproduces_the_labelled_plan(name, request, admin_user):
    """import -> export gives back exactly the imported plan-json (label keys aside)."""
    plan_json = request.getfixturevalue(name)
    plan = services.import_plan(plan_json, actor=admin_user, source_file="seed.json")
    assert services.export_plan(plan) == without_labels(plan_json)
    assert plan.measures.count() == len(plan_json["measures"])
    assert plan.versions.get().number == 1


@pytest.mark.django_db
def test_import_stores_numbers_beside_the_text(small_plan_json, admin_user):
    """Amounts, years and indicator values are numbers; the text as written stays beside them."""
    plan = services.import_plan(small_plan_json, actor=admin_user, district_name="Стара Загора")
    assert plan.municipality.district.name == "Стара Загора"
    first = Measure.objects.get(plan=plan, code="1.1.1")
    funding = first.fundings.get()
    assert funding.amount == Decimal("3931606.10")
    assert (funding.currency, funding.amount_raw) == ("BGN", "3 931 606,10 лв.")
    indicator = first.indicators.get()
    assert (indicator.baseline, indicator.target, indicator.unit) == (Decimal("120"), Decimal("200"), "деца")
    assert indicator.cumulative is True
    share = Indicator.objects.get(measure__code="1.1.2")
    assert (share.target, share.unit, share.cumulative) == (Decimal("80"), "%", False)
    assert first.goal.code == "1" and first.task.code == "1.1"
    training = Measure.objects.get(plan=plan, code="1", priority__name="Заетост")
    assert training.goal.parent.code == "I"
    assert training.fundings.count() == 0
    assert " ромск " in first.search_text
    assert AuditEntry.objects.filter(action="plan.imported", object_id=plan.pk).count() == 1


@pytest.mark.django_db
def test_a_failure_half_way_leaves_nothing(small_plan_json, admin_user):
    """All or nothing: a measure that cannot be stored undoes the municipality, plan and earlier rows."""
    bodies = (Municipality.objects.count(), District.objects.count())  # the national register, loaded by migrate
    small_plan_json["measures"][2]["funding"] = {"amount_raw": "5", "amount": 5.0, "currency": None, "source": None}
    with pytest.raises(PlanJsonError, match="without a currency"):
        services.import_plan(small_plan_json, actor=admin_user, district_name="Нова")
    for model in (Plan, Priority, Goal, Task, Measure, Funding, Indicator, PlanVersion):
        assert model.objects.count() == 0, model
    assert (Municipality.objects.count(), District.objects.count()) == bodies


@pytest.mark.django_db
def test_the_same_plan_twice_is_refused(small_plan_json, admin_user):
    """Importing the same municipality, title and period again stops with a clear message."""
    plan = services.import_plan(small_plan_json, actor=admin_user)
    with pytest.raises(PlanAlreadyExists) as refused:
        services.import_plan(small_plan_json, actor=admin_user)
    assert refused.value.plan == plan
    assert "Примерна" in str(refused.value) and "2024" in str(refused.value)
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_the_same_plan_as_new_version_amends_it(small_plan_json, admin_user):
    """on_duplicate="new_version" applies the file as an amendment and keeps measure rows."""
    plan = services.import_plan(small_plan_json, actor=admin_user)
    kept = Measure.objects.get(plan=plan, code="1.1.1").pk
    small_plan_json["measures"][0]["text"] = "Обхват на всички деца в училищата"
    again = services.import_plan(small_plan_json, actor=admin_user, on_duplicate="new_version")
    assert again.pk == plan.pk and again.version == 2
    assert Measure.objects.get(pk=kept).text == "Обхват на всички деца в училищата"
    assert list(again.versions.values_list("number", flat=True)) == [1, 2]
    assert again.versions.get(number=1).snapshot["measures"][0]["text"] == "Обхват на ромските деца в училищата"


@pytest.mark.django_db
def test_amend_measure_add_and_remove(small_plan_json, admin_user):
    """Each amendment makes a version with who and why; unchanged content makes none."""
    plan = services.import_plan(small_plan_json, actor=admin_user, status="adopted")
    measure = Measure.objects.get(plan=plan, code="1.1.2")
    services.amend_measure(measure, {"code": "1.1.9", "target": "90 %"}, actor=admin_user, reason="Решение № 5")
    measure.refresh_from_db()
    assert (measure.code, measure.target_raw) == ("1.1.9", "90 %")
    assert measure.indicators.get().target == Decimal("90")
    services.add_measure(plan, {"text": "Нова мярка", "priority": "Заетост", "goal": "1"}, actor=admin_user, reason="r")
    services.remove_measure(Measure.objects.get(plan=plan, code="1.1.1"), actor=admin_user, reason="r2")
    plan.refresh_from_db()
    assert plan.version == 4
    versions = list(plan.versions.order_by("number"))
    assert [v.reason for v in versions[1:]] == ["Решение № 5", "r", "r2"]
    assert all(v.author == admin_user for v in versions)
    assert sorted(m["text"] for m in versions[-1].snapshot["measures"]) == sorted(
        ["Медиатори в „Заедно за всяко дете“", "Обучения за безработни роми", "Нова мярка"]
    )
    services.amend_plan(plan, services.export_plan(plan), actor=admin_user, reason="nothing")
    plan.refresh_from_db()
    assert plan.version == 4


@pytest.mark.django_db
def test_status_moves_only_along_the_table(small_plan_json, admin_user):
    """draft -> adopted -> closed; anything else is refused and a closed plan is not amended."""
    plan = services.import_plan(small_plan_json, actor=admin_user)
    with pytest.raises(PlanStatusError):
        services.set_plan_status(plan, "closed", actor=admin_user)
    services.set_plan_status(plan, "adopted", actor=admin_user, decision="Решение № 1/2024")
    plan.refresh_from_db()
    assert (plan.status, plan.decision) == ("adopted", "Решение № 1/2024")
    services.set_plan_status(plan, "closed", actor=admin_user)
    with pytest.raises(PlanStatusError):
        services.amend_plan(plan, small_plan_json, actor=admin_user, reason="late")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, message",
    [
        (lambda p: p.update(title=" "), "no title"),
        (lambda p: p.update(period={"start": None, "end": None}), "period is not known"),
        (lambda p: p["measures"][0].update(period={"raw": "x", "start": 2027, "end": 2024}), "before it starts"),
    ],
)
def test_unstorable_plans_are_refused_with_a_reason(small_plan_json, admin_user, change, message):
    change(small_plan_json)
    with pytest.raises(PlanJsonError, match=message):
        services.import_plan(small_plan_json, actor=admin_user)
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_import_without_a_district_places_the_plan_by_the_register(small_plan_json, admin_user):
    """A plan read from a document names only "Община Казанлък": it lands in Stara Zagora district,
    under the municipality's official name, and a second plan of "Казанлък" finds the same municipality."""
    bodies = (Municipality.objects.count(), District.objects.count())
    first = dict(small_plan_json, municipality="Община Казанлък")
    plan = services.import_plan(first, actor=admin_user)
    assert plan.municipality.name == "Казанлък"
    assert plan.municipality.district.name == "Стара Загора"
    second = dict(small_plan_json, municipality="Казанлък", period={"start": 2028, "end": 2031}, title="Следващ план")
    assert services.import_plan(second, actor=admin_user).municipality == plan.municipality
    assert (Municipality.objects.count(), District.objects.count()) == bodies


@pytest.mark.django_db
def test_an_ambiguous_municipality_waits_for_its_district(small_plan_json, admin_user):
    """"Бяла" is in Varna and in Ruse district (both are in the database): neither is picked by chance."""
    plan = services.import_plan(dict(small_plan_json, municipality="Бяла"), actor=admin_user)
    assert plan.municipality.district is None
    other = dict(small_plan_json, municipality="Бяла", period={"start": 2030, "end": 2033}, title="Друг план")
    placed = services.import_plan(other, actor=admin_user, district_name="област Русе")
    assert placed.municipality.district.name == "Русе"


@pytest.mark.django_db
def test_a_numbered_goal_or_task_without_a_title_is_stored(small_plan_json, admin_user):
    """plan-json gives a numbered goal or task whose cell has no title a null title (the reader does);
    the import stores it as an empty title instead of failing on the database's NOT NULL."""
    goal = small_plan_json["priorities"][0]["goals"][0]
    goal["title"] = None
    goal["tasks"] = [{"code": f"{goal['code']}.1", "title": None}]
    plan = services.import_plan(small_plan_json, actor=admin_user)
    stored = Goal.objects.get(priority__plan=plan, priority__name=small_plan_json["priorities"][0]["name"],
                              code=goal["code"])
    assert stored.title == "" and Task.objects.get(goal=stored).code == f"{goal['code']}.1"
