"""Amounts keep their digits from the document to the database and back out: no float on the way.

3931606.10 is what the Kazanlak plan states (a float writes it 3931606.1); 99999999999999.99
is the largest amount a Funding holds, which a float turns into 99999999999999.98. SQLite
itself keeps a decimal column as a float (REAL), so there the large amount is one of 15
digits, the most a float keeps; PostgreSQL's numeric keeps all 16.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from planmonitor.ingest import exact_json, read_plan
from planmonitor.plans import services
from planmonitor.plans.models import Funding, Plan
from planmonitor.plans.review import apply_correction
from planmonitor.plans.services import PlanJsonError
from tests.ingest.conftest import SEEDS

BIG = "99999999999999.99"


def _index(plan_json: dict, code: str) -> int:
    return next(i for i, m in enumerate(plan_json["measures"]) if m["code"] == code)


@pytest.mark.django_db
def test_an_amount_goes_read_import_database_export_with_its_digits(shared_dir, tmp_path, admin_user):
    big_amount = BIG if connection.vendor == "postgresql" else "9999999999999.99"
    read = read_plan((shared_dir / "seeds" / SEEDS["kazanlak-2017-2020"]).read_bytes(), "k.txt").plan
    kazanlak = _index(read, "3.4.5")
    assert read["measures"][kazanlak]["funding"]["amount"] == Decimal("3931606.10")
    codes = [m["code"] for m in read["measures"]]
    big = next(code for code in codes if code and codes.count(code) == 1 and code != "3.4.5")
    corrected = apply_correction(read, f"measures.{codes.index(big)}.funding.amount", big_amount)
    corrected = apply_correction(corrected, f"measures.{codes.index(big)}.funding.currency", "EUR")
    assert float(BIG) != Decimal(BIG)  # a value a float would change

    plan = services.import_plan(corrected, actor=admin_user, district_name="Стара Загора")
    stored = {f.measure.code: f.amount for f in Funding.objects.filter(measure__plan=plan).select_related("measure")}
    assert str(stored["3.4.5"]) == "3931606.10" and str(stored[big]) == big_amount

    snapshot = Plan.objects.get(pk=plan.pk).versions.get().snapshot  # the JSON field, read back from the database
    amounts = {m["code"]: m["funding"]["amount"] for m in snapshot["measures"]}
    assert (amounts["3.4.5"], amounts[big]) == (Decimal("3931606.10"), Decimal(big_amount))

    out = tmp_path / "out.json"
    call_command("export", str(plan.pk), "--format", "json", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert '"amount": 3931606.10,' in text and f'"amount": {big_amount},' in text
    again = exact_json.loads(text)
    assert again["measures"][_index(again, big)]["funding"]["amount"] == Decimal(big_amount)

    call_command("import", str(out), "--new-version", "--district", "Стара Загора")
    assert str(Funding.objects.get(measure__plan=plan, measure__code=big, measure__retired_in__isnull=True).amount) == big_amount


def test_exact_json_writes_and_reads_decimals_as_numbers():
    text = exact_json.dumps({"a": Decimal("0.10"), "b": Decimal(BIG), "n": 3})
    assert text == '{"a": 0.10, "b": 99999999999999.99, "n": 3}'
    assert exact_json.loads(text) == {"a": Decimal("0.10"), "b": Decimal(BIG), "n": 3}
    assert sum(exact_json.loads("[0.1, 0.2]")) == Decimal("0.3")  # floats would give 0.30000000000000004


@pytest.mark.django_db
def test_a_plan_json_amount_in_any_form_is_stored_from_its_digits(small_plan_json, admin_user):
    """The reader gives Decimal; a number's text, an int, or a float from a dict built in Python are read as written."""
    small_plan_json["measures"][0]["funding"]["amount"] = "12.000,50"
    small_plan_json["measures"][1]["funding"]["amount"] = 0.1 + 0.2
    plan = services.import_plan(small_plan_json, actor=admin_user, district_name="Стара Загора")
    amounts = [f.amount for f in Funding.objects.filter(measure__plan=plan).order_by("measure__position")]
    assert amounts[:2] == [Decimal("12000.50"), Decimal("0.30")]


@pytest.mark.django_db
def test_an_amount_that_is_not_a_number_is_refused_by_name(small_plan_json, admin_user):
    small_plan_json["measures"][0]["funding"]["amount"] = "около 5 хил."
    with pytest.raises(PlanJsonError, match="not a number"):
        services.import_plan(small_plan_json, actor=admin_user, district_name="Стара Загора")
    assert Plan.objects.count() == 0
