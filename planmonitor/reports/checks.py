"""System checks for reports: the fonts the PDF embeds and the Word template the DOCX is built on."""

from __future__ import annotations

from django.core.checks import Tags, Warning, register

from planmonitor.reports.charts import FONT_DIR


@register(Tags.compatibility)
def check_report_fonts(app_configs=None, **kwargs) -> list[Warning]:
    """The PDF report embeds DejaVu (it carries Cyrillic); Typst is told to use no other font."""
    missing = [name for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf") if not (FONT_DIR / name).exists()]
    if not missing:
        return []
    return [
        Warning(
            f"Fonts for PDF reports are missing: {', '.join(missing)} in {FONT_DIR}.",
            hint="Install Debian's fonts-dejavu-core.",
            id="planmonitor.W601",
        )
    ]


@register(Tags.compatibility)
def check_report_template(app_configs=None, **kwargs) -> list[Warning]:
    """The DOCX report is written onto a Word template; a wrong PLANMONITOR_REPORT_TEMPLATE breaks it."""
    from planmonitor.reports.docx_report import template_path

    path = template_path()
    if path.exists():
        return []
    return [
        Warning(
            f"The Word template for reports was not found: {path}.",
            hint="Unset PLANMONITOR_REPORT_TEMPLATE or point it at an existing .docx file.",
            id="planmonitor.W602",
        )
    ]
