"""The command line: planmonitor import / export."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from planmonitor.plans.models import Plan
from tests.plans.test_services import without_labels


@pytest.mark.django_db
def test_import_json_then_export_gives_it_back(shared_dir, tmp_path, capsys):
    """planmonitor import FILE.json stores the plan; export -o writes the same plan-json."""
    source = shared_dir / "groundtruth" / "tvarditsa-2024-2027.json"
    call_command("import", str(source), "--district", "Сливен", "--status", "adopted")
    plan = Plan.objects.get()
    assert (plan.status, plan.municipality.district.name) == ("adopted", "Сливен")
    assert "64 measures" in capsys.readouterr().out
    out = tmp_path / "out.json"
    call_command("export", str(plan.pk), "--format", "json", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == without_labels(json.loads(source.read_text(encoding="utf-8")))


@pytest.mark.django_db
def test_import_twice_stops_unless_new_version(shared_dir):
    """The second import of the same plan fails with status 2; --new-version makes no duplicate."""
    source = str(shared_dir / "groundtruth" / "kazanlak-2017-2020.json")
    call_command("import", source)
    with pytest.raises(CommandError) as refused:
        call_command("import", source)
    assert refused.value.returncode == 2
    assert "already has the plan" in str(refused.value)
    call_command("import", source, "--new-version")
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_import_of_an_unreadable_file_stores_nothing(tmp_path):
    """A broken file gives one line and exit status 2; no plan is stored."""
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import", str(broken))
    assert refused.value.returncode == 2
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_export_of_a_missing_plan(capsys):
    with pytest.raises(CommandError, match="no plan number 999"):
        call_command("export", "999")


@pytest.mark.django_db
def test_import_a_seed_text_dump_through_the_reader(shared_dir, capsys):
    """A real plan goes through planmonitor.ingest and into the database; warnings are printed."""
    call_command("import", str(shared_dir / "seeds" / "000_a29297c3ca37ad82.txt"), "--district", "Стара Загора")
    plan = Plan.objects.get()
    assert (plan.period_start, plan.period_end) == (2017, 2020)
    assert plan.measures.count() > 100
    assert plan.priorities.count() == 6
    captured = capsys.readouterr()
    assert "warning:" in captured.err or "предупреждение" in captured.err
    assert plan.measures.exclude(institutions=None).count() > 50


@pytest.mark.django_db
def test_import_of_a_file_the_reader_refuses(tmp_path):
    broken = tmp_path / "plan.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(CommandError) as refused:
        call_command("import", str(broken))
    assert refused.value.returncode == 2 and "PDF" in str(refused.value)
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_import_never_stores_a_closed_plan(tmp_path):
    """Issue 11: an import could be stored straight as "closed"."""
    from tests.builders.big_plan import synthetic_plan

    source = tmp_path / "plan.json"
    source.write_text(json.dumps(synthetic_plan(3)), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", str(source), "--status", "closed")
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_import_reads_with_the_deployments_registry_and_creates_no_unknown_institution(tmp_path, settings, capsys):
    """Issue 15: the command read with the reader's defaults; issue 10: unknown names became institutions."""
    from planmonitor.accounts.models import Institution
    from tests.builders.big_plan import synthetic_plan
    from tests.builders.word import build_docx

    plan_json = synthetic_plan(6, quirks=True)
    plan_json["measures"][0]["responsible"] = "РЗИ, Клуб „Искра“, групи"
    source = tmp_path / "plan.docx"
    source.write_bytes(build_docx(plan_json, "tvarditsa"))
    registry = tmp_path / "institutions.csv"
    registry.write_text("abbreviation,name,kind,aliases\nНП,Сдружение „Нов път“,ngo,\n", encoding="utf-8")
    settings.PLANMONITOR_INSTITUTIONS = str(registry)
    call_command("import", str(source))
    names = set(Institution.objects.values_list("name", flat=True))
    assert "Сдружение „Нов път“" in names  # the deployment's registry knows it
    assert "Клуб „Искра“" not in names and "групи" not in names and "всички институции" not in names
    assert "Клуб „Искра“" in capsys.readouterr().err
    call_command("import", str(source), "--new-version", "--add-institutions")
    assert Institution.objects.filter(name="Клуб „Искра“").exists()
    assert not Institution.objects.filter(name="групи").exists()
