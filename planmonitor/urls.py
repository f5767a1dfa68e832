"""Root URLs: one include per capability, and the language switch.

Uploaded files (MEDIA_ROOT) have no URL of their own, in any mode: evidence,
import files and generated reports are served only by views that check who
is asking (monitoring, reports, portal).
"""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from planmonitor.monitoring.views import home

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("planmonitor.accounts.urls")),
    path("plans/", include("planmonitor.plans.urls")),
    path("monitoring/", include("planmonitor.monitoring.urls")),
    path("reports/", include("planmonitor.reports.urls")),
    path("", include("planmonitor.portal.urls")),
    # The home page sends each person where their work is: it looks at monitored plans, so it is monitoring's.
    path("", home, name="home"),
]
