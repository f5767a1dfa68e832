from django.db import migrations
from django.db.models import OuterRef, Subquery


def carry_over(apps, schema_editor):
    """Each plan starts from its monitoring revision, so no key of a cached page is reused."""
    Plan = apps.get_model("plans", "Plan")
    MonitoringRevision = apps.get_model("monitoring", "MonitoringRevision")
    number = MonitoringRevision.objects.filter(plan_id=OuterRef("pk")).values("number")[:1]
    Plan.objects.filter(pk__in=MonitoringRevision.objects.values("plan_id")).update(revision=Subquery(number))


def carry_back(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    MonitoringRevision = apps.get_model("monitoring", "MonitoringRevision")
    MonitoringRevision.objects.bulk_create(
        [MonitoringRevision(plan_id=pk, number=n) for pk, n in Plan.objects.filter(revision__gt=0).values_list("pk", "revision")]
    )


class Migration(migrations.Migration):
    """``MonitoringRevision`` gives way to ``Plan.revision`` (one counter for every change of a plan)."""

    dependencies = [
        ("monitoring", "0003_reminder_kind"),
        ("plans", "0006_plan_revision"),
    ]

    operations = [
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(name="MonitoringRevision"),
    ]
