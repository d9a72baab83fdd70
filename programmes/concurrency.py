"""Lost updates: a save based on a version someone else has since changed is refused.

Records that two people may edit at once (a status update, a milestone) carry a `version` that
every save claims with a conditional UPDATE (`models.versioned.Versioned`). When the claim
fails, `EditConflict` says who changed what since the editor's version, read from the
record's history, so the view can show it beside what the editor typed (nothing is lost).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import Truncator, capfirst, get_text_list, normalize_newlines


@dataclass(frozen=True)
class Change:
    """One field someone else changed: its name and its values before and after, as shown."""

    field: str
    verbose_name: str
    before: str
    after: str

    @property
    def label(self):
        return capfirst(self.verbose_name)

    def __str__(self):
        before = Truncator(self.before).chars(60)
        after = Truncator(self.after).chars(60)
        return f"{self.verbose_name} from {before} to {after}"


class EditConflict(Exception):
    """The record was saved by someone else after the version the editor started from."""

    def __init__(self, record, started_from, current_version, changes, changed_by):
        self.record = record
        self.started_from = started_from
        self.current_version = current_version
        self.changes = changes  # [Change], what the others changed since `started_from`
        self.changed_by = changed_by  # [User], who saved it since, first to last
        self.attempted = {}  # field -> value: what the refused editor asked to save
        super().__init__(self.message)

    @classmethod
    def since(cls, record, version):
        """The conflict for a save of `record` based on `version`, read from its history."""
        later = list(
            record.history.filter(version__gt=version)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        if not later:
            return cls(record, version, version, [], [])
        started = (
            record.history.filter(version=version).order_by("-history_date", "-history_id").first()
            or later[0].prev_record
        )
        latest = later[-1]
        changes = [] if started is None else differences(started, latest, record.conflict_fields())
        people = []
        for entry in later:
            if entry.history_user is not None and entry.history_user not in people:
                people.append(entry.history_user)
        return cls(record, version, latest.version, changes, people)

    @property
    def message(self):
        who = get_text_list([str(p) for p in self.changed_by], "and") or "Someone else"
        noun = self.record._meta.verbose_name
        if self.changes:
            what = "; ".join(str(change) for change in self.changes)
            said = f"{who} saved this {noun} while you were editing it, changing {what}."
        else:
            said = f"{who} saved this {noun} while you were editing it."
        return (
            f"{said} Your changes have not been saved and are still in the form: "
            "check them against the new values, then save again."
        )


def save_with_version(record, expected_version, changes, by):
    """Apply `changes` (field -> value) and save; EditConflict if saved after `expected_version`."""
    unknown = set(changes) - set(record.EDITABLE_FIELDS)
    if unknown:
        raise ValueError(
            f"{type(record).__name__} cannot change {', '.join(sorted(unknown))} this way."
        )
    if not changes:
        return record
    for name, value in changes.items():
        setattr(record, name, value)
    record.version = expected_version
    untouched = [f.name for f in record._meta.fields if f.name not in changes]
    record.full_clean(exclude=untouched, validate_unique=False, validate_constraints=False)
    record._history_user = by
    try:
        record.save()
    except EditConflict as conflict:
        conflict.attempted = dict(changes)
        record.refresh_from_db()
        raise
    return record


def differences(before, after, names):
    """What changed between two history entries of a record, in the fields named."""
    changes = []
    for field in after.instance_type._meta.fields:
        if field.name not in names:
            continue
        if getattr(before, field.attname) == getattr(after, field.attname):
            continue
        changes.append(Change(
            field=field.name,
            verbose_name=str(field.verbose_name),
            before=shown(field, _value(before, field)),
            after=shown(field, _value(after, field)),
        ))
    return changes


def _value(entry, field):
    if field.is_relation:
        related_id = getattr(entry, field.attname)
        if related_id is None:
            return None
        return field.related_model._base_manager.filter(pk=related_id).first() or related_id
    return getattr(entry, field.attname)


def shown(field, value):
    """A field's value as a person reads it: choice labels, dates in words, "nothing" for blank."""
    if value is None or value == "":
        return "nothing"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return format_date(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, datetime.date):
        return format_date(value, "j F Y")
    if isinstance(field, models.TextField):
        return f"“{normalize_newlines(str(value)).strip()}”"
    return str(value)
