"""References of agenda items, decisions and actions: `PB/2026/11/4`, `PB/2026/11/D1`, `.../A1`.

An agenda item gets its reference when the meeting's pack is first published and keeps it for
good: moving or removing other items never renumbers it, and an item added later takes the next
free number. Before publication an item is known by its place in the agenda.
"""

import re

from django.db import transaction

from governance.models import Action, AgendaItem, Decision, Meeting

KINDS = {"D": Decision, "A": Action}


def assign_references(meeting):
    """Give every item of the agenda without a reference the next free number, in agenda order.

    Idempotent: items that have a reference keep it. Called when the pack is published.
    """
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("part", "order", "pk"))
        taken = [_number(item.reference) for item in items if item.reference]
        following = max(taken, default=0) + 1
        prefix = meeting.reference_prefix()
        for item in items:
            if item.reference:
                continue
            item.reference = f"{prefix}/{following}"
            following += 1
            item.save(update_fields=["reference"])
    return items


def next_reference(meeting, kind):
    """The next decision ("D") or action ("A") reference of the meeting: `PB/2026/11/D3`."""
    model = KINDS[kind]
    used = model.objects.filter(meeting=meeting).values_list("reference", flat=True)
    pattern = re.compile(rf"/{kind}(\d+)$")
    numbers = [int(found.group(1)) for ref in used if (found := pattern.search(ref or ""))]
    return f"{meeting.reference_prefix()}/{kind}{max(numbers, default=0) + 1}"


def _number(reference):
    tail = reference.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0
