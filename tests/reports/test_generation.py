"""Background generation: request -> task -> file, with progress, versions and permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planmonitor.accounts.models import User
from planmonitor.reports import services
from planmonitor.reports.models import GeneratedReport
from tests.reports import documents, factories


@pytest.fixture
def built(db):
    return factories.full_year()


@pytest.fixture
def coordinator(built):
    return factories.user("coord", User.Role.COORDINATOR, municipality=built.plan.municipality)


@pytest.mark.django_db
def test_request_generates_file_and_regenerating_makes_a_new_version(built, coordinator,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_report(built.plan, built.period, "docx", actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.request_report(built.plan, built.period, "docx", actor=coordinator)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.status == second.status == GeneratedReport.Status.DONE
    assert first.progress == 100 and first.is_final is True
    assert first.file.name != second.file.name
    with first.file.open("rb") as f:
        assert built.measures[0].text in documents.docx_text(f.read())


@pytest.mark.django_db
def test_failure_is_recorded_with_its_reason(built, coordinator, django_capture_on_commit_callbacks, monkeypatch):
    def broken(fmt):
        def write(data):
            raise RuntimeError("disk full")
        return write

    monkeypatch.setattr("planmonitor.reports.render.writer", broken)
    with django_capture_on_commit_callbacks(execute=True):
        generated = services.request_report(built.plan, built.period, "pdf", actor=coordinator)
    generated.refresh_from_db()
    assert generated.status == GeneratedReport.Status.FAILED
    assert generated.error == "RuntimeError: disk full"


@pytest.mark.django_db
def test_pages_generate_poll_and_download(client, built, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    page = client.get(reverse("reports:plan", args=[built.plan.pk]))
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request", args=[built.plan.pk]),
                               {"period": built.period.pk, "format": "pdf"})
    generated = GeneratedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == generated.get_absolute_url()
    state = client.get(reverse("reports:progress", args=[generated.pk])).json()
    assert state["status"] == "done" and state["progress"] == 100 and state["download"]
    file = client.get(reverse("reports:download", args=[generated.pk]))
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
    assert b"".join(file.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "same_municipality", "view", "generate"), [
    (User.Role.COORDINATOR, True, 200, 302),
    (User.Role.COORDINATOR, False, 403, 403),
    (User.Role.REPORTER, True, 403, 403),
    (User.Role.DISTRICT, True, 200, 403),
])
def test_who_may_see_and_generate(client, built, role, same_municipality, view, generate,
                                  django_capture_on_commit_callbacks):
    """Same setup for allowed and refused cases; only the role and the municipality change."""
    muni = built.plan.municipality if same_municipality else factories.municipality("Друга")
    person = factories.user("person", role, municipality=muni if role != User.Role.DISTRICT else None,
                            district=muni.district if role == User.Role.DISTRICT else None)
    client.force_login(person)
    assert client.get(reverse("reports:plan", args=[built.plan.pk])).status_code == view
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request", args=[built.plan.pk]),
                               {"period": built.period.pk, "format": "docx"})
    assert response.status_code == generate


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client, built):
    response = client.get(reverse("reports:plan", args=[built.plan.pk]))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


@pytest.mark.django_db
def test_index_lists_plans_whose_reports_the_person_reads(client, built, coordinator):
    factories.plan(muni=factories.municipality("Чужда"), title="Чужд план")
    client.force_login(coordinator)
    html = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:plan", args=[built.plan.pk]) in html
    assert "Чужд план" not in html


UNIT = "Звено за мониторинг – дирекция „Хуманитарни дейности“"


def _title_page_docx(content: bytes) -> str:
    """The DOCX paragraphs before the first page break: the title page."""
    import io

    from docx import Document

    lines = []
    for p in Document(io.BytesIO(content)).paragraphs:
        if 'w:br w:type="page"' in p._p.xml:
            break
        lines.append(p.text)
    return documents.normalise(" ".join(lines))


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_unit_typed_in_the_form_is_on_the_title_page(client, built, coordinator, fmt,
                                                     django_capture_on_commit_callbacks):
    """The unit goes from the form to the version, to its page and to the title page of the file."""
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request", args=[built.plan.pk]),
                               {"period": built.period.pk, "format": fmt, "unit": f"  {UNIT} "})
    generated = GeneratedReport.objects.get()
    assert response.status_code == 302 and generated.unit == UNIT
    assert UNIT in client.get(generated.get_absolute_url()).content.decode()
    content = b"".join(client.get(reverse("reports:download", args=[generated.pk])).streaming_content)
    title = documents.pdf_pages(content)[0] if fmt == "pdf" else _title_page_docx(content)
    assert documents.normalise(UNIT) in title


@pytest.mark.django_db
def test_form_starts_from_the_last_unit_used(client, built, coordinator, django_capture_on_commit_callbacks):
    """First the municipality's monitoring unit (in Bulgarian, whatever the interface language); after a
    report with another unit, that unit, so a regeneration keeps it."""
    from django.utils import translation

    from planmonitor.reports.data import default_unit

    client.force_login(coordinator)
    with translation.override("bg"):
        default = default_unit(built.plan)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reports:plan", args=[built.plan.pk])).content.decode()
    assert f'value="{default}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        services.request_report(built.plan, built.period, "pdf", actor=coordinator, unit=UNIT)
    page = client.get(reverse("reports:plan", args=[built.plan.pk])).content.decode()
    assert page.count(f'value="{UNIT}"') == 1 and f'value="{default}"' not in page
    assert f"<td>{UNIT}</td>" in page  # the versions table says who prepared each


@pytest.mark.django_db
def test_empty_unit_falls_back_to_the_monitoring_unit(built, coordinator, django_capture_on_commit_callbacks):
    from django.utils import translation

    from planmonitor.reports.data import default_unit

    with django_capture_on_commit_callbacks(execute=True):
        generated = services.request_report(built.plan, built.period, "docx", actor=coordinator, unit="  ")
    generated.refresh_from_db()
    assert generated.unit == ""
    with translation.override("bg"):
        default = default_unit(built.plan)
    with generated.file.open("rb") as f:
        assert documents.normalise(default) in _title_page_docx(f.read())


@pytest.mark.django_db
def test_too_long_unit_or_unknown_format_is_refused_with_the_page(client, built, coordinator):
    client.force_login(coordinator)
    url = reverse("reports:request", args=[built.plan.pk])
    too_long = client.post(url, {"period": built.period.pk, "format": "pdf", "unit": "х" * 301})
    assert too_long.status_code == 400 and 'name="unit"' in too_long.content.decode()
    assert client.post(url, {"period": built.period.pk, "format": "odt"}).status_code == 400
    assert not GeneratedReport.objects.exists()
