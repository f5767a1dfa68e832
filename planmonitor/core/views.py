"""The home page sends each person where their work is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def home(request: HttpRequest) -> HttpResponse:
    """Signed-in people go to their plans; the public goes to the portal."""
    if request.user.is_authenticated:
        return redirect("plans:list")
    return redirect("portal:index")
