"""In Chromium, under the Content Security Policy: no page is blocked, and the language menu still works."""

from __future__ import annotations

import re

import pytest

from planmonitor.accounts.models import District, Municipality, User

PASSWORD = "csp-Pass-2026"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_pages_run_under_the_policy_and_the_language_menu_switches(page, output_dir):
    municipality = Municipality.objects.create(name="Примерна", district=District.objects.get_or_create(name="Сливен")[0])
    User.objects.create_user("csp-coord", password=PASSWORD, role="coordinator", municipality=municipality)
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto("/accounts/login/")
    page.fill("#id_username", "csp-coord")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/$"))
    for path in ("/plans/", "/monitoring/todo/", "/reports/", "/portal/", "/accounts/password/change/"):
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    with page.expect_navigation():  # site.js submits the form: no inline handler any more
        page.select_option("#lang", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(output_dir / "csp-password-change-en.png"), full_page=True)
    assert violations == []
