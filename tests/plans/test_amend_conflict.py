"""Two people amend the same measure from two edit forms: the second is told, nothing is reverted (issue 11.2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planmonitor.plans import services
from planmonitor.plans.models import Measure, Plan

pytestmark = pytest.mark.django_db


def _form_data(page_html: str, measure: Measure, **changes) -> dict:
    """What the opened form would send back: the measure's values, its loaded fingerprint, the changes."""
    current = services.measure_json(measure)
    marker = 'name="loaded" value="'
    start = page_html.index(marker) + len(marker)
    loaded = page_html[start:page_html.index('"', start)]
    period, funding = current["period"], current["funding"]
    data = {
        "code": current["code"] or "", "text": current["text"], "priority": current["priority"],
        "goal": current["goal"] or "", "task": current["task"] or "", "responsible": current["responsible"] or "",
        "period_raw": period["raw"] or "", "period_start": period["start"] or "", "period_end": period["end"] or "",
        "status": current["status"] or "", "amount_raw": funding["amount_raw"] or "",
        "amount": funding["amount"] if funding["amount"] is not None else "", "currency": funding["currency"] or "",
        "source": funding["source"] or "", "indicators": current["indicators"] or "",
        "baseline": current["baseline"] or "", "target": current["target"] or "", "loaded": loaded,
    }
    data.update(changes)
    return data


def test_the_second_save_of_a_stale_form_is_refused_and_keeps_what_was_typed(client, small_plan_json, admin_user):
    plan = services.import_plan(small_plan_json, actor=admin_user, status=Plan.Status.ADOPTED)
    measure = plan.measures.get(code="1.1.1")
    url = reverse("plans:measure_edit", args=[measure.pk])
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"  # the messages are asserted in English
    ana = _form_data(client.get(url).content.decode(), measure, responsible="Община, РУО", reason="Решение 1")
    boris = _form_data(client.get(url).content.decode(), measure, text="Обхват на децата (Борис)", reason="Решение 2")

    assert client.post(url, ana).status_code == 302
    response = client.post(url, boris)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this measure" in html and "nothing was overwritten" in html
    assert "Обхват на децата (Борис)" in html  # what Boris typed is still in the form
    measure.refresh_from_db()
    assert (measure.responsible_raw, measure.text) == ("Община, РУО", small_plan_json["measures"][0]["text"])
    plan.refresh_from_db()
    assert plan.version == 2

    # Saving again from the refreshed form is a conscious overwrite, and works.
    again = _form_data(html, measure, text="Обхват на децата (Борис)", reason="Решение 2")
    assert client.post(url, again).status_code == 302
    measure.refresh_from_db()
    assert measure.text == "Обхват на децата (Борис)" and measure.responsible_raw == "Община, РУО"
