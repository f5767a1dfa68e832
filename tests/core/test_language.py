"""Bulgarian first: the browser's language does not switch the interface; the person's choice does."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_an_english_browser_still_gets_bulgarian(client):
    response = client.get(reverse("portal:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "bg"
    assert '<html lang="bg">' in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_chooses_english_and_it_is_kept(client):
    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("portal:index")})
    assert switched.status_code == 302
    response = client.get(reverse("portal:index"), HTTP_ACCEPT_LANGUAGE="bg")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    client.post(reverse("set_language"), {"language": "bg", "next": "/"})
    assert client.get(reverse("portal:index"))["Content-Language"] == "bg"


@pytest.mark.django_db
def test_an_unknown_language_in_the_cookie_falls_back_to_bulgarian(client):
    client.cookies["django_language"] = "xx"
    assert client.get(reverse("portal:index"))["Content-Language"] == "bg"
