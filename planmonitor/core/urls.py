"""The home page."""

from django.urls import path

from planmonitor.core import views

urlpatterns = [path("", views.home, name="home")]
