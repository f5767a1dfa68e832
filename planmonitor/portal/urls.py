"""URLs of the public portal and open data: anonymous, read-only, approved data only.

The portal and open data addresses are stable and documented in ``docs/open-data.md``.
"""

from django.urls import path, re_path

from planmonitor.portal import views

app_name = "portal"
urlpatterns = [
    path("portal/", views.index, name="index"),
    path("portal/search/", views.search, name="search"),
    path("portal/plans/<int:plan_id>/", views.plan, name="plan"),
    path("portal/plans/<int:plan_id>/measures/<int:measure_id>/", views.measure, name="measure"),
    path("portal/reports/<int:generated_id>/", views.report_download, name="report"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/catalog.jsonld", views.catalogue, name="catalogue"),
    path("open-data/all.zip", views.bulk, name="bulk"),
    re_path(
        r"^open-data/plans/(?P<plan_id>\d+)/(?P<name>plan\.json|dcat\.jsonld|datapackage\.zip|datapackage\.json"
        r"|measures\.csv|progress\.csv|indicators\.csv)$",
        views.open_data_file,
        name="open_data_file",
    ),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]
