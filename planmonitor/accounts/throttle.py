"""Log-in protection: throttling with django-axes (backend, client address, lock-out page), staff sessions.

Settings (``AXES_*`` in settings.py, from ``PLANMONITOR_LOGIN_FAILURES`` and
``PLANMONITOR_LOGIN_LOCKOUT_MINUTES``) say how many wrong passwords one user
name may get from one address before that pair is locked out, and for how long.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check, for log-ins that come with a request (the log-in pages, the admin).

    A log-in without a request (the test client's ``login()``, a management
    command) is not a log-in page anyone can hammer; axes would refuse it
    with an exception, here it is simply left to the next backend.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The address to count failures by: the proxy's ``X-Forwarded-For`` (last entry) behind a proxy, else the peer.

    Only the last entry is the one our own proxy added; anything before it
    was sent by the client and could be forged to dodge the lock.
    """
    if settings.PLANMONITOR_BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    """The Bulgarian page a locked-out person sees (status 429), in the site's layout, with the wait in minutes."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/lockout.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes,
    }, status=settings.AXES_HTTP_RESPONSE_CODE)


def shorten_staff_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Back-office staff get a shorter session (``PLANMONITOR_STAFF_SESSION_AGE``): their account can change anything."""
    if request is not None and getattr(user, "is_staff", False) and hasattr(request, "session"):
        request.session.set_expiry(settings.PLANMONITOR_STAFF_SESSION_AGE)
