"""URLs of the plans app: reading plans, searching, amending, importing."""

from django.urls import path

from planmonitor.plans import amend_views, import_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/plan.json", views.plan_export, name="export"),
    path("<int:pk>/versions/", amend_views.plan_versions, name="versions"),
    path("<int:pk>/status/", amend_views.plan_status, name="status"),
    path("<int:pk>/withdraw/", amend_views.plan_withdraw, name="withdraw"),
    path("<int:pk>/measures/add/", amend_views.measure_add, name="measure_add"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", amend_views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/remove/", amend_views.measure_remove, name="measure_remove"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution"),
    path("import/", import_views.upload, name="import"),
    path("import/<int:pk>/", import_views.review, name="import_review"),
    path("import/<int:pk>/progress/", import_views.progress, name="import_progress"),
    path("import/<int:pk>/save/", import_views.save_field, name="import_save"),
    path("import/<int:pk>/publish/", import_views.publish, name="import_publish"),
    path("import/<int:pk>/retry/", import_views.retry, name="import_retry"),
    path("import/<int:pk>/measures/<int:index>/", import_views.measure, name="import_measure"),
    path("import/<int:pk>/institutions/", import_views.institutions, name="import_institutions"),
]
