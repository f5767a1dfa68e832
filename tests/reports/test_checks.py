"""The reports app's system checks name what is missing."""

from __future__ import annotations

from planmonitor.reports import checks


def test_template_check_names_a_missing_template(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANMONITOR_REPORT_TEMPLATE", str(tmp_path / "gone.docx"))
    [warning] = checks.check_report_template()
    assert warning.id == "planmonitor.W602" and "gone.docx" in warning.msg


def test_shipped_template_and_fonts_pass(monkeypatch):
    monkeypatch.delenv("PLANMONITOR_REPORT_TEMPLATE", raising=False)
    assert checks.check_report_template() == []
    assert checks.check_report_fonts() == []


def test_restyled_template_is_used(monkeypatch, tmp_path):
    """A municipality's own template (here: another body font) is what the report is written on."""
    import io
    from datetime import date

    from docx import Document

    from planmonitor.reports import docx_report
    from planmonitor.reports.report_model import ReportData
    from planmonitor.reports.templates_docx.make_template import make_template

    own = make_template(tmp_path / "own.docx")
    doc = Document(str(own))
    doc.styles["Normal"].font.name = "Georgia"
    doc.save(str(own))
    monkeypatch.setenv("PLANMONITOR_REPORT_TEMPLATE", str(own))
    data = ReportData(
        plan_id=1, plan_title="План", municipality="Пример", district="", plan_period="2024–2027", decision="",
        period_id=1, period_label="2025", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
        unit="Звено", is_final=True, generated_on=date(2026, 1, 15), currency="BGN", statuses=(("done", "изпълнена"),),
    )
    written = Document(io.BytesIO(docx_report.render_docx(data)))
    assert written.styles["Normal"].font.name == "Georgia"
