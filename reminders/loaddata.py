"""Synthetic reminders for the benchmark: thousands of people, each owing many things at once.

`build_owing(people, items)` adds a partnership whose `people` each own `items` overdue things,
half board actions and half milestones. Overdue reminders are new every working day (their
period is the day), so each working day every one of them is owed `items` reminders in one
digest, and the benchmark can compute and send one day after another on the same data.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from governance.models import Action, Board, Meeting
from programmes.models import Milestone, Programme, Workstream
from stp.models import Partnership, Region, User

OVERDUE_SINCE = date(2025, 1, 6)  # long before any day the benchmark runs
PEOPLE_PER_WORKSTREAM = 100
BATCH = 5000


def owing_slug(people, items):
    return f"owing-{people}x{items}"


@transaction.atomic
def build_owing(people, items):
    """The partnership whose `people` each owe `items` overdue things; built once."""
    slug = owing_slug(people, items)
    existing = Partnership.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    region, _ = Region.objects.get_or_create(name="Load test region")
    partnership = Partnership.objects.create(
        name=f"Owing {people} people {items} things", short_name=f"Owing {people}x{items}",
        slug=slug, region=region,
    )
    unusable = User().password or "!"  # nobody signs in as them
    owners = User.objects.bulk_create(
        [User(email=f"{slug}-{i}@example.com", full_name=f"Owner {i} of {slug}",
              password=unusable) for i in range(people)],
        batch_size=BATCH,
    )
    programme = Programme.objects.create(partnership=partnership, name="Owing programme")
    workstreams = Workstream.objects.bulk_create(
        Workstream(programme=programme, partnership=partnership, name=f"Owing workstream {w}")
        for w in range(-(-people // PEOPLE_PER_WORKSTREAM))
    )
    board = Board.objects.create(partnership=partnership, name="Owing board", code="OB")
    meeting = Meeting.objects.create(
        board=board, status=Meeting.Status.HELD,
        starts_at=timezone.make_aware(datetime.combine(OVERDUE_SINCE, time(14))),
    )
    actions = items // 2
    Action.objects.bulk_create(
        (Action(board=board, meeting=meeting, reference=f"OB/{i}/{a + 1}",
                description=f"Synthetic action {a + 1} of owner {i}.", owner=owner,
                due_date=OVERDUE_SINCE)
         for i, owner in enumerate(owners) for a in range(actions)),
        batch_size=BATCH,
    )
    Milestone.objects.bulk_create(
        (Milestone(workstream=workstreams[i // PEOPLE_PER_WORKSTREAM], owner=owner,
                   title=f"Synthetic milestone {m + 1} of owner {i}",
                   baseline_date=OVERDUE_SINCE, forecast_date=OVERDUE_SINCE,
                   status=Milestone.Status.LATE)
         for i, owner in enumerate(owners) for m in range(items - actions)),
        batch_size=BATCH,
    )
    return partnership
