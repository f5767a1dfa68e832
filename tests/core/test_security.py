"""Deployment safety: no debug by default, no open /media/, deploy checks, CSP, private caching, error pages."""

from __future__ import annotations

import importlib
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings
from django.urls import Resolver404, clear_url_caches, resolve, reverse
from django.views import defaults

from planmonitor.accounts.models import User
from tests.reports import factories

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "planmonitor"


def _settings_in_subprocess(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with exactly ``env`` (plus PATH/PYTHONPATH)."""
    base = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "planmonitor.settings"}
    return subprocess.run(  # noqa: S603  (our own interpreter, code written here)
        [sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True, timeout=120, check=False,
    )


def test_debug_is_off_unless_asked_and_the_key_is_kept_in_var(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
    first = _settings_in_subprocess({"PLANMONITOR_VAR": str(tmp_path)}, code)
    assert first.returncode == 0, first.stderr
    debug, key = first.stdout.split()
    assert debug == "False"
    kept = tmp_path / "secret_key"
    assert kept.read_text() == key and len(key) >= 50
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    again = _settings_in_subprocess({"PLANMONITOR_VAR": str(tmp_path)}, code)
    assert again.stdout.split()[1] == key  # sessions survive a restart
    asked = _settings_in_subprocess({"PLANMONITOR_VAR": str(tmp_path), "PLANMONITOR_DEBUG": "1"}, code)
    assert asked.stdout.split()[0] == "True"


def test_check_deploy_has_no_warning_with_production_settings(tmp_path):
    env = {
        "PLANMONITOR_VAR": str(tmp_path), "PLANMONITOR_HTTPS": "1", "PLANMONITOR_BEHIND_PROXY": "1",
        "SECRET_KEY": "k" * 20 + "-production-secret-from-the-environment-0123456789",
        "ALLOWED_HOSTS": "plans.example.bg",
    }
    code = "import sys; from planmonitor.__main__ import main; sys.exit(main(['planmonitor', 'check', '--deploy']))"
    result = _settings_in_subprocess(env, code)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_no_url_serves_uploaded_files_even_in_debug_mode():
    import planmonitor.urls

    try:
        with override_settings(DEBUG=True):
            importlib.reload(planmonitor.urls)
            clear_url_caches()
            with pytest.raises(Resolver404):
                resolve("/media/imports/2026/01/plan.docx")
    finally:
        importlib.reload(planmonitor.urls)
        clear_url_caches()


def test_templates_have_no_inline_script_or_event_handler():
    """The Content Security Policy forbids inline script: every page's behaviour is in static files."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    style_attr = re.compile(r"\sstyle\s*=", re.IGNORECASE)
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "/pdf/" in path.as_posix():  # WeasyPrint documents, never served as pages
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (inline_script, handler, style_attr):
            for match in pattern.finditer(text):
                if 'type="application/json"' in match.group(0):
                    continue
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0).strip()}")
    assert offenders == []


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    response = client.get(reverse("portal:index"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_signed_in_pages_and_downloads_are_private(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    built = factories.full_year()
    coordinator = factories.user("c-private", User.Role.COORDINATOR, municipality=built.plan.municipality)
    public = client.get(reverse("portal:index"))
    assert "private" not in public.get("Cache-Control", "")
    client.force_login(coordinator)
    page = client.get(reverse("plans:list"))
    assert "private" in page["Cache-Control"] and "no-cache" in page["Cache-Control"]
    from planmonitor.reports import services

    generated = services.request_report(built.plan, built.period, "docx", actor=coordinator)
    services.finish_report(generated.pk, b"PK-content", is_final=False)
    download = client.get(reverse("reports:download", args=[generated.pk]))
    assert download.status_code == 200
    assert "private" in download["Cache-Control"]


@pytest.mark.django_db
def test_error_pages_are_bulgarian_in_the_site_layout(client):
    client.raise_request_exception = False
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    text = missing.content.decode()
    assert "Страницата не е намерена" in text and 'class="site-header"' in text
    assert "URLconf" not in text  # Django's debug page lists the URL patterns
    request = RequestFactory().get("/")
    server = defaults.server_error(request)
    assert server.status_code == 500 and "Грешка на сървъра" in server.content.decode()
    assert 'class="site-header"' in server.content.decode()


@pytest.mark.django_db
def test_forbidden_page_is_bulgarian(client):
    user = User.objects.create_user("reporter-403", password="pw-123456789", role=User.Role.REPORTER)
    client.force_login(user)
    response = client.get(reverse("plans:import"))
    assert response.status_code == 403
    assert "Достъпът е отказан" in response.content.decode()


def _every_url(patterns=None, prefix: str = ""):
    """Every URL of the site with 1 (or "x") for its parameters; regex-only patterns of the admin are left out."""
    from django.urls import URLResolver, get_resolver

    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if "(?P" in route or route.startswith("^"):
            continue
        route = re.sub(r"<int:\w+>", "1", route)
        route = re.sub(r"<(\w+:)?\w+>", "x", route)
        if isinstance(entry, URLResolver):
            yield from _every_url(entry.url_patterns, prefix + route)
        else:
            yield "/" + prefix + route


@pytest.mark.django_db
def test_every_post_without_the_csrf_token_is_refused():
    """No view is exempt from the CSRF check: the import review's fetch() saves, evidence, admin, log-in alike.

    The check runs before any view (so a missing object does not hide a view
    that would accept the POST); the page is the Bulgarian "form has expired".
    """
    from django.test import Client

    admin = User.objects.create_superuser("root-csrf", "root@example.org", "pw-root-123", role="admin")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    urls = sorted(set(_every_url()))
    assert {"/plans/import/1/save/", "/monitoring/evidence/1/remove/", "/admin/login/"} <= set(urls)
    accepted = []
    for url in urls:
        response = client.post(url, {"value": "x"})
        if response.status_code != 403 or "Формулярът е изтекъл" not in response.content.decode():
            accepted.append((url, response.status_code))
    assert accepted == []


@pytest.mark.django_db
def test_evidence_is_downloaded_as_an_attachment_never_shown_by_the_browser(client, settings, tmp_path):
    """An evidence file that holds HTML is saved, not rendered on our origin; outsiders do not learn it exists."""
    from django.core.files.base import ContentFile

    from planmonitor.monitoring.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    built = factories.full_year()
    evidence = Evidence(report=built.reports[0], description="протокол")
    evidence.file.save("протокол.txt", ContentFile(b"<html><script>alert(1)</script></html>"), save=True)
    url = reverse("monitoring:evidence", args=[evidence.pk])
    outsider = factories.user("c-other", User.Role.COORDINATOR, municipality=factories.municipality("Община Друга"))
    client.force_login(outsider)
    assert client.get(url).status_code in (403, 404)
    client.force_login(factories.user("c-evidence", User.Role.COORDINATOR, municipality=built.plan.municipality))
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"].startswith("text/plain")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "private" in download["Cache-Control"]


def test_a_public_host_without_https_is_warned_about_at_every_start(settings):
    """Debug off, a public host name and cookies that may travel in clear: planmonitor.W004, not only --deploy."""
    from planmonitor.core.checks import check_https_for_a_public_host

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.SESSION_COOKIE_SECURE = False
    assert check_https_for_a_public_host() == []  # the laptop install
    settings.ALLOWED_HOSTS = ["plans.example.bg"]
    assert [w.id for w in check_https_for_a_public_host()] == ["planmonitor.W004"]
    settings.SESSION_COOKIE_SECURE = True  # PLANMONITOR_HTTPS=1
    assert check_https_for_a_public_host() == []
