from django.db import migrations, models


class Migration(migrations.Migration):
    """The plan's revision: the one cache key of its pages (``plans.revision``).

    Today's values come over from ``monitoring.MonitoringRevision`` in ``monitoring`` 0004.
    """

    dependencies = [
        ("plans", "0005_exact_plan_json"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="revision",
            field=models.PositiveBigIntegerField(default=0, editable=False, verbose_name="revision"),
        ),
    ]
