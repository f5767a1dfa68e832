from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "planmonitor.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from planmonitor.reports import checks  # noqa: F401  (registers the checks)
