"""Seed the default risk score bands of the NPSA 5x5 matrix (CONVENTIONS.md §1).

Partnerships without bands of their own use these; a PMO re-bands by adding its own set.
"""

from django.db import migrations

NPSA_BANDS = [
    (1, 3, "Low", "green", "Manage by routine procedures within the workstream."),
    (4, 6, "Moderate", "yellow", "The workstream lead manages it; review at least quarterly."),
    (8, 12, "High", "amber", "The SRO manages it with the programme board sighted; review monthly."),
    (15, 25, "Extreme", "red", "Escalate to the partnership board; review monthly or sooner."),
]


def seed(apps, schema_editor):
    RiskBand = apps.get_model("programmes", "RiskBand")
    for min_score, max_score, label, colour, action in NPSA_BANDS:
        RiskBand.objects.update_or_create(
            partnership=None, min_score=min_score,
            defaults={"max_score": max_score, "label": label, "colour": colour, "action": action},
        )


def unseed(apps, schema_editor):
    RiskBand = apps.get_model("programmes", "RiskBand")
    RiskBand.objects.filter(
        partnership=None, min_score__in=[band[0] for band in NPSA_BANDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
