"""The rating scale shared by milestones, KPIs, risks and status updates."""

from django.db import models


class RAG(models.TextChoices):
    """Red, amber, green, and blue for complete (BRAG)."""

    BLUE = "blue", "Blue (complete)"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


# Worst last: the order in which ratings combine into the worst of them.
RAG_ORDER = [RAG.BLUE, RAG.GREEN, RAG.AMBER, RAG.RED]


def worst(ratings):
    """The worst of some RAG ratings (blanks ignored), or None when there are none."""
    present = [r for r in ratings if r]
    return max(present, key=RAG_ORDER.index) if present else None
