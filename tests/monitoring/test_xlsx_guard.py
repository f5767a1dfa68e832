"""The monitoring XLSX upload gets the plan reader's bomb guard and the upload size limit."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planmonitor.monitoring import spreadsheets
from tests.monitoring.factories import make_world

pytestmark = pytest.mark.django_db


def _with_padding(content: bytes, size: int) -> bytes:
    """The workbook planmonitor wrote, plus one part that unpacks to ``size`` bytes (a few KB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/media/padding.xml", b"<x>" + b" " * size + b"</x>")
    return out.getvalue()


def _post(client, world, content: bytes):
    client.force_login(world.users["coordinator"])
    return client.post(reverse("monitoring:xlsx_upload", args=[world.period.pk]),
                       {"file": SimpleUploadedFile("filled.xlsx", content)})


def test_a_workbook_that_unpacks_too_far_is_refused_unopened(client, settings, monkeypatch):
    world = make_world(measures=2)
    settings.PLANMONITOR_XLSX_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    bomb = _with_padding(spreadsheets.write_workbook(world.period, world.school), 8 * 1024 * 1024)
    assert len(bomb) < 200 * 1024

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a refused workbook")

    monkeypatch.setattr(spreadsheets, "read_workbook", never)
    response = _post(client, world, bomb)
    assert response.status_code == 400
    assert "възможна „ZIP бомба“" in response.content.decode()


def test_an_ordinary_filled_workbook_still_uploads(client, settings):
    world = make_world(measures=2)
    settings.PLANMONITOR_XLSX_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    response = _post(client, world, spreadsheets.write_workbook(world.period, world.school))
    assert response.status_code == 302


def test_an_over_size_workbook_is_refused(client, settings):
    world = make_world(measures=2)
    settings.PLANMONITOR_MAX_UPLOAD_BYTES = 64 * 1024
    response = _post(client, world, b"PK" + b"\0" * (128 * 1024))
    assert response.status_code == 400
    assert "filled.xlsx е твърде голям" in response.content.decode()
