"""Two people editing one update or milestone: the second save is refused, nothing is lost."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from programmes.concurrency import EditConflict, save_with_version
from programmes.exceptions import TransitionNotAllowed
from programmes.milestones import complete_milestone, edit_milestone
from programmes.models import Milestone, StatusUpdate
from programmes.updates import edit_update, submit_update
from tests.factories import UserFactory
from tests.programme_factories import MilestoneFactory, StatusUpdateFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workstream(partnership):
    return WorkstreamFactory(programme__partnership=partnership)


@pytest.fixture
def ann():
    return UserFactory(full_name="Ann Hale")


@pytest.fixture
def ben():
    return UserFactory(full_name="Ben Cole")


@pytest.fixture
def milestone(workstream):
    return MilestoneFactory(workstream=workstream, title="Bereavement service live",
                            baseline_date=date(2026, 9, 30), forecast_date=date(2026, 9, 30))


def opened(record):
    """A fresh copy, as a person's edit page loads it."""
    return type(record).objects.get(pk=record.pk)


def test_a_save_from_the_current_version_goes_through_and_moves_the_version_on(milestone, ann):
    edit_milestone(opened(milestone), 1, {"forecast_date": date(2026, 10, 31)}, ann)

    milestone.refresh_from_db()
    assert (milestone.forecast_date, milestone.version) == (date(2026, 10, 31), 2)
    assert milestone.history.first().history_user == ann


def test_the_second_save_of_a_milestone_is_refused_saying_what_the_other_changed(
    milestone, ann, ben
):
    anns_page, bens_page = opened(milestone), opened(milestone)
    edit_milestone(anns_page, anns_page.version, {"forecast_date": date(2026, 11, 30),
                                                  "status": Milestone.Status.AT_RISK}, ann)

    with pytest.raises(EditConflict) as refused:
        edit_milestone(bens_page, 1, {"notes": "Provider confirmed the start date."}, ben)

    conflict = refused.value
    assert [(c.label, c.before, c.after) for c in conflict.changes] == [
        ("Forecast date", "30 September 2026", "30 November 2026"),
        ("Status", "On track", "At risk"),
    ]
    assert conflict.changed_by == [ann]
    assert conflict.message == (
        "Ann Hale saved this milestone while you were editing it, changing forecast date from "
        "30 September 2026 to 30 November 2026; status from On track to At risk. Your changes "
        "have not been saved and are still in the form: check them against the new values, "
        "then save again."
    )


def test_nothing_either_person_typed_is_lost(milestone, ann, ben):
    anns_page, bens_page = opened(milestone), opened(milestone)
    edit_milestone(anns_page, 1, {"forecast_date": date(2026, 11, 30)}, ann)

    with pytest.raises(EditConflict) as refused:
        edit_milestone(bens_page, 1, {"notes": "Provider confirmed the start date."}, ben)

    milestone.refresh_from_db()
    assert milestone.forecast_date == date(2026, 11, 30)  # Ann's save stands
    assert refused.value.attempted == {"notes": "Provider confirmed the start date."}  # Ben's
    assert refused.value.current_version == 2
    # Ben's page now has the current record: he saves again from version 2.
    edit_milestone(bens_page, bens_page.version, refused.value.attempted, ben)
    milestone.refresh_from_db()
    assert (milestone.forecast_date, milestone.notes) == (
        date(2026, 11, 30), "Provider confirmed the start date."
    )


def test_the_conflict_lists_everyone_who_saved_since_and_all_they_changed(milestone, ann, ben):
    stale = opened(milestone)
    edit_milestone(opened(milestone), 1, {"forecast_date": date(2026, 10, 15)}, ann)
    edit_milestone(opened(milestone), 2, {"forecast_date": date(2026, 10, 31)}, ben)

    with pytest.raises(EditConflict) as refused:
        edit_milestone(stale, 1, {"title": "Service live"}, UserFactory())

    assert refused.value.changed_by == [ann, ben]
    assert [(c.before, c.after) for c in refused.value.changes] == [
        ("30 September 2026", "31 October 2026")
    ]
    assert refused.value.message.startswith("Ann Hale and Ben Cole saved this milestone")


def test_the_second_save_of_a_status_update_is_refused_showing_the_new_text(workstream, ann, ben):
    update = StatusUpdateFactory(workstream=workstream, summary="On track.")
    anns_page, bens_page = opened(update), opened(update)
    edit_update(anns_page, 1, {"summary": "Training slipped a month.",
                               "delivery_confidence": StatusUpdate.Confidence.AMBER}, ann)

    with pytest.raises(EditConflict) as refused:
        edit_update(bens_page, 1, {"issues": "Recruitment"}, ben)

    assert [(c.label, c.before, c.after) for c in refused.value.changes] == [
        ("Delivery confidence", "Amber/Green", "Amber"),
        ("Summary", "“On track.”", "“Training slipped a month.”"),
    ]
    update.refresh_from_db()
    assert update.issues == ""


def test_an_update_submitted_while_someone_edits_it_refuses_their_save(workstream, ann, ben):
    update = StatusUpdateFactory(workstream=workstream)
    bens_page = opened(update)
    submit_update(opened(update), ann)

    with pytest.raises(EditConflict) as refused:
        edit_update(bens_page, 1, {"summary": "Late change"}, ben)

    assert [(c.label, c.after) for c in refused.value.changes] == [("Status", "Submitted")]
    with pytest.raises(TransitionNotAllowed):  # reloading shows it is no longer editable
        edit_update(opened(update), 2, {"summary": "Late change"}, ben)


def test_any_save_of_a_stale_copy_is_refused_not_only_edits(milestone, ann):
    stale = opened(milestone)
    edit_milestone(opened(milestone), 1, {"notes": "Moved"}, ann)

    stale.title = "Quietly renamed"
    with pytest.raises(EditConflict):
        stale.save()
    milestone.refresh_from_db()
    assert milestone.title == "Bereavement service live"


def test_only_the_fields_a_lead_may_change_are_accepted(milestone, ann):
    with pytest.raises(ValueError, match="baseline_date"):
        save_with_version(opened(milestone), 1, {"baseline_date": date(2027, 1, 1)}, ann)


def test_a_completion_date_in_the_future_is_refused_saying_what_to_enter(milestone, ann):
    with pytest.raises(ValidationError) as refused:
        complete_milestone(opened(milestone), 1, ann, on=date.today() + timedelta(days=1))

    assert refused.value.message_dict == {
        "completed_on": ["Enter a completion date that is today or in the past."]
    }
    milestone.refresh_from_db()
    assert (milestone.status, milestone.version) == (Milestone.Status.ON_TRACK, 1)


def test_completing_a_milestone_makes_it_blue(milestone, ann):
    complete_milestone(opened(milestone), 1, ann, on=date.today())
    milestone.refresh_from_db()
    assert milestone.rag() == "blue" and milestone.completed_on == date.today()


def test_every_change_of_forecast_is_kept_with_who_made_it(milestone, ann, ben):
    edit_milestone(opened(milestone), 1, {"forecast_date": date(2026, 10, 31)}, ann)
    edit_milestone(opened(milestone), 2, {"notes": "No change of date"}, ben)
    edit_milestone(opened(milestone), 3, {"forecast_date": date(2026, 12, 15)}, ben)

    changes = [(who, before, after) for _, who, before, after in milestone.forecast_changes()]
    assert changes == [
        (ann, date(2026, 9, 30), date(2026, 10, 31)),
        (ben, date(2026, 10, 31), date(2026, 12, 15)),
    ]
