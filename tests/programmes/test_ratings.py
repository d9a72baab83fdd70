"""Suggested ratings: milestones, KPIs and risks from the data, overall the worst of them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from programmes.models import KPI, RAG, Milestone, RiskBand, StatusUpdate, banding_for
from programmes.ratings import (
    overall_confidence,
    rate_kpis,
    rate_milestones,
    rate_risks,
    suggest_ratings,
)
from tests.programme_factories import (
    KPIActualFactory,
    KPIFactory,
    KPITrajectoryPointFactory,
    MilestoneFactory,
    RiskFactory,
    WorkstreamFactory,
)

Confidence = StatusUpdate.Confidence
TODAY = date(2026, 4, 10)
BASELINE = date(2026, 6, 1)
pytestmark = pytest.mark.django_db


def milestone(slip_days=0, key=True, complete=False, baseline=BASELINE, title="Go live"):
    """An unsaved milestone forecast `slip_days` after its baseline."""
    return Milestone(
        title=title, is_key=key, baseline_date=baseline,
        forecast_date=baseline + timedelta(days=slip_days),
        status=Milestone.Status.COMPLETE if complete else Milestone.Status.ON_TRACK,
        completed_on=TODAY if complete else None,
    )


# Milestones ----------------------------------------------------------------------------------

def test_a_milestone_forecast_on_its_baseline_is_green_with_no_slippage():
    m = milestone(0)
    assert (m.rag(TODAY, 30), m.slippage_days) == (RAG.GREEN, 0)


def test_a_milestone_forecast_early_is_green_with_negative_slippage():
    m = milestone(-5)
    assert (m.rag(TODAY, 30), m.slippage_days) == (RAG.GREEN, -5)


def test_a_milestone_late_within_tolerance_is_amber_and_beyond_it_red():
    assert milestone(30).rag(TODAY, 30) == RAG.AMBER
    assert milestone(31).rag(TODAY, 30) == RAG.RED


def test_a_milestone_past_its_date_and_not_complete_is_red():
    overdue = milestone(0, baseline=TODAY - timedelta(days=1))
    assert overdue.rag(TODAY, 30) == RAG.RED and overdue.is_overdue(TODAY)


def test_a_complete_milestone_is_blue_and_its_slippage_counts_the_actual_date():
    done = milestone(0, complete=True, baseline=TODAY - timedelta(days=4))
    assert (done.rag(TODAY, 30), done.slippage_days) == (RAG.BLUE, 4)


def test_a_milestone_without_a_baseline_has_no_slippage_and_no_rating():
    unplanned = Milestone(title="Idea", forecast_date=BASELINE)
    assert (unplanned.slippage_days, unplanned.rag(TODAY, 30)) == (None, None)


def test_a_key_milestone_beyond_tolerance_suggests_red_naming_it():
    suggested = rate_milestones(
        [milestone(45, title="Bereavement service live"), milestone(0, title="Training")],
        30, TODAY,
    )
    assert suggested.rating == RAG.RED
    assert suggested.reason == (
        "1 key milestone is overdue or more than 30 days late: Bereavement service live."
    )


def test_a_key_milestone_late_within_tolerance_suggests_amber():
    suggested = rate_milestones([milestone(10, title="Training"), milestone(0)], 30, TODAY)
    assert suggested.rating == RAG.AMBER
    assert suggested.reason == "1 key milestone is forecast late, within 30 days: Training."


def test_late_milestones_that_are_not_key_do_not_change_the_rating():
    suggested = rate_milestones([milestone(0), milestone(90, key=False)], 30, TODAY)
    assert suggested.rating == RAG.GREEN


def test_when_no_milestone_is_key_every_milestone_counts():
    suggested = rate_milestones([milestone(0, key=False), milestone(90, key=False)], 30, TODAY)
    assert suggested.rating == RAG.RED
    assert suggested.reason.startswith("1 milestone is overdue or more than 30 days late")


def test_all_milestones_complete_suggests_blue():
    suggested = rate_milestones([milestone(complete=True), milestone(complete=True)], 30, TODAY)
    assert (suggested.rating, suggested.reason) == (RAG.BLUE, "All 2 milestones are complete.")


def test_no_milestones_suggests_nothing():
    assert rate_milestones([], 30, TODAY).rating is None


def test_a_workstream_can_set_its_own_tolerance(partnership):
    workstream = WorkstreamFactory(programme__partnership=partnership, milestone_tolerance_days=10)
    late = MilestoneFactory(workstream=workstream, baseline_date=BASELINE,
                            forecast_date=BASELINE + timedelta(days=20))
    assert workstream.tolerance_days == 10
    assert late.rag(TODAY) == RAG.RED
    assert WorkstreamFactory(programme__partnership=partnership).tolerance_days == 30


# KPIs ----------------------------------------------------------------------------------------

def rated(improvement, actual, planned, tolerance="5"):
    kpi = KPI(name="A&E four-hour performance", improvement=improvement,
              tolerance_percent=Decimal(tolerance))
    return kpi.rate(Decimal(actual), Decimal(planned))


@pytest.mark.parametrize(("actual", "expected"), [
    ("95", RAG.GREEN), ("90", RAG.GREEN), ("85.5", RAG.AMBER), ("85.49", RAG.RED),
])
def test_a_kpi_where_higher_is_better_is_rated_against_its_trajectory(actual, expected):
    # Planned 90, tolerance 5%: amber down to 85.5.
    assert rated(KPI.Improvement.INCREASE, actual, "90") == expected


@pytest.mark.parametrize(("actual", "expected"), [
    ("380", RAG.GREEN), ("400", RAG.GREEN), ("420", RAG.AMBER), ("421", RAG.RED),
])
def test_a_kpi_where_lower_is_better_is_rated_the_other_way(actual, expected):
    # Emergency admissions for falls, planned 400, tolerance 5%: amber up to 420.
    assert rated(KPI.Improvement.DECREASE, actual, "400") == expected


def test_a_kpi_with_no_better_direction_is_not_rated():
    assert rated(KPI.Improvement.NEITHER, "10", "90") is None


def test_a_kpi_rating_needs_the_actual_and_the_trajectory_for_the_month(partnership):
    kpi = KPIFactory(workstream__programme__partnership=partnership)
    KPIActualFactory(kpi=kpi, period=date(2026, 1, 1), value=80)
    KPITrajectoryPointFactory(kpi=kpi, period=date(2026, 1, 1), value=90)
    KPIActualFactory(kpi=kpi, period=date(2026, 2, 1), value=80)

    assert kpi.rating(date(2026, 1, 15)) == RAG.RED
    assert kpi.rating(date(2026, 2, 1)) is None


def test_the_kpi_rating_is_the_worst_latest_rating_naming_the_kpis(partnership):
    workstream = WorkstreamFactory(programme__partnership=partnership)
    for name, actual in [("Talking therapies access", 95), ("Dementia diagnosis", 80)]:
        kpi = KPIFactory(workstream=workstream, name=name)
        KPITrajectoryPointFactory(kpi=kpi, period=date(2026, 2, 1), value=90)
        KPIActualFactory(kpi=kpi, period=date(2026, 2, 1), value=actual)

    # March's update uses February's data, the latest there is.
    suggested = rate_kpis(workstream.kpis.all(), date(2026, 3, 1))

    assert suggested.rating == RAG.RED
    assert suggested.reason == "1 KPI is outside its tolerance: Dementia diagnosis."


def test_kpis_without_data_suggest_nothing(partnership):
    kpi = KPIFactory(workstream__programme__partnership=partnership)
    assert rate_kpis([kpi], date(2026, 3, 1)).rating is None


def test_a_target_on_the_wrong_side_of_the_baseline_is_a_warning_not_an_error():
    kpi = KPI(name="Falls admissions", improvement=KPI.Improvement.DECREASE,
              baseline_value=Decimal(420), target_value=Decimal(450))
    kpi.clean()
    assert kpi.warnings() == [
        "The target is above the baseline, but lower is better: check the target and the "
        "improvement direction."
    ]
    kpi.target_value = Decimal(380)
    assert kpi.warnings() == []


# Risks and overall ---------------------------------------------------------------------------

def test_the_risk_rating_follows_the_band_of_the_highest_open_score(partnership):
    workstream = WorkstreamFactory(programme__partnership=partnership)
    RiskFactory(workstream=workstream, likelihood=2, consequence=3, title="Estates")
    RiskFactory(workstream=workstream, likelihood=3, consequence=4, title="Recruitment")
    RiskFactory(workstream=workstream, likelihood=5, consequence=5, status="closed")

    suggested = rate_risks(workstream.risks.all(), banding_for(partnership))

    assert suggested.rating == RAG.AMBER
    assert suggested.reason == "The highest open risk scores 12 (High): Recruitment."


@pytest.mark.parametrize(("score", "expected"), [
    ((1, 3), RAG.GREEN), ((2, 3), RAG.GREEN), ((2, 4), RAG.AMBER), ((3, 5), RAG.RED),
])
def test_each_npsa_band_maps_to_a_rating(partnership, score, expected):
    risk = RiskFactory(workstream__programme__partnership=partnership,
                       likelihood=score[0], consequence=score[1])
    assert rate_risks([risk], banding_for(partnership)).rating == expected


def test_a_partnerships_own_bands_change_the_risk_rating(partnership):
    RiskBand.objects.create(partnership=partnership, min_score=1, max_score=9, label="Low",
                            colour=RiskBand.Colour.GREEN)
    RiskBand.objects.create(partnership=partnership, min_score=10, max_score=25, label="High",
                            colour=RiskBand.Colour.RED)
    risk = RiskFactory(workstream__programme__partnership=partnership, likelihood=3, consequence=3)
    assert rate_risks([risk], banding_for(partnership)).rating == RAG.GREEN


def test_no_open_risks_suggests_nothing(partnership):
    assert rate_risks([], banding_for(partnership)).rating is None


@pytest.mark.parametrize(("ratings", "expected"), [
    ((RAG.GREEN, RAG.GREEN, RAG.BLUE), Confidence.GREEN),
    ((RAG.GREEN, RAG.AMBER, None), Confidence.AMBER),
    ((RAG.AMBER, RAG.RED, RAG.GREEN), Confidence.RED),
    ((RAG.BLUE,), Confidence.GREEN),
    ((None, None), None),
])
def test_overall_delivery_confidence_is_the_worst_rating_on_the_five_point_scale(
    ratings, expected
):
    assert overall_confidence(*ratings) == expected


@pytest.mark.parametrize("size", [1, 5])
def test_suggesting_ratings_costs_the_same_queries_however_much_data(
    partnership, size, django_assert_num_queries
):
    workstream = WorkstreamFactory(programme__partnership=partnership)
    for _ in range(size):
        MilestoneFactory(workstream=workstream)
        RiskFactory(workstream=workstream)
        kpi = KPIFactory(workstream=workstream)
        KPITrajectoryPointFactory(kpi=kpi)
        KPIActualFactory(kpi=kpi)

    with django_assert_num_queries(6):
        suggestion = suggest_ratings(workstream, date(2026, 3, 1), today=TODAY)

    assert suggestion.milestones.rating == RAG.GREEN
    assert suggestion.kpis.rating == RAG.GREEN
    assert suggestion.risks.rating == RAG.AMBER
    assert suggestion.finance.rating is None
    assert suggestion.overall == Confidence.AMBER
