"""URLs of the reports app."""

from django.urls import path

from planmonitor.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("plan/<int:plan_id>/", views.plan_reports, name="plan"),
    path("plan/<int:plan_id>/request/", views.request_report, name="request"),
    path("<int:generated_id>/", views.detail, name="detail"),
    path("<int:generated_id>/progress/", views.progress, name="progress"),
    path("<int:generated_id>/download/", views.download, name="download"),
    path("district/", views.district, name="district"),
    path("national/", views.national, name="national"),
]
