"""Saving the monthly update page: the update, its milestones and KPI actuals, all or nothing.

The page sends everything as typed, with the version of each record it was opened at (for a
KPI actual, which has no version, the value it showed). Only what the person changed against
what they saw is saved. If anyone else saved one of those records meanwhile, nothing is saved
and `UpdateConflict` lists what the others changed and what this person typed, so the page can
show both and keep the person's words.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.dateformat import format as format_date
from django.utils.text import get_text_list, normalize_newlines

from programmes.concurrency import Change, EditConflict, shown
from programmes.kpis import record_actual
from programmes.milestones import edit_milestone
from programmes.models import KPI, KPIActual, Milestone
from programmes.updates import edit_update, submit_update


@dataclass(frozen=True)
class TypedMilestone:
    milestone: Milestone
    version: int  # the version the page was opened at
    values: dict  # field -> value as typed


@dataclass(frozen=True)
class TypedActual:
    kpi: KPI
    period: date
    seen: Decimal | None  # the actual the page showed when opened
    value: Decimal | None  # as typed; None clears it


@dataclass(frozen=True)
class Typed:
    """Everything the person sent from the monthly update page."""

    version: int
    values: dict
    milestones: list = field(default_factory=list)
    actuals: list = field(default_factory=list)


@dataclass
class Edits:
    """What the person changed: the update's fields, each milestone's (by id), actuals (by KPI)."""

    update: dict = field(default_factory=dict)
    milestones: dict = field(default_factory=dict)
    actuals: dict = field(default_factory=dict)


class UpdateConflict(Exception):
    """Someone else saved records this person changed: nothing was saved."""

    def __init__(self, conflicts, edits):
        self.conflicts = conflicts  # [EditConflict]
        self.edits = edits  # Edits: what this person typed, to show again
        super().__init__(" ".join(c.message for c in conflicts))

    def sections(self):
        """For each record: what it is, who saved it meanwhile, their changes and this person's
        value of each field they changed too ("" where they did not)."""
        return [
            {"title": _record_title(c.record),
             "people": get_text_list([str(p) for p in c.changed_by], "and") or "Someone else",
             "changes": [(change, self._yours(c.record, change)) for change in c.changes]}
            for c in self.conflicts
        ]

    def _yours(self, record, change):
        if isinstance(record, KPIActual):
            if record.kpi_id not in self.edits.actuals:
                return ""
            return _number(self.edits.actuals[record.kpi_id])
        typed = (self.edits.milestones.get(record.pk, {}) if isinstance(record, Milestone)
                 else self.edits.update)
        if change.field not in typed:
            return ""
        return shown(record._meta.get_field(change.field), typed[change.field])


def save_monthly_update(update, typed, by, submit=False):
    """Save what `by` changed on the update page in one transaction; submit it if asked.

    Raises UpdateConflict when others saved meanwhile, TransitionNotAllowed when the update
    can no longer be changed or submitted, ValidationError when a record refuses a value: in
    every case nothing is saved. Returns the Edits made.
    """
    edits, conflicts = Edits(), []
    with transaction.atomic():
        edits.update = changed(update, typed.version, typed.values)
        try:
            edit_update(update, typed.version, edits.update, by)
        except EditConflict as conflict:
            conflicts.append(conflict)
        for item in typed.milestones:
            changes = changed(item.milestone, item.version, item.values)
            if not changes:
                continue
            edits.milestones[item.milestone.pk] = changes
            try:
                edit_milestone(item.milestone, item.version, changes, by)
            except EditConflict as conflict:
                conflicts.append(conflict)
        for item in typed.actuals:
            if item.value == item.seen:
                continue
            edits.actuals[item.kpi.pk] = item.value
            conflict = _save_actual(item, by)
            if conflict:
                conflicts.append(conflict)
        if conflicts:
            raise UpdateConflict(conflicts, edits)  # leaving the block undoes every save
        if submit:
            submit_update(update, by)
    return edits


def changed(record, version, values):
    """The typed values that differ from what the person saw: the record at `version`."""
    seen = record if record.version == version else _as_at(record, version)
    return {name: value for name, value in values.items() if not _same(getattr(seen, name), value)}


def _same(before, after):
    # Browsers send text areas' line ends as CRLF and forms strip spaces: neither is a change.
    if isinstance(before, str) and isinstance(after, str):
        return normalize_newlines(before).strip() == normalize_newlines(after).strip()
    return before == after


def _as_at(record, version):
    entry = record.history.filter(version=version).order_by("-history_date", "-history_id").first()
    # Without its history, compare with the record as it is: a change then shows as a conflict.
    return entry or record


def _save_actual(item, by):
    """Enter, correct or clear a KPI's actual unless someone else did since the page showed it."""
    current = (
        KPIActual.objects.select_for_update(of=("self",)).select_related("entered_by")
        .filter(kpi=item.kpi, period=item.period).first()
    )
    now = current.value if current else None
    if now != item.seen:
        return _actual_conflict(item, current, now)
    if item.value is None:
        current._history_user = by
        current.delete()
    else:
        record_actual(item.kpi, item.period, item.value, by, note=current.note if current else "")
    return None


def _actual_conflict(item, current, now):
    label = f"{item.kpi.name}, {format_date(item.period, 'F Y')}"
    change = Change("value", label, _number(item.seen), _number(now))
    people = [current.entered_by] if current and current.entered_by else []
    record = current or KPIActual(kpi=item.kpi, period=item.period)
    return EditConflict(record, None, None, [change], people)


def _record_title(record):
    if isinstance(record, Milestone):
        return f"Milestone: {record.title}"
    if isinstance(record, KPIActual):
        return f"KPI actual: {record.kpi.name}, {format_date(record.period, 'F Y')}"
    return "This update"


def _number(value):
    return "nothing" if value is None else f"{Decimal(value).normalize():f}"
