"""URLs of the monitoring app: reports, reviews, periods, spreadsheets, dashboards."""

from django.urls import path

from planmonitor.monitoring import dashboard_views, period_views, views

app_name = "monitoring"
urlpatterns = [
    path("todo/", views.todo, name="todo"),
    path("measures/<int:measure_id>/periods/<int:period_id>/", views.report, name="report"),
    path("measures/<int:measure_id>/periods/<int:period_id>/review/", views.review, name="review"),
    path("evidence/<int:evidence_id>/", views.evidence, name="evidence"),
    path("evidence/<int:evidence_id>/remove/", views.remove_evidence, name="remove_evidence"),
    path("plans/<int:plan_id>/periods/", period_views.periods, name="periods"),
    path("plans/<int:plan_id>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("periods/<int:period_id>/", period_views.period, name="period"),
    path("periods/<int:period_id>/close/", period_views.close_period, name="close_period"),
    path("periods/<int:period_id>/reopen/", period_views.reopen_period, name="reopen_period"),
    path("periods/<int:period_id>/xlsx/<int:institution_id>/", period_views.spreadsheet_download, name="xlsx_download"),
    path("periods/<int:period_id>/xlsx/upload/", period_views.spreadsheet_upload, name="xlsx_upload"),
    path("districts/<int:district_id>/", dashboard_views.district, name="district"),
]
