"""DCAT-AP descriptions (JSON-LD) of each public plan and of the whole catalogue, for national portals to harvest."""

from __future__ import annotations

from planmonitor.accounts import registry
from planmonitor.plans.models import Plan
from planmonitor.portal.opendata.plan import LICENSE, plan_urls, slug
from planmonitor.portal.selectors import public_plans

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


AUTHORITY = "http://publications.europa.eu/resource/authority"


def _typed(iri: str, cls: str) -> dict:
    """An IRI that says its class: DCAT-AP's range shapes check the class of every value."""
    return {"@id": iri, "@type": cls}


def _licence() -> dict:
    return _typed(LICENSE["path"], "dct:LicenseDocument")


def _spatial(plan: Plan) -> list[dict]:
    """Where the plan applies, as authority IRIs: the country, and the district's NUTS 3 region."""
    places = [_typed(f"{AUTHORITY}/country/BGR", "dct:Location")]
    district = plan.municipality.district
    code = registry.nuts3_code(district.name) if district else None
    if code:
        places.append(_typed(f"http://data.europa.eu/nuts/code/{code}", "dct:Location"))
    return places


# (title, what it holds, IANA media type, EU file-type authority code)
_DISTRIBUTIONS = {
    "plan_json": ("plan-json/1", "Планът като plan-json/1: приоритети, цели, мерки, индикатори, финансиране.",
                  "application/json", "JSON"),
    "datapackage_zip": ("Frictionless data package",
                        "Пакет данни (Frictionless): мерките, напредъкът и индикаторите като CSV с описание.",
                        "application/zip", "ZIP"),
    "measures_csv": ("measures.csv", "Мерките на плана, по една на ред.", "text/csv", "CSV"),
    "progress_csv": ("progress.csv", "Одобреният напредък по мерки и отчетни периоди.", "text/csv", "CSV"),
    "indicators_csv": ("indicators.csv", "Стойностите на индикаторите по отчетни периоди.", "text/csv", "CSV"),
}


def _distribution(url: str, key: str) -> dict:
    title, description, media_type, file_type = _DISTRIBUTIONS[key]
    return {
        "@type": "dcat:Distribution",
        "@id": url,
        "dct:title": title,
        "dct:description": {"@value": description, "@language": "bg"},
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": _typed(f"http://www.iana.org/assignments/media-types/{media_type}", "dct:MediaType"),
        "dct:format": _typed(f"{AUTHORITY}/file-type/{file_type}", "dct:MediaTypeOrExtent"),
        "dct:license": _licence(),
    }


def dataset(plan: Plan, base_url: str) -> dict:
    """One plan as a DCAT-AP ``dcat:Dataset`` (JSON-LD, without the context)."""
    urls = plan_urls(plan, base_url)
    return {
        "@id": urls["dataset"],
        "@type": "dcat:Dataset",
        "dct:identifier": slug(plan),
        "dct:title": {"@value": plan.title, "@language": "bg"},
        "dct:description": {
            "@value": (
                f"План за действие на община {plan.municipality.name} за {plan.period_start}–{plan.period_end}: "
                "мерки, индикатори и одобрен напредък по отчетни периоди."
            ),
            "@language": "bg",
        },
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": f"Община {plan.municipality.name}"},
        "dct:spatial": _spatial(plan),
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": f"{plan.period_start}-01-01", "@type": "xsd:date"},
            "dcat:endDate": {"@value": f"{plan.period_end}-12-31", "@type": "xsd:date"},
        },
        "dct:modified": {"@value": plan.updated_at.date().isoformat(), "@type": "xsd:date"},
        "dct:language": _typed(f"{AUTHORITY}/language/BUL", "dct:LinguisticSystem"),
        "dct:license": _licence(),
        "dcat:theme": {
            **_typed(f"{AUTHORITY}/data-theme/SOCI", "skos:Concept"),
            "skos:prefLabel": {"@value": "Население и общество", "@language": "bg"},
        },
        "dcat:keyword": ["план за действие", "мониторинг", plan.municipality.name],
        "dcat:landingPage": _typed(urls["page"], "foaf:Document"),
        "dcat:contactPoint": {
            "@type": ["vcard:Kind", "vcard:Organization"], "vcard:fn": f"Община {plan.municipality.name}",
        },
        "dcat:distribution": [_distribution(urls[key], key) for key in _DISTRIBUTIONS],
    }


def dataset_jsonld(plan: Plan, base_url: str) -> dict:
    return {"@context": DCAT_CONTEXT, **dataset(plan, base_url)}


def catalogue_jsonld(base_url: str, plans: list[Plan] | None = None) -> dict:
    """Every public plan as one ``dcat:Catalog`` (``plans``: those already read from ``public_plans()``)."""
    if plans is None:
        plans = list(public_plans().order_by("pk"))
    return {
        "@context": DCAT_CONTEXT,
        "@id": f"{base_url}/open-data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": "Планове за действие на общините и техният напредък", "@language": "bg"},
        "dct:description": {
            "@value": "Общински планове за действие и одобреният напредък по тях, като отворени данни.",
            "@language": "bg",
        },
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "planmonitor"},
        "dct:license": _licence(),
        "foaf:homepage": _typed(f"{base_url}/open-data/", "foaf:Document"),
        "dcat:dataset": [dataset(plan, base_url) for plan in plans],
    }
