"""The web import follows a scan's text recognition page by page (issue 13): the progress the task
stores ("page 3/25") is said in words by the page's poll, in Bulgarian."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planmonitor.plans.models import ImportSession
from planmonitor.plans.tasks import PAGE_NOTE


@pytest.mark.django_db
def test_progress_names_the_page_reached(client, coordinator):
    session = ImportSession.objects.create(filename="scan.pdf", created_by=coordinator, status="parsing",
                                           progress=42, progress_note=f"{PAGE_NOTE}3/25")
    other = ImportSession.objects.create(filename="plan.docx", created_by=coordinator, status="parsing",
                                         progress=30, progress_note="reading")
    client.force_login(coordinator)
    progress = client.get(reverse("plans:import_progress", args=[session.pk]), HTTP_ACCEPT_LANGUAGE="bg").json()
    assert progress == {"status": "parsing", "progress": 42, "stage": "page 3/25", "error": "",
                        "text": "Разпознаване на сканирания текст: страница 3 от 25"}
    assert client.get(reverse("plans:import_progress", args=[other.pk])).json()["text"] == ""
