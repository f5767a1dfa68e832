"""The services of the monitoring cycle: periods, saving, the review pipeline, audit, e-mail."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from planmonitor.core.audit import history
from planmonitor.monitoring import services
from planmonitor.monitoring.models import MeasureStatus, ProgressReport, ReportingPeriod
from tests.monitoring.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def fill(world, **kw):
    measure = world.own_measure
    numeric = measure.indicators.get(position=1)
    data = services.ReportInput(
        measure_status=kw.get("status", MeasureStatus.IN_PROGRESS),
        done_text=kw.get("done", "Two classes opened"),
        people_reached=40, women=22, men=18,
        values={numeric.pk: kw.get("value", "12")},
        expenditures=[services.ExpenditureInput("Municipal budget", Decimal("1500"), "BGN")],
    )
    return services.save_report(measure, world.period, data, actor=world.users["reporter"], version=kw.get("version", 0))


def test_save_creates_a_report_with_values_money_and_audit(world):
    report = fill(world)
    assert report.version == 1
    assert report.values.get().value == Decimal("12")
    assert report.expenditures.get().amount == Decimal("1500")
    fields = {e.field for e in history(report)}
    assert {"measure_status", "done_text", "people_reached", "expenditures"} <= fields
    entry = history(report).filter(field="done_text").get()
    assert (entry.actor, entry.old_value, entry.new_value) == (world.users["reporter"], "", "Two classes opened")


def test_a_stale_version_raises_conflict_and_writes_nothing(world):
    fill(world)
    fill(world, done="Second person", version=1)  # now version 2
    with pytest.raises(services.ConflictError) as caught:
        fill(world, done="First person, stale", version=1)
    assert caught.value.current_version == 2
    report = ProgressReport.objects.get()
    assert (report.done_text, report.version) == ("Second person", 2)


def test_saving_nothing_new_keeps_the_version(world):
    report = fill(world)
    again = fill(world, version=report.version)
    assert again.version == report.version


def test_a_number_is_required_for_numeric_indicators(world):
    with pytest.raises(ValidationError) as caught:
        fill(world, value="about twelve")
    assert list(caught.value.message_dict) == [f"value_{world.own_measure.indicators.get(position=1).pk}"]
    assert ProgressReport.objects.count() == 0


def test_numbers_are_read_as_typed_in_bulgarian():
    assert services.parse_number("1 234,5") == Decimal("1234.5")
    assert services.parse_number("") is None
    with pytest.raises(ValueError):
        services.parse_number("12 деца")


def test_money_must_be_in_the_currency_of_its_time(world):
    measure = world.own_measure
    euro_period = services.open_period(
        world.plan, actor=world.users["coordinator"], name="2026", start=date(2026, 1, 1), end=date(2026, 12, 31),
        deadline=date(2027, 1, 31),
    )
    data = services.ReportInput(expenditures=[services.ExpenditureInput("Budget", Decimal("10"), "BGN")])
    with pytest.raises(ValidationError) as caught:
        services.save_report(measure, euro_period, data, actor=world.users["reporter"], version=0)
    assert "EUR" in caught.value.message_dict["expenditure_0"][0]
    assert services.allowed_currencies(world.period) == ("BGN",)


def test_breakdown_cannot_exceed_people_reached(world):
    data = services.ReportInput(people_reached=10, women=8, men=5)
    with pytest.raises(ValidationError) as caught:
        services.save_report(world.own_measure, world.period, data, actor=world.users["reporter"], version=0)
    assert "women" in caught.value.message_dict


def test_the_pipeline_submit_return_resubmit_approve(world, mailoutbox, django_capture_on_commit_callbacks):
    report = fill(world)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(report, actor=world.users["reporter"])
    assert report.status == ProgressReport.Status.SUBMITTED
    assert [m.to for m in mailoutbox] == [["coordinator@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        report = services.return_report(report, actor=world.users["coordinator"], comment="Add the evidence")
    assert report.status == ProgressReport.Status.RETURNED
    assert mailoutbox[-1].to == ["reporter@example.org"]
    assert "Add the evidence" in mailoutbox[-1].body
    assert report.comments.get().text == "Add the evidence"
    report = fill(world, value="14", version=report.version)
    report = services.submit_report(report, actor=world.users["reporter"])
    report = services.approve_report(report, actor=world.users["coordinator"])
    assert (report.status, report.approved_by) == (ProgressReport.Status.APPROVED, world.users["coordinator"])
    moves = [(e.old_value, e.new_value) for e in history(report).filter(field="status").order_by("id")]
    assert moves == [("draft", "submitted"), ("submitted", "returned"), ("returned", "submitted"),
                     ("submitted", "approved")]
    returned = history(report).get(action="report.returned")
    assert returned.reason == "Add the evidence"


def test_a_bad_move_is_refused_by_name(world):
    report = fill(world)
    with pytest.raises(services.InvalidTransition):
        services.approve_report(report, actor=world.users["coordinator"])
    assert ProgressReport.objects.get().status == ProgressReport.Status.DRAFT


def test_return_needs_a_comment(world):
    report = services.submit_report(fill(world), actor=world.users["reporter"])
    with pytest.raises(ValidationError):
        services.return_report(report, actor=world.users["coordinator"], comment="  ")
    assert ProgressReport.objects.get().status == ProgressReport.Status.SUBMITTED


def test_submit_needs_the_measure_status(world):
    report = fill(world, status="")
    with pytest.raises(ValidationError):
        services.submit_report(report, actor=world.users["reporter"])


def test_a_submitted_report_cannot_be_edited(world):
    report = services.submit_report(fill(world), actor=world.users["reporter"])
    with pytest.raises(services.InvalidTransition):
        fill(world, done="changed", version=report.version)


def test_a_closed_period_is_locked(world):
    report = fill(world)
    services.close_period(world.period, actor=world.users["coordinator"], reason="year over")
    with pytest.raises(services.PeriodLocked):
        fill(world, done="late edit", version=report.version)
    with pytest.raises(services.PeriodLocked):
        services.submit_report(report, actor=world.users["reporter"])
    services.reopen_period(world.period, actor=world.users["coordinator"], reason="correction")
    assert fill(world, done="late edit", version=report.version).done_text == "late edit"


def test_periods_only_for_adopted_plans(world):
    world.plan.status = "draft"
    world.plan.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        services.open_period(world.plan, actor=world.users["coordinator"], name="2026", start=date(2026, 1, 1),
                             end=date(2026, 12, 31), deadline=date(2027, 1, 31))


def test_period_dates_are_checked(world):
    with pytest.raises(ValidationError):
        services.open_period(world.plan, actor=world.users["coordinator"], name="bad", start=date(2026, 1, 1),
                             end=date(2025, 12, 31), deadline=date(2027, 1, 31))
    assert ReportingPeriod.objects.filter(name="bad").count() == 0


def test_recommendation_is_kept_and_audited(world):
    rec = services.recommend_measure(world.own_measure, actor=world.users["coordinator"], text="Hire a mediator",
                                     period=world.period)
    assert rec.author == world.users["coordinator"]
    assert history(world.own_measure).get().new_value == "Hire a mediator"
    with pytest.raises(ValidationError):
        services.recommend_measure(world.own_measure, actor=world.users["coordinator"], text="")


def test_evidence_file_or_link(world, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    report = fill(world)
    [ev] = services.add_evidence(report, actor=world.users["reporter"], file=SimpleUploadedFile("list.pdf", b"%PDF-1"))
    assert ev.file.name.endswith("list.pdf")
    [link] = services.add_evidence(report, actor=world.users["reporter"], url="https://example.org/photo")
    assert link.get_absolute_url() == "https://example.org/photo"
    with pytest.raises(ValidationError):
        services.add_evidence(report, actor=world.users["reporter"])
    services.remove_evidence(link, actor=world.users["reporter"])
    assert report.evidence.count() == 1


def test_evidence_of_an_unexpected_kind_is_refused(world, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    report = fill(world)
    with pytest.raises(ValidationError) as caught:
        services.add_evidence(report, actor=world.users["reporter"], file=SimpleUploadedFile("x.html", b"<script>"))
    assert list(caught.value.message_dict) == ["evidence_file"]
    assert report.evidence.count() == 0


def test_a_number_with_too_many_decimals_is_named_at_its_indicator(world):
    numeric = world.own_measure.indicators.get(position=1)
    with pytest.raises(ValidationError) as caught:
        fill(world, value="1,234")
    assert list(caught.value.message_dict) == [f"value_{numeric.pk}"]


def test_an_unchanged_text_value_of_a_now_numeric_indicator_is_kept(world):
    """Issue 10.3: a value keeps its kind; re-saving it unchanged is neither an error nor an erasure."""
    numeric = world.own_measure.indicators.get(position=1)
    numeric.target = None
    numeric.save()
    report = services.save_report(world.own_measure, world.period, services.ReportInput(
        values={numeric.pk: "проведено"}), actor=world.users["reporter"], version=0)
    numeric.target = 100
    numeric.save()
    report = services.save_report(world.own_measure, world.period, services.ReportInput(
        done_text="more", values={numeric.pk: "проведено"}), actor=world.users["reporter"], version=report.version)
    value = report.values.get(indicator=numeric)
    assert (value.raw, value.value, value.text) == ("проведено", None, "проведено")
    with pytest.raises(ValidationError):  # a new non-number is still refused for a numeric indicator
        services.save_report(world.own_measure, world.period, services.ReportInput(
            values={numeric.pk: "направено"}), actor=world.users["reporter"], version=report.version)


def _real_files() -> dict[str, bytes]:
    """Real files of the kinds people attach, written by the libraries that read them."""
    import io

    import docx
    import openpyxl

    from tests.builders.bad_files import png_bytes

    word, sheet = io.BytesIO(), io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Присъствен списък")
    document.save(word)
    book = openpyxl.Workbook()
    book.active["A1"] = "list"
    book.save(sheet)
    return {"list.docx": word.getvalue(), "list.xlsx": sheet.getvalue(), "photo.png": png_bytes(),
            "list.pdf": b"%PDF-1.4\n1 0 obj\n", "notes.txt": "Бележки".encode(), "list.csv": b"a;b\n1;2\n"}


def test_evidence_content_must_match_its_name(world, tmp_path, settings):
    """Issue 10.9: an EXE renamed .pdf (or .docx, .txt) is refused; real files of each kind pass."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    report = fill(world)
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200
    for name in ("minutes.pdf", "minutes.docx", "minutes.txt", "photo.jpg", "list.xls"):
        with pytest.raises(ValidationError) as caught:
            services.add_evidence(report, actor=world.users["reporter"], file=SimpleUploadedFile(name, exe))
        assert name in caught.value.message_dict["evidence_file"][0]
    with pytest.raises(ValidationError):  # a picture called a PDF
        services.add_evidence(report, actor=world.users["reporter"],
                              file=SimpleUploadedFile("a.pdf", _real_files()["photo.png"]))
    assert report.evidence.count() == 0
    for name, content in _real_files().items():
        services.add_evidence(report, actor=world.users["reporter"], file=SimpleUploadedFile(name, content))
    assert report.evidence.count() == len(_real_files())


def test_a_file_and_a_link_given_together_are_both_kept(world, tmp_path, settings):
    """Issue 10.9: both are stored, each reachable and removable on its own."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    report = fill(world)
    items = services.add_evidence(report, actor=world.users["reporter"], url="https://example.org/photos",
                                  file=SimpleUploadedFile("list.pdf", b"%PDF-1.4"), description="Списък и снимки")
    assert len(items) == 2
    kinds = {("file" if e.file else "url"): e for e in report.evidence.all()}
    assert kinds["url"].url == "https://example.org/photos"
    assert kinds["file"].file.name.endswith("list.pdf")
    assert kinds["file"].get_absolute_url() != kinds["url"].get_absolute_url()
    services.remove_evidence(kinds["url"], actor=world.users["reporter"])
    assert list(report.evidence.all()) == [kinds["file"]]


def test_one_status_vocabulary_for_plans_and_reports():
    """Every status word the plan reader knows means one monitoring status, or none; a report reads it so."""
    from planmonitor.ingest import vocabulary
    from planmonitor.monitoring.models import MeasureStatus

    assert {code for code in vocabulary.STATUSES.values() if code} == set(MeasureStatus.values)
    assert set(vocabulary.STATUS_LABELS) == set(MeasureStatus.values)
    assert all(vocabulary.STATUSES[word] == code for code, word in vocabulary.STATUS_LABELS.items())
    for word, code in vocabulary.STATUSES.items():
        assert services.measure_status_from_text(word.upper()) == (code or None), word
    assert services.measure_status_from_text("Изпълнен") == MeasureStatus.DONE  # a plan's word, read in a report
    assert services.measure_status_from_text("") == ""
    assert list(services.BULGARIAN_STATUS_WORDS) == list(vocabulary.STATUS_LABELS.values())


def test_a_recommendation_outlives_a_deleted_period():
    """A period opened by mistake and deleted (it has no reports) leaves the measure's recommendations,
    now for no period; before, the cascade deleted them with it."""
    from planmonitor.monitoring.models import Recommendation

    w = make_world()
    recommendation = services.recommend_measure(w.own_measure, actor=w.users["coordinator"], text="Start earlier",
                                                period=w.period)
    w.period.delete()
    recommendation.refresh_from_db()
    assert recommendation.period is None and Recommendation.objects.filter(measure=w.own_measure).count() == 1
