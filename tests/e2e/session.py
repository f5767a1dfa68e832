"""Signing in as a person does, shared by the end-to-end tests."""

from __future__ import annotations

from django.urls import reverse

from tests.monitoring.factories import PASSWORD


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """A fresh session for ``username`` through the log-in form; fails if the form refuses it."""
    page.context.clear_cookies()
    page.goto(reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
