"""Log-in protection: throttling with django-axes (backend, client address, lock-out page), staff sessions.

Settings (``AXES_*`` in settings.py, from ``PLANMONITOR_LOGIN_FAILURES`` and
``PLANMONITOR_LOGIN_LOCKOUT_MINUTES``) say how many wrong passwords one user
name may get from one address before that pair is locked out, and for how long.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

RESET_WINDOW = 3600  # seconds over which password reset requests are counted per address


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


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, at most ``PLANMONITOR_PASSWORD_RESETS_PER_HOUR`` requests per client address.

    Each request sends an e-mail to whatever address is typed: without a limit
    the form can flood a colleague's mailbox and the site's mail account. The
    count lives in the cache (per web process with the default local-memory
    cache); the page says the limit and what to do, with status 429.
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = settings.PLANMONITOR_PASSWORD_RESETS_PER_HOUR
        key = f"password-reset:{client_ip(request)}"
        cache.add(key, 0, RESET_WINDOW)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this request starts a new window
            cache.set(key, 1, RESET_WINDOW)
            count = 1
        if count > limit:
            return render(request, "registration/password_reset_throttled.html", {"limit": limit}, status=429)
        return super().post(request, *args, **kwargs)


def shorten_staff_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Back-office staff get a shorter session (``PLANMONITOR_STAFF_SESSION_AGE``): their account can change anything."""
    if request is not None and getattr(user, "is_staff", False) and hasattr(request, "session"):
        request.session.set_expiry(settings.PLANMONITOR_STAFF_SESSION_AGE)
