"""Risks on the NHS 5x5 matrix: scores, bands as data, every re-score kept for the trend."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from programmes.exceptions import TransitionNotAllowed
from programmes.models import Risk, RiskBand, attach_bands, banding_for
from programmes.risks import close_risk, raise_risk, reopen_risk, rescore_risk
from tests.programme_factories import ProgrammeFactory, RiskFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db
POSSIBLE_SCORES = sorted({lik * con for lik in range(1, 6) for con in range(1, 6)})


@pytest.fixture
def workstream(partnership):
    return WorkstreamFactory(programme__partnership=partnership, name="Crisis care")


def new_risk(workstream, **fields):
    values = {
        "workstream": workstream, "title": "Crisis team vacancies", "cause": "Because …",
        "event": "there is a risk that …", "effect": "which would mean …",
        "initial_likelihood": 4, "initial_consequence": 4, "likelihood": 3, "consequence": 4,
        "target_likelihood": 2, "target_consequence": 3,
    }
    return Risk(**{**values, **fields})


def test_each_score_is_likelihood_times_consequence(workstream):
    risk = RiskFactory(workstream=workstream)
    assert (risk.initial_score, risk.current_score, risk.target_score) == (16, 12, 6)


def test_a_risk_belongs_to_its_workstreams_partnership(workstream, partnership):
    assert RiskFactory(workstream=workstream).partnership == partnership
    programme_risk = RiskFactory(workstream=None, programme=workstream.programme)
    assert programme_risk.partnership == partnership


def test_a_likelihood_outside_1_to_5_is_refused_saying_what_to_enter(workstream):
    risk = new_risk(workstream, likelihood=6, target_consequence=0)
    with pytest.raises(ValidationError) as refused:
        risk.full_clean()
    assert refused.value.message_dict["likelihood"] == ["Enter a likelihood from 1 to 5."]
    assert refused.value.message_dict["target_consequence"] == ["Enter a consequence from 1 to 5."]


def test_the_database_refuses_a_score_off_the_matrix(workstream):
    with pytest.raises(IntegrityError):
        RiskFactory(workstream=workstream, consequence=0)


def test_a_risk_belongs_to_a_workstream_or_a_programme_not_both(workstream):
    both = new_risk(workstream, programme=workstream.programme)
    with pytest.raises(ValidationError) as refused:
        both.full_clean()
    assert refused.value.message_dict["workstream"] == [
        "Choose a workstream or a programme, not both."
    ]
    with pytest.raises(IntegrityError):
        both.save()


def test_a_risk_with_neither_a_workstream_nor_a_programme_is_refused(workstream):
    neither = new_risk(None)
    with pytest.raises(ValidationError) as refused:
        neither.clean()
    assert refused.value.message_dict["workstream"] == [
        "Choose the workstream or programme this risk belongs to."
    ]


def test_raising_a_risk_records_its_first_score(workstream, pmo):
    risk = raise_risk(new_risk(workstream), pmo)

    score = risk.scores.get()
    assert (score.score, score.scored_by, score.note) == (12, pmo, "Risk raised.")
    assert risk.trend is None


def test_every_re_score_is_kept_with_its_date_and_author(workstream, pmo, viewer):
    risk = raise_risk(new_risk(workstream), pmo)

    rescore_risk(risk, 4, 4, viewer, note="Two more leavers.", on=date.today())

    risk.refresh_from_db()
    assert (risk.likelihood, risk.consequence, risk.current_score) == (4, 4, 16)
    latest = risk.scores.first()
    assert (latest.score, latest.scored_on, latest.scored_by, latest.note) == (
        16, date.today(), viewer, "Two more leavers."
    )
    assert risk.scores.count() == 2
    assert risk.history.first().history_user == viewer


@pytest.mark.parametrize(("new_score", "trend"), [
    ((4, 4), Risk.Trend.UP), ((2, 4), Risk.Trend.DOWN), ((4, 3), Risk.Trend.SAME),
])
def test_the_register_shows_the_trend_against_the_previous_score(
    workstream, pmo, new_score, trend
):
    risk = raise_risk(new_risk(workstream), pmo)
    rescore_risk(risk, *new_score, pmo)

    assert risk.trend == trend
    assert Risk.objects.with_previous_score().get().trend == trend


@pytest.mark.parametrize("count", [2, 6])
def test_the_register_reads_trends_and_bands_in_two_queries(
    workstream, pmo, count, django_assert_num_queries
):
    for _ in range(count):
        risk = raise_risk(new_risk(workstream, title=f"Risk {_}"), pmo)
        rescore_risk(risk, 5, 4, pmo)

    with django_assert_num_queries(2):
        risks = attach_bands(Risk.objects.with_previous_score())
        assert {(r.trend, r.band.label) for r in risks} == {(Risk.Trend.UP, "Extreme")}


def test_a_re_score_cannot_be_dated_before_the_last_one(workstream, pmo):
    risk = raise_risk(new_risk(workstream), pmo)
    with pytest.raises(TransitionNotAllowed) as refused:
        rescore_risk(risk, 4, 4, pmo, on=date.today() - timedelta(days=1))
    assert refused.value.message.startswith("Enter a date on or after the last scoring (")


def test_a_closed_risk_must_be_reopened_before_it_is_re_scored(workstream, pmo):
    risk = raise_risk(new_risk(workstream), pmo)
    close_risk(risk, pmo, on=date(2026, 3, 31))
    assert (risk.status, risk.closed_on) == (Risk.Status.CLOSED, date(2026, 3, 31))

    with pytest.raises(TransitionNotAllowed) as refused:
        rescore_risk(risk, 1, 1, pmo)
    assert refused.value.message == "This risk is closed: reopen it before re-scoring it."

    reopen_risk(risk, pmo)
    rescore_risk(risk, 1, 1, pmo)
    assert risk.current_score == 1


def test_a_risk_of_15_or_more_not_escalated_is_flagged(workstream):
    risk = RiskFactory(workstream=workstream, likelihood=5, consequence=3)
    assert risk.warnings()[0] == (
        "Scored 15: risks of 15 or more are normally escalated to the board."
    )
    risk.escalated = True
    assert risk.warnings() == []


# Bands -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("score", "label", "colour"), [
    (1, "Low", "green"), (3, "Low", "green"), (4, "Moderate", "yellow"), (6, "Moderate", "yellow"),
    (8, "High", "amber"), (12, "High", "amber"), (15, "Extreme", "red"), (25, "Extreme", "red"),
])
def test_the_default_bands_are_the_npsa_ones(partnership, score, label, colour):
    band = banding_for(partnership).band(score)
    assert (band.label, band.colour) == (label, colour)


def test_every_possible_score_falls_in_a_default_band(partnership):
    banding = banding_for(partnership)
    assert all(banding.band(score) for score in POSSIBLE_SCORES)


def test_a_partnership_that_re_bands_uses_only_its_own_bands(partnership, other_partnership):
    RiskBand.objects.create(partnership=partnership, min_score=1, max_score=4, label="Low",
                            colour="green")
    RiskBand.objects.create(partnership=partnership, min_score=5, max_score=9, label="Medium",
                            colour="yellow")
    RiskBand.objects.create(partnership=partnership, min_score=10, max_score=25,
                            label="Very high", colour="red")

    assert banding_for(partnership).band(4).label == "Low"
    assert banding_for(partnership).band(12).label == "Very high"
    assert banding_for(other_partnership).band(4).label == "Moderate"


def test_the_bands_of_many_risks_in_several_partnerships_cost_one_query(
    partnership, other_partnership, django_assert_num_queries
):
    RiskBand.objects.create(partnership=partnership, min_score=1, max_score=25, label="All",
                            colour="amber")
    ours = RiskFactory(workstream__programme__partnership=partnership)
    theirs = RiskFactory(workstream__programme__partnership=other_partnership)
    risks = [ours, theirs]

    with django_assert_num_queries(1):
        attach_bands(risks)
        assert [r.band.label for r in risks] == ["All", "High"]


def test_overlapping_bands_are_refused_saying_which(partnership):
    RiskBand.objects.create(partnership=partnership, min_score=1, max_score=6, label="Low",
                            colour="green")
    overlapping = RiskBand(partnership=partnership, min_score=5, max_score=10, label="Mid",
                           colour="amber")
    with pytest.raises(ValidationError) as refused:
        overlapping.full_clean()
    assert refused.value.messages == [
        "These scores overlap the Low (1–6) band: change one of them so each score falls in "
        "one band."
    ]


def test_a_programme_risk_is_on_the_programme(partnership):
    programme = ProgrammeFactory(partnership=partnership)
    risk = RiskFactory(workstream=None, programme=programme)
    assert risk.belongs_to == programme
