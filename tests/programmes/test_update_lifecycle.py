"""The monthly update: started pre-filled, submitted by the lead, approved or returned, locked."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError

from programmes.exceptions import TransitionNotAllowed
from programmes.models import PID, RAG, StatusUpdate
from programmes.updates import (
    approve_update,
    edit_update,
    lock_updates,
    return_update,
    start_update,
    submit_update,
)
from tests.programme_factories import (
    MilestoneFactory,
    PIDFactory,
    RiskFactory,
    StatusUpdateFactory,
    WorkstreamFactory,
)

Status = StatusUpdate.Status
Confidence = StatusUpdate.Confidence
pytestmark = pytest.mark.django_db
MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)


@pytest.fixture
def workstream(partnership):
    return WorkstreamFactory(programme__partnership=partnership, name="Suicide prevention")


@pytest.fixture
def draft(workstream):
    return StatusUpdateFactory(workstream=workstream, period=MARCH)


def test_starting_an_update_carries_over_last_months_text(workstream, pmo):
    StatusUpdateFactory(
        workstream=workstream, period=MARCH, status=Status.APPROVED, finance_rating=RAG.AMBER,
        summary="On track overall.", issues="Recruitment to the crisis team.",
        escalations="Estates for the safe haven.", planned_next="Launch the training.",
        decisions_requested="Approve the PID.",
    )

    update = start_update(workstream, date(2026, 4, 17), pmo)

    assert (update.period, update.status, update.version) == (APRIL, Status.DRAFT, 1)
    assert update.summary == "On track overall."
    assert update.issues == "Recruitment to the crisis team."
    assert update.escalations == "Estates for the safe haven."
    assert update.achieved == "Launch the training."
    assert (update.planned_next, update.decisions_requested) == ("", "")
    assert update.finance_rating == RAG.AMBER


def test_starting_an_update_suggests_ratings_from_the_data(workstream, pmo):
    today = date(2026, 4, 10)
    MilestoneFactory(workstream=workstream, is_key=True, baseline_date=date(2026, 5, 1),
                     forecast_date=date(2026, 5, 20))
    RiskFactory(workstream=workstream, likelihood=4, consequence=4)

    update = start_update(workstream, APRIL, pmo, today=today)

    assert update.milestones_rating == RAG.AMBER
    assert update.risks_rating == RAG.RED
    assert update.kpis_rating == ""
    assert update.delivery_confidence == Confidence.RED


def test_starting_an_update_that_exists_returns_it_unchanged(draft, pmo):
    assert start_update(draft.workstream, MARCH, pmo) == draft
    assert StatusUpdate.objects.count() == 1


def test_an_update_is_judged_against_the_approved_pid(workstream, pmo):
    PIDFactory(workstream=workstream, status=PID.Status.SUPERSEDED)
    approved = PIDFactory(workstream=workstream, status=PID.Status.APPROVED)

    update = start_update(workstream, APRIL, pmo)

    assert update.pid == approved


def test_the_lead_submits_and_the_sro_approves(draft, pmo, viewer):
    submit_update(draft, pmo)
    assert (draft.status, draft.submitted_by) == (Status.SUBMITTED, pmo)

    approve_update(draft, viewer)

    draft.refresh_from_db()
    assert (draft.status, draft.approved_by) == (Status.APPROVED, viewer)
    assert draft.submitted_at <= draft.approved_at


def test_an_update_without_its_delivery_confidence_cannot_be_submitted(workstream, pmo):
    update = StatusUpdateFactory(workstream=workstream, delivery_confidence="", summary="")

    with pytest.raises(TransitionNotAllowed) as refused:
        submit_update(update, pmo)

    assert refused.value.message == (
        "Fill in the delivery confidence and summary before submitting the update."
    )


def test_a_returned_update_keeps_the_comment_and_can_be_changed_again(draft, pmo, viewer):
    submit_update(draft, pmo)

    return_update(draft, viewer, "Say why the training has slipped.")

    draft.refresh_from_db()
    assert draft.status == Status.RETURNED and draft.is_editable
    assert draft.return_comment == "Say why the training has slipped."
    assert draft.returned_by == viewer
    edit_update(draft, draft.version, {"issues": "Trainer off sick in March."}, pmo)
    submit_update(draft, pmo)
    assert draft.status == Status.SUBMITTED


def test_returning_an_update_without_a_comment_is_refused(draft, pmo):
    submit_update(draft, pmo)
    with pytest.raises(TransitionNotAllowed) as refused:
        return_update(draft, pmo, "")
    assert refused.value.message == "Say what needs changing before returning the update."


def test_an_update_must_be_submitted_before_it_is_approved_or_returned(draft, pmo):
    with pytest.raises(TransitionNotAllowed) as refused:
        approve_update(draft, pmo)
    with pytest.raises(TransitionNotAllowed):
        return_update(draft, pmo, "Why?")
    assert refused.value.message == (
        "The March 2026 update cannot be approved: it is still a draft."
    )


def test_an_approved_update_cannot_be_changed_or_submitted_again(draft, pmo):
    submit_update(draft, pmo)
    approve_update(draft, pmo)

    with pytest.raises(TransitionNotAllowed) as refused:
        edit_update(draft, draft.version, {"summary": "Rewritten"}, pmo)
    with pytest.raises(TransitionNotAllowed):
        submit_update(draft, pmo)

    assert refused.value.message == "The March 2026 update cannot be changed: it has been approved."
    draft.refresh_from_db()
    assert draft.summary == "Bereavement service procured; training on track."


def test_a_board_pack_locks_the_updates_it_used(workstream, pmo):
    approved = StatusUpdateFactory(workstream=workstream, period=MARCH, status=Status.APPROVED)
    submitted = StatusUpdateFactory(workstream=workstream, period=APRIL, status=Status.SUBMITTED)

    assert lock_updates([approved, submitted], "Board pack, 21 April 2026") == 2

    for update in (approved, submitted):
        update.refresh_from_db()
        assert update.status == Status.LOCKED
        assert update.locked_reason == "Board pack, 21 April 2026" and update.locked_at
    with pytest.raises(TransitionNotAllowed) as refused:
        approve_update(submitted, pmo)
    assert "a board pack or assurance report has used it" in refused.value.message


def test_locking_again_keeps_the_first_reason(workstream):
    update = StatusUpdateFactory(workstream=workstream, status=Status.APPROVED)
    lock_updates([update], "Board pack, March")

    assert lock_updates([update], "Assurance report, March") == 0

    update.refresh_from_db()
    assert update.locked_reason == "Board pack, March"


def test_a_draft_among_the_updates_to_lock_refuses_them_all(workstream):
    approved = StatusUpdateFactory(workstream=workstream, period=MARCH, status=Status.APPROVED)
    draft = StatusUpdateFactory(workstream=workstream, period=APRIL)

    with pytest.raises(TransitionNotAllowed) as refused:
        lock_updates(StatusUpdate.objects.all(), "Board pack")

    assert refused.value.message == (
        f"{draft} is not submitted yet: only submitted or approved updates can be used."
    )
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_each_step_is_kept_in_the_history_with_who_took_it(draft, pmo, viewer):
    submit_update(draft, pmo)
    return_update(draft, viewer, "More detail on finance.")
    submit_update(draft, pmo)
    approve_update(draft, viewer)

    steps = [(h.status, h.history_user, h.version)
             for h in draft.history.order_by("history_id")][1:]
    assert steps == [
        (Status.SUBMITTED, pmo, 2), (Status.RETURNED, viewer, 3),
        (Status.SUBMITTED, pmo, 4), (Status.APPROVED, viewer, 5),
    ]


def test_a_workstream_has_one_update_a_month(draft):
    with pytest.raises(IntegrityError):
        StatusUpdateFactory(workstream=draft.workstream, period=MARCH + timedelta(days=9))
