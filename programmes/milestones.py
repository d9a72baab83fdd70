"""Changing a milestone: its lead's edits, refused when someone else saved it meanwhile."""

from django.utils import timezone

from programmes.concurrency import save_with_version
from programmes.models import Milestone


def edit_milestone(milestone, expected_version, changes, by):
    """Save a lead's changes (forecast, status ...) unless saved after `expected_version`."""
    return save_with_version(milestone, expected_version, changes, by)


def complete_milestone(milestone, expected_version, by, on=None):
    """Mark a milestone complete on a day (today by default)."""
    changes = {"status": Milestone.Status.COMPLETE, "completed_on": on or timezone.localdate()}
    return save_with_version(milestone, expected_version, changes, by)
