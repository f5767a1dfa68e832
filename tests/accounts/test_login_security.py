"""Log-in throttling (django-axes), password reset and change, staff sessions."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from planmonitor.accounts.models import User

PASSWORD = "right-Password-2026"


@pytest.fixture
def person(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # 60 log-ins, quickly
    return User.objects.create_user("ivana", email="ivana@example.bg", password=PASSWORD, role=User.Role.COORDINATOR)


def _log_in(client, url: str, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_thirty_wrong_passwords_lock_the_user_out_at_that_address(client, person, settings, url):
    if url.startswith("/admin"):
        person.is_staff = True
        person.save()
    for _ in range(30):
        _log_in(client, url, "ivana", "wrong")
    locked = _log_in(client, url, "ivana", PASSWORD)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Твърде много неуспешни опити за вход" in text
    assert f"{settings.AXES_FAILURE_LIMIT} пъти" in text and 'class="site-header"' in text
    assert "_auth_user_id" not in client.session
    # Another address (a colleague at another desk) is not locked out with the attacker.
    other = _log_in(client, url, "ivana", PASSWORD, address="10.0.0.2")
    assert other.status_code == 302 and client.session["_auth_user_id"] == str(person.pk)


@pytest.mark.django_db
def test_a_few_mistakes_then_the_right_password_works(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _log_in(client, "/accounts/login/", "ivana", "wrong").status_code == 200
    assert _log_in(client, "/accounts/login/", "ivana", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_limit_is_a_setting(client, person, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _log_in(client, "/accounts/login/", "ivana", "wrong")
    assert _log_in(client, "/accounts/login/", "ivana", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_password_reset_by_email_in_bulgarian(client, person):
    form = client.get(reverse("accounts:password_reset"))
    assert form.status_code == 200 and "Забравена парола" in form.content.decode()
    sent = client.post(reverse("accounts:password_reset"), {"email": "ivana@example.bg"})
    assert sent.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Нова парола за planmonitor" and "Здравейте, ivana." in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)
    confirm = client.get(link, follow=True)
    assert "Задаване на нова парола" in confirm.content.decode()
    done = client.post(confirm.redirect_chain[-1][0], {"new_password1": "brand-New-pass-77", "new_password2": "brand-New-pass-77"})
    assert done.status_code == 302
    assert User.objects.get(pk=person.pk).check_password("brand-New-pass-77")


@pytest.mark.django_db
def test_password_change_for_a_signed_in_person(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200 and "Смяна на паролата" in page.content.decode()
    changed = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "another-Good-pass-9", "new_password2": "another-Good-pass-9",
    })
    assert changed.status_code == 302 and changed["Location"] == reverse("accounts:password_change_done")
    assert User.objects.get(pk=person.pk).check_password("another-Good-pass-9")


@pytest.mark.django_db
def test_staff_sessions_are_shorter(client, person, settings):
    settings.PLANMONITOR_STAFF_SESSION_AGE = 3600
    _log_in(client, "/accounts/login/", "ivana", PASSWORD)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    client.logout()
    person.is_staff = True
    person.save()
    _log_in(client, "/accounts/login/", "ivana", PASSWORD)
    assert client.session.get_expiry_age() == 3600


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_address(client, person, settings):
    """Each request e-mails whatever address is typed; past the hourly limit from one address the page
    says so in Bulgarian (429) and sends nothing, while another address is not held up."""
    from django.core.cache import cache

    cache.clear()
    settings.PLANMONITOR_PASSWORD_RESETS_PER_HOUR = 2
    url = reverse("accounts:password_reset")
    for _ in range(2):
        assert client.post(url, {"email": "ivana@example.bg"}, REMOTE_ADDR="10.0.0.9").status_code == 302
    refused = client.post(url, {"email": "ivana@example.bg"}, REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429
    assert "Твърде много заявки за нова парола" in refused.content.decode()
    assert len(mail.outbox) == 2
    assert client.post(url, {"email": "ivana@example.bg"}, REMOTE_ADDR="10.0.0.10").status_code == 302
    assert len(mail.outbox) == 3
