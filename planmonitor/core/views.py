"""The home page sends each person where their work is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

#: Roles whose daily work is the monitoring cycle: reporters report, the unit reviews, the district compares.
MONITORING_ROLES = ("reporter", "coordinator", "district")


def home(request: HttpRequest) -> HttpResponse:
    """Reporters, coordinators and district coordinators land on their monitoring work
    (what to report; reports waiting for review, open periods, late reporters);
    administrators on the plans; the public on the portal.
    """
    if request.user.is_authenticated:
        role = getattr(request.user, "role", "")
        if role in MONITORING_ROLES and not request.user.is_superuser:
            if role != "coordinator" or _has_plans(request.user):
                return redirect("monitoring:todo")  # a coordinator without a plan starts by importing one
        return redirect("plans:list")
    return redirect("portal:index")


def _has_plans(user) -> bool:
    from planmonitor.accounts.permissions import monitored_plans

    return monitored_plans(user).exists()
