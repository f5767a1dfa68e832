"""Import review in the browser, through the test client: upload, read, correct, restructure, publish.

Plan documents are written by ``tests.builders`` (no ``../shared`` needed).
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planmonitor.accounts.models import Institution, Municipality, User
from planmonitor.core.models import AuditEntry
from planmonitor.plans import services
from planmonitor.plans.models import ImportSession, Measure, Plan
from planmonitor.plans.review import CorrectionError, apply_correction, place_warnings
from tests.builders.big_plan import synthetic_plan
from tests.builders.word import build_docx

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    """Run background tasks at once (django_tasks re-reads TASKS when the setting changes)."""
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, name: str, data: bytes):
    return client.post(reverse("plans:import"), {"file": SimpleUploadedFile(name, data)})


def ready_session(user, plan_json: dict, warnings: list | None = None, municipality=None) -> ImportSession:
    return ImportSession.objects.create(
        filename="plan.docx", created_by=user, municipality=municipality, status="ready",
        plan_json=plan_json, warnings=warnings or [],
    )


def publish(client, session, **data):
    return client.post(reverse("plans:import_publish", args=[session.pk]), data)


@pytest.mark.django_db(transaction=True)
def test_upload_read_correct_publish_stores_a_draft(client, coordinator, immediate_tasks):
    """A DOCX is read in the background, corrected, and stored only on publish, as a draft, whatever is posted."""
    client.force_login(coordinator)
    response = upload(client, "plan.docx", build_docx(synthetic_plan(12), "tvarditsa"))
    session = ImportSession.objects.get()
    assert response["Location"] == session.get_absolute_url()
    session.refresh_from_db()
    assert (session.status, session.progress) == ("ready", 100)
    assert Plan.objects.count() == 0
    assert client.get(reverse("plans:import_progress", args=[session.pk])).json()["status"] == "ready"
    page = client.get(session.get_absolute_url())
    html = page.content.decode()
    assert len(page.context["rows"]) == 12
    for name in ("plan.title", "plan.municipality", "plan.period.start", "plan.period.end"):
        assert f'name="{name}"' in html  # always shown for confirmation
    saved = client.post(reverse("plans:import_save", args=[session.pk]),
                        {"field": "measures.0.text", "value": "Поправен текст", "revision": "0"})
    assert saved.json() == {"ok": True, "field": "measures.0.text"}
    bad = client.post(reverse("plans:import_save", args=[session.pk]), {"field": "measures.0.period.start", "value": "x"})
    assert bad.status_code == 400
    # Without the confirmation nothing is stored.
    publish(client, session, status="adopted")
    assert Plan.objects.count() == 0
    response = publish(client, session, confirm="1", status="closed")
    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.status == "draft" and plan.municipality == coordinator.municipality
    assert plan.measures.order_by("position").first().text == "Поправен текст"
    session.refresh_from_db()
    assert (session.status, session.plan) == ("published", plan)


def _publish_form_fields(html: str) -> int:
    """How many fields the publish request carries: controls inside the publish form."""
    form = re.search(r'<form[^>]*id="publish-form".*?</form>', html, re.DOTALL).group(0)
    return len(re.findall(r"<(?:input|textarea|select)\b", form))


@pytest.mark.django_db
def test_a_400_measure_plan_is_reviewed_in_pages_and_published_with_a_small_request(client, coordinator, settings):
    """Issue 10: the review of 1,000+ fields was one form (TooManyFieldsSent); now publishing is a few fields."""
    plan_json = synthetic_plan(400)
    session = ready_session(coordinator, plan_json, municipality=coordinator.municipality)
    client.force_login(coordinator)
    first = client.get(session.get_absolute_url())
    html = first.content.decode()
    assert len(first.context["rows"]) == 50 and first.context["page_count"] == 8
    assert _publish_form_fields(html) < 15
    last = client.get(session.get_absolute_url() + "?page=8")
    assert last.context["rows"][-1]["index"] == 399
    # A measure is saved with its own small form (no JavaScript needed).
    fields = {f"measures.399.{path}": "" for path in ("target",)}
    fields.update({"measures.399.target": "75 деца", "revision": "0", "action": "save"})
    response = client.post(reverse("plans:import_measure", args=[session.pk, 399]), fields)
    assert response["Location"].endswith("?page=8#m-399")
    response = publish(client, session, confirm="1")
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.measures.count() == 400 and plan.status == "draft"
    assert plan.measures.get(position=400).target_raw == "75 деца"
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000  # not raised to make the old page work


@pytest.mark.django_db(transaction=True)
def test_a_plan_of_another_municipality_stops_with_a_clear_message(client, coordinator, immediate_tasks):
    client.force_login(coordinator)
    upload(client, "kazanlak.docx", build_docx(synthetic_plan(6, municipality="Казанлък"), "tvarditsa"))
    session = ImportSession.objects.get()
    session.refresh_from_db()
    assert session.status == "failed"
    assert "Казанлък" in session.error and "Примерна" in session.error
    page = client.get(session.get_absolute_url()).content.decode()
    assert session.error in page and 'id="publish-form"' not in page
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_a_coordinator_cannot_file_a_plan_under_another_municipality(client, coordinator):
    client.force_login(coordinator)
    session = ready_session(coordinator, synthetic_plan(3), municipality=coordinator.municipality)
    refused = client.post(reverse("plans:import_save", args=[session.pk]),
                          {"field": "plan.municipality", "value": "Казанлък"})
    assert refused.status_code == 400 and "Казанлък" in refused.json()["error"]
    publish(client, session, confirm="1", **{"plan.municipality": "Казанлък"})
    plan = Plan.objects.get()
    assert plan.municipality == coordinator.municipality
    # A session whose plan names another municipality is never published under the coordinator's.
    other = ready_session(coordinator, synthetic_plan(3, municipality="Казанлък", start=2030, end=2031),
                          municipality=coordinator.municipality)
    with pytest.raises(services.PlanError, match="Казанлък"):
        services.publish_import(other, actor=coordinator)
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_an_administrator_imports_under_the_municipality_the_plan_names(client, admin_user):
    client.force_login(admin_user)
    session = ready_session(admin_user, synthetic_plan(3, municipality="Казанлък"))
    publish(client, session, confirm="1")
    plan = Plan.objects.get()
    assert plan.municipality.name == "Казанлък" and plan.municipality.district.name == "Стара Загора"


@pytest.mark.django_db
def test_adopting_is_a_separate_confirmed_step(client, coordinator):
    plan = services.import_plan(synthetic_plan(3), actor=coordinator, municipality=coordinator.municipality)
    client.force_login(coordinator)
    url = reverse("plans:status", args=[plan.pk])
    client.post(url, {"status": "adopted", "decision": "Решение № 1"})
    plan.refresh_from_db()
    assert plan.status == "draft"  # not confirmed
    client.post(url, {"status": "adopted", "confirm": "on"})
    plan.refresh_from_db()
    assert plan.status == "draft"  # no council decision
    client.post(url, {"status": "adopted", "decision": "Решение № 1", "confirm": "on"})
    plan.refresh_from_db()
    assert plan.status == "adopted"


@pytest.mark.django_db
def test_an_adopted_plan_imported_by_mistake_is_withdrawn_and_kept_in_the_audit_trail(client, coordinator):
    plan = services.import_plan(synthetic_plan(3), actor=coordinator, municipality=coordinator.municipality,
                                status="adopted")
    client.force_login(coordinator)
    url = reverse("plans:withdraw", args=[plan.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"reason": "Грешен файл", "confirm": "on"})
    plan.refresh_from_db()
    assert plan.status == "withdrawn"
    entry = AuditEntry.objects.get(action="plan.withdrawn")
    assert entry.reason == "Грешен файл" and entry.old_value == "adopted"
    client.logout()
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("portal:plan", args=[plan.pk])).status_code == 404
    # The right plan (same title and period) can now be imported again.
    again = services.import_plan(synthetic_plan(3), actor=coordinator, municipality=coordinator.municipality)
    assert again.pk != plan.pk
    # Nobody else withdraws it; a withdrawn plan changes no more.
    other = User.objects.create_user("other", role="coordinator",
                                     municipality=Municipality.objects.create(name="Друга"))
    client.force_login(other)
    assert client.post(reverse("plans:withdraw", args=[again.pk]), {"reason": "x", "confirm": "on"}).status_code == 404
    with pytest.raises(services.PlanStatusError):
        services.set_plan_status(plan, "adopted", actor=coordinator)


@pytest.mark.django_db
def test_an_import_is_never_stored_as_closed(coordinator):
    """Issue 11: an import could be published straight to "closed"."""
    with pytest.raises(services.PlanStatusError):
        services.import_plan(synthetic_plan(3), actor=coordinator, municipality=coordinator.municipality,
                             status="closed")
    assert Plan.objects.count() == 0


def _session_with_warnings(coordinator) -> ImportSession:
    plan_json = synthetic_plan(120)
    plan_json["measures"][2]["text"] = "Първа мярка.\n1.1.99. Втора мярка, слята с първата."
    warnings = [
        {"place": "стр. 1", "measure": "1.1.3", "field": "text", "message": "слети мерки?"},
        {"place": "стр. 9", "measure": None, "field": "target", "message": "целева стойност?", "index": 70},
    ]
    from planmonitor.plans.review import anchor_warnings

    return ready_session(coordinator, plan_json, anchor_warnings(plan_json, warnings), coordinator.municipality)


@pytest.mark.django_db
def test_split_add_and_delete_a_measure_and_jump_to_the_next_warning(client, coordinator):
    session = _session_with_warnings(coordinator)
    client.force_login(coordinator)
    page = client.get(session.get_absolute_url())
    rows = {row["index"]: row for row in page.context["rows"]}
    assert rows[2]["flagged"] and rows[2]["next_url"].endswith("?page=2#m-70")
    assert page.context["first_flagged_url"].endswith("?page=1#m-2")
    measure_url = reverse("plans:import_measure", args=[session.pk, 2])
    # Split at the line that starts with a number (no cursor given).
    response = client.post(measure_url, {"action": "split", "revision": "0"})
    assert response["Location"].endswith("#m-3")
    session.refresh_from_db()
    measures = session.plan_json["measures"]
    assert len(measures) == 121 and session.revision == 1
    assert (measures[2]["text"], measures[3]["code"], measures[3]["text"]) == (
        "Първа мярка.", "1.1.99", "Втора мярка, слята с първата.")
    assert measures[3]["responsible"] == measures[2]["responsible"]
    assert {w["index"] for w in session.warnings} >= {2, 3, 71}  # the later warning moved with its measure
    # A save from a page showing the old list is refused, not applied to another measure.
    stale = client.post(reverse("plans:import_save", args=[session.pk]),
                        {"field": "measures.5.text", "value": "x", "revision": "0"})
    assert stale.status_code == 409
    # Add a missing measure after the first: an empty text is a problem at the field and in the summary.
    client.post(reverse("plans:import_measure", args=[session.pk, 0]), {"action": "add", "revision": "1"})
    page = client.get(session.get_absolute_url())
    html = page.content.decode()
    assert 'class="error-summary"' in html and f'href="/plans/import/{session.pk}/?page=1#f-measures.1.text"' in html
    text_field = next(f for f in page.context["rows"][1]["fields"] if f["path"] == "text")
    assert text_field["error"] and 'id="err-measures.1.text"' in html
    assert publish(client, session, confirm="1").status_code == 302 and Plan.objects.count() == 0
    client.post(reverse("plans:import_measure", args=[session.pk, 1]),
                {"action": "save", "revision": "2", "measures.1.text": "Добавена мярка"})
    # Delete an extra one.
    client.post(reverse("plans:import_measure", args=[session.pk, 121]), {"action": "delete", "revision": "2"})
    session.refresh_from_db()
    assert len(session.plan_json["measures"]) == 121
    assert publish(client, session, confirm="1").status_code == 302
    plan = Plan.objects.get()
    assert plan.measures.count() == 121
    assert plan.measures.filter(code="1.1.99", text="Втора мярка, слята с първата.").exists()
    assert AuditEntry.objects.filter(action="import.measure_split").exists()


@pytest.mark.django_db
def test_errors_on_another_page_are_linked_from_the_summary_at_the_top(client, coordinator):
    plan_json = synthetic_plan(80)
    plan_json["measures"][60]["text"] = ""
    plan_json["period"]["end"] = None
    session = ready_session(coordinator, plan_json, municipality=coordinator.municipality)
    client.force_login(coordinator)
    html = client.get(session.get_absolute_url()).content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.DOTALL).group(0)
    assert "?page=2#f-measures.60.text" in summary and "#f-plan.period.end" in summary
    assert 'id="err-plan.period.end"' in html
    page_two = client.get(session.get_absolute_url() + "?page=2").content.decode()
    assert 'id="err-measures.60.text"' in page_two and 'aria-describedby="err-measures.60.text"' in page_two
    publish(client, session, confirm="1")
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_names_the_registry_does_not_know_are_confirmed_and_fragments_are_never_institutions(client, coordinator):
    """Issue 10: "гинекология", "групи", "всички институции" became institutions."""
    plan_json = synthetic_plan(6, quirks=True)
    plan_json["measures"][0]["responsible"] = "РЗИ, акушер-гинекология, групи"
    plan_json["measures"][1]["responsible"] = "Клуб „Искра“, Всички институции"
    session = ready_session(coordinator, plan_json, municipality=coordinator.municipality)
    client.force_login(coordinator)
    page = client.get(session.get_absolute_url())
    assert [item["name"] for item in page.context["unknown_institutions"]] == ["Клуб „Искра“", "Сдружение „Нов път“"]
    client.post(reverse("plans:import_institutions", args=[session.pk]),
                {"institution": ["Сдружение „Нов път“", "групи"]})
    session.refresh_from_db()
    assert session.new_institutions == ["Сдружение „Нов път“"]
    publish(client, session, confirm="1")
    names = set(Institution.objects.values_list("name", flat=True))
    assert "Сдружение „Нов път“" in names and "Клуб „Искра“" not in names
    for fragment in ("акушер-гинекология", "групи", "всички институции", "Всички институции"):
        assert fragment not in names
    linked = Measure.objects.get(position=5).institutions.values_list("name", flat=True)
    assert "Сдружение „Нов път“" in linked


@pytest.mark.django_db(transaction=True)
def test_a_file_the_reader_refuses_shows_one_message_and_stores_nothing(client, coordinator, immediate_tasks):
    """Issue 15: no plan table, or a table with no measure, is one clear message in the web import."""
    import docx

    from tests.builders.bad_files import docx_without_tables

    document = docx.Document()
    document.add_paragraph("План за действие на Община Примерна 2025-2028 г.")
    table = document.add_table(rows=1, cols=3)
    for col, text in enumerate(("№", "Мерки", "Срок")):
        table.cell(0, col).text = text
    empty = io.BytesIO()
    document.save(empty)
    client.force_login(coordinator)
    for name, data in (("no-table.docx", docx_without_tables()), ("empty.docx", empty.getvalue())):
        upload(client, name, data)
        session = ImportSession.objects.latest("pk")
        session.refresh_from_db()
        assert session.status == "failed" and session.error, name
        html = client.get(session.get_absolute_url()).content.decode()
        assert html.count('role="alert"') == 1 and session.error in html
        assert 'id="publish-form"' not in html
    assert Plan.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_crash_of_the_reader_fails_the_import_instead_of_reading_forever(client, coordinator, immediate_tasks,
                                                                          monkeypatch):
    from planmonitor.plans import reading

    def broken(data, filename):
        raise RuntimeError("bug")

    monkeypatch.setattr(reading, "read_plan", broken)
    client.force_login(coordinator)
    upload(client, "plan.docx", build_docx(synthetic_plan(3), "tvarditsa"))
    session = ImportSession.objects.get()
    assert session.status == "failed" and "администратор" in session.error


@pytest.mark.django_db(transaction=True)
def test_the_web_import_reads_with_the_deployments_settings(client, coordinator, immediate_tasks, settings, tmp_path):
    """Issue 15: the web import used the reader's defaults, not PLANMONITOR_SOFFICE and the registry."""
    registry = tmp_path / "institutions.csv"
    registry.write_text("abbreviation,name,kind,aliases\nНП,Сдружение „Нов път“,ngo,\n", encoding="utf-8")
    settings.PLANMONITOR_INSTITUTIONS = str(registry)
    client.force_login(coordinator)
    upload(client, "plan.docx", build_docx(synthetic_plan(6, quirks=True), "tvarditsa"))
    session = ImportSession.objects.get()
    assert client.get(session.get_absolute_url()).context["unknown_institutions"] == []
    publish(client, session, confirm="1")
    assert Institution.objects.filter(abbreviation="НП", kind="ngo").exists()
    # A LibreOffice the deployment points at is the one used (here: one that is not there).
    settings.PLANMONITOR_SOFFICE = str(tmp_path / "no-soffice")
    # (A .doc: ODT is read without LibreOffice now.)
    doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")
    upload(client, "plan.doc", doc)
    session = ImportSession.objects.latest("pk")
    assert session.status == "failed" and "не е инсталиран" in session.error  # not the soffice on PATH


@pytest.mark.django_db
def test_only_coordinators_upload_and_only_the_uploader_reviews(client, coordinator, municipality):
    """Reporters may not upload; another coordinator cannot open someone's import."""
    reporter = User.objects.create_user("rep", role="reporter", municipality=municipality)
    client.force_login(reporter)
    assert client.get(reverse("plans:import")).status_code == 403
    session = ImportSession.objects.create(filename="x.txt", created_by=coordinator, status="ready", plan_json={})
    other = User.objects.create_user("other", role="coordinator", municipality=municipality)
    client.force_login(other)
    assert client.get(session.get_absolute_url()).status_code == 404
    assert client.post(reverse("plans:import_measure", args=[session.pk, 0]), {"action": "delete"}).status_code == 404


def test_apply_correction_types_and_refusals(small_plan_json):
    plan = apply_correction(small_plan_json, "measures.2.period.start", "2025")
    assert plan["measures"][2]["period"]["start"] == 2025 and small_plan_json["measures"][2]["period"]["start"] is None
    plan = apply_correction(plan, "measures.0.funding.amount", "1 500,50")
    assert plan["measures"][0]["funding"]["amount"] == 1500.5
    plan = apply_correction(plan, "measures.0.funding.amount", "")
    assert plan["measures"][0]["funding"]["currency"] is None
    assert apply_correction(plan, "plan.title", "Нов")["title"] == "Нов"
    for target, value in [("measures.9.text", "x"), ("measures.0.id", "1"), ("plan.format", "x"), ("measures.0.text", " ")]:
        with pytest.raises(CorrectionError):
            apply_correction(plan, target, value)


def test_warnings_are_placed_at_their_measure(small_plan_json):
    small_plan_json["measures"][2]["code"] = None
    marked = place_warnings(small_plan_json, [
        {"place": "p", "measure": "1.1.2", "field": "funding.amount", "message": "a"},
        {"place": "p", "measure": None, "field": "code", "message": "no number"},
        {"place": "p", "measure": None, "field": None, "message": "general"},
    ])
    assert [(w.measure_index, w.field) for w in marked] == [(1, "funding.amount"), (2, "code"), (None, None)]


@pytest.mark.django_db
def test_a_duplicate_publish_keeps_the_corrections_and_says_why(client, coordinator, small_plan_json):
    """Publishing a plan that is already stored stops with the reason; what was typed stays in the session."""
    small_plan_json["municipality"] = coordinator.municipality.name
    services.import_plan(small_plan_json, actor=coordinator, municipality=coordinator.municipality)
    session = ready_session(coordinator, small_plan_json, municipality=coordinator.municipality)
    client.force_login(coordinator)
    client.post(reverse("plans:import_save", args=[session.pk]), {"field": "measures.0.target", "value": "999 деца"})
    response = client.post(reverse("plans:import_publish", args=[session.pk]), {"confirm": "1"}, follow=True)
    assert "already has the plan" in response.content.decode() or "вече има плана" in response.content.decode()
    session.refresh_from_db()
    assert session.status == "ready" and session.plan_json["measures"][0]["target"] == "999 деца"
    client.post(reverse("plans:import_publish", args=[session.pk]), {"confirm": "1", "new_version": "1"})
    plan = Plan.objects.get()
    assert plan.version == 2 and plan.measures.get(code="1.1.1").target_raw == "999 деца"


@pytest.mark.django_db
def test_a_refused_value_saved_without_javascript_is_shown_as_typed_at_its_field(client, coordinator):
    session = ready_session(coordinator, synthetic_plan(60), municipality=coordinator.municipality)
    client.force_login(coordinator)
    response = client.post(reverse("plans:import_measure", args=[session.pk, 55]),
                           {"action": "save", "revision": "0", "measures.55.period.start": "около 2026",
                            "measures.55.target": "90 деца"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="около 2026"' in html and 'id="err-measures.55.period.start"' in html
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.DOTALL).group(0)
    assert "#f-measures.55.period.start" in summary
    session.refresh_from_db()
    assert session.plan_json["measures"][55]["target"] == "90 деца"  # the valid field of the form was kept


@pytest.mark.django_db(transaction=True)
def test_a_file_without_a_plan_table_fails_with_one_clear_line(client, coordinator, immediate_tasks):
    """Issue 15 point 12: a file that gives no measures is refused, not offered as an empty plan."""
    client.force_login(coordinator)
    upload(client, "oferta.txt", "№\tНаименование\tМярка\tКоличество\n1\tХартия\tбр.\t100\n".encode())
    session = ImportSession.objects.get()
    assert session.status == "failed"
    assert "не е намерена таблица с мерки" in session.error
    assert session.error in client.get(session.get_absolute_url()).content.decode()
    assert Plan.objects.count() == 0
