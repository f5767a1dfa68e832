"""The DCAT-AP catalogue conforms to the official DCAT-AP 3.0.0 SHACL shapes, ranges included.

The shapes are the official ones in ``../shared/validators/dcat-ap-3.0.0/`` (read in place,
as their README says); a clone without ``../shared`` skips this test and says so. The
controlled-vocabulary shapes (``mdr-vocabularies.shape.ttl``) need the EU vocabularies
loaded and are not part of the check.
"""

from __future__ import annotations

import json

import pytest

pyshacl = pytest.importorskip("pyshacl")
rdflib = pytest.importorskip("rdflib")

from planmonitor.accounts import registry  # noqa: E402
from tests.reports import factories  # noqa: E402

# rdflib warns about its own ConjunctiveGraph, used inside pyshacl.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def shapes(shared_dir):
    folder = shared_dir / "validators" / "dcat-ap-3.0.0"
    if not folder.is_dir():
        pytest.skip(f"the official DCAT-AP shapes are not here ({folder}): ../shared is missing")
    graph = rdflib.Graph()
    for name in ("shapes.ttl", "range.ttl"):
        graph.parse(folder / name, format="turtle")
    return graph


def _violations(document: dict, shapes) -> list[str]:
    data = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    if conforms:
        return []
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        if report.value(result, sh.resultSeverity) != sh.Violation:
            continue
        found.append(f"{report.value(result, sh.focusNode)} {report.value(result, sh.resultPath)}: "
                     f"{report.value(result, sh.resultMessage)}")
    return found


@pytest.mark.django_db
def test_catalogue_has_no_violation_of_the_official_shapes(client, shapes):
    """Mandatory properties, cardinalities and the class of every value (licence, media type,
    landing page, language, theme, contact point, spatial, format) all hold."""
    factories.full_year()
    catalogue = client.get("/open-data/catalog.jsonld").json()
    assert catalogue["dcat:dataset"], "the check needs at least one public plan"
    assert _violations(catalogue, shapes) == []


@pytest.mark.django_db
def test_a_dataset_alone_has_no_violation(client, shapes):
    built = factories.full_year()
    dataset = client.get(f"/open-data/plans/{built.plan.pk}/dcat.jsonld").json()
    assert _violations(dataset, shapes) == []


@pytest.mark.django_db
def test_spatial_is_an_authority_iri_and_distributions_say_their_format(client):
    built = factories.full_year()
    dataset = client.get(f"/open-data/plans/{built.plan.pk}/dcat.jsonld").json()
    spatial = [place["@id"] for place in dataset["dct:spatial"]]
    assert spatial[0] == "http://publications.europa.eu/resource/authority/country/BGR"
    district = built.plan.municipality.district
    if district is not None and registry.nuts3_code(district.name):
        assert spatial[1] == f"http://data.europa.eu/nuts/code/{registry.nuts3_code(district.name)}"
    for distribution in dataset["dcat:distribution"]:
        assert distribution["dct:format"]["@id"].startswith(
            "http://publications.europa.eu/resource/authority/file-type/")
        assert distribution["dct:description"]["@value"]
