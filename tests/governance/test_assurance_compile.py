"""What the monthly assurance report says, compiled from a partnership's month of live data."""

import json
from datetime import date

import pytest

from governance.assurance import (
    compile_report,
    content_hash,
    report_due_date,
    report_for,
    report_state,
)
from governance.models import AssuranceReport
from programmes.models import StatusUpdate
from tests.assurance_factories import (
    MONTH,
    TODAY,
    UPDATE_DUE,
    AssuranceReportFactory,
    approved,
    assurance_world,
)
from tests.governance_factories import BoardFactory, DecisionFactory, MeetingFactory, at
from tests.programme_factories import (
    ProgrammeFactory,
    RiskFactory,
    RiskScoreFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db
Confidence = StatusUpdate.Confidence


@pytest.fixture(autouse=True)
def _update_due_ten_working_days_after_the_month(settings):
    settings.UPDATE_DUE_WORKING_DAYS = 10
    settings.ASSURANCE_DUE_WORKING_DAYS = 15


@pytest.fixture
def world(partnership):
    return assurance_world(partnership)


@pytest.fixture
def data(world):
    return compile_report(world.report, TODAY)


def rows_named(rows, key="title"):
    return {row[key]: row for row in rows}


def test_the_report_names_the_partnership_month_and_draft_status(data):
    assert data["partnership"] == {"name": "Staffordshire and Stoke-on-Trent",
                                   "slug": "staffordshire", "region": "Midlands"}
    assert (data["month"], data["month_label"]) == ("2026-10-01", "October 2026")
    assert (data["status"], data["version"], data["published_at"]) == ("draft", None, None)
    assert data["compiled_on"] == "2026-11-23"


def test_the_compiled_report_holds_json_types_only(data):
    assert json.loads(json.dumps(data)) == data


def test_the_summary_counts_every_active_workstream_once(data):
    summary = data["summary"]
    assert summary["workstreams"] == 4  # the closed pilot is left out
    assert sum(r["this_month"] for r in summary["distribution"]) == 4
    assert sum(r["last_month"] for r in summary["distribution"]) == 4


def test_the_distribution_lists_the_five_ratings_best_first_then_not_rated(data):
    distribution = data["summary"]["distribution"]
    assert [r["label"] for r in distribution] == [
        "Green", "Amber/Green", "Amber", "Amber/Red", "Red", "Not rated"]
    counts = {r["rating"]: (r["this_month"], r["last_month"], r["change"]) for r in distribution}
    assert counts["green"] == (1, 1, 0)
    assert counts["amber_green"] == (0, 1, -1)
    assert counts["amber"] == (1, 1, 0)
    assert counts[""] == (2, 1, 1)  # crisis care (no update) and suicide prevention (a draft)


def test_the_summary_carries_the_programme_directors_assessment(data):
    summary = data["summary"]
    assert summary["overall_rating"] == "amber_green"
    assert summary["overall_rating_label"] == "Amber/Green"
    assert summary["narrative"].startswith("The system held its position in October")
    assert data["oversight"] == {"segment": 2, "segment_label": "Segment 2: flexible support",
                                 "support": "Help with the winter discharge funding bid."}


def test_programmes_and_workstreams_are_listed_by_name_with_their_sro(data):
    assert [p["name"] for p in data["programmes"]] == [
        "Mental health", "Urgent and emergency care"]
    uec = data["programmes"][1]
    assert uec["sro"] == "Sam Reid"
    assert data["programmes"][0]["sro"] == ""
    assert [w["name"] for w in uec["workstreams"]] == ["Discharge to assess", "Frailty"]


def test_each_workstream_shows_its_rating_this_month_and_last_and_the_change(data):
    lines = {w["name"]: w for p in data["programmes"] for w in p["workstreams"]}
    discharge = lines["Discharge to assess"]
    assert (discharge["rating"], discharge["last_rating"], discharge["change"]) == (
        "amber", "green", "worse")
    assert discharge["escalations"].startswith("Winter discharge funding")
    assert discharge["summary"] == "Discharge hub open; surge beds delayed."
    assert lines["Frailty"]["change"] == "improved"


def test_a_workstream_without_an_approved_update_is_not_rated(data):
    lines = {w["name"]: w for p in data["programmes"] for w in p["workstreams"]}
    crisis, suicide = lines["Crisis care"], lines["Suicide prevention"]
    assert (crisis["rating"], crisis["rating_label"], crisis["submitted"]) == (
        "", "Not rated", False)
    assert crisis["last_rating_label"] == "Amber"
    assert suicide["last_rating_label"] == ""  # no update last month either
    assert crisis["change"] == "none"
    # A draft's words and rating never reach NHS England.
    assert (suicide["rating"], suicide["summary"]) == ("", "")
    assert "Draft: not for NHSE." not in json.dumps(data)


def test_compliance_says_on_time_late_or_not_submitted_against_the_due_date(data):
    rows = rows_named(data["compliance"], "workstream")
    assert rows["Discharge to assess"]["state"] == "on_time"
    assert rows["Discharge to assess"]["submitted_on"] == "2026-11-05"
    assert rows["Frailty"]["state"] == "late"
    assert rows["Frailty"]["state_label"] == "Late"
    assert rows["Crisis care"]["state"] == "not_submitted"
    assert rows["Crisis care"]["submitted_on"] is None
    assert rows["Suicide prevention"]["state"] == "not_submitted"  # still a draft
    assert {r["due_date"] for r in data["compliance"]} == {UPDATE_DUE.isoformat()}
    assert data["compliance_totals"] == {"on_time": 1, "late": 1, "not_submitted": 2}


def test_a_board_meeting_that_calls_for_the_updates_sets_their_due_date(world):
    board = BoardFactory(partnership=world.partnership, papers_due_working_days=5)
    board.remit_workstreams.add(world.frailty)
    MeetingFactory(board=board, starts_at=at(date(2026, 11, 26)))
    data = compile_report(world.report, TODAY)
    frailty = rows_named(data["compliance"], "workstream")["Frailty"]
    assert frailty["due_date"] == "2026-11-19"  # five working days before the meeting
    assert frailty["state"] == "on_time"  # submitted on 18 November


def test_milestones_completed_due_and_overdue_in_the_month(data):
    milestones = data["milestones"]
    assert [m["title"] for m in milestones["completed"]] == ["Discharge hub opens"]
    completed = milestones["completed"][0]
    assert (completed["completed_on"], completed["days_against_baseline"]) == ("2026-10-14", 4)
    assert [m["title"] for m in milestones["due_next_month"]] == ["Trusted assessor in post"]
    assert [m["title"] for m in milestones["overdue"]] == ["Care home pilot evaluated"]
    assert milestones["overdue"][0]["status_label"] == "Late"


def test_a_milestone_slipped_in_the_month_shows_the_days_and_the_reason(data):
    slipped = data["milestones"]["slipped"]
    assert [m["title"] for m in slipped] == ["Winter surge beds open"]
    row = slipped[0]
    assert row["baseline_date"] == "2026-10-15"
    assert row["forecast_date"] == "2026-12-01"
    assert row["days_against_baseline"] == 47
    assert row["reason"] == "Estates works delayed by the asbestos survey."
    assert (row["programme"], row["workstream"]) == ("Urgent and emergency care",
                                                     "Discharge to assess")


def test_a_milestone_moved_in_another_month_has_not_slipped_in_this_one(data):
    titles = [m["title"] for rows in data["milestones"].values() for m in rows]
    assert "Frailty pathway live" not in titles


def test_a_kpi_shows_the_months_actual_against_trajectory_and_target_with_its_icons(data):
    kpis = rows_named(data["kpis"], "name")
    delays = kpis["Delayed discharges"]
    assert delays["period"] == "2026-10-01"  # November's actual is after the month
    assert (delays["actual"], delays["trajectory"], delays["target"]) == (66.0, 60.0, 50.0)
    assert delays["unit"] == "number"
    assert delays["variation"].startswith("concern")  # rising, and lower is better
    assert delays["variation_label"].startswith("Special cause variation: concern")
    # The target of 50 lies within the limits the step change widened.
    assert delays["assurance"] == "hit_and_miss"
    assert delays["assurance_label"].startswith("Hit and miss")


def test_a_kpi_without_actuals_is_listed_without_figures(data):
    empty = rows_named(data["kpis"], "name")["Readmissions within 30 days"]
    assert (empty["period"], empty["actual"], empty["variation"], empty["unit"]) == (
        None, None, "", "%")


def test_risks_scored_15_or_more_and_those_raised_closed_or_rescored_in_the_month(data):
    risks = data["risks"]
    assert [r["title"] for r in risks["high"]] == ["System funding gap", "Care home capacity"]
    funding = risks["high"][0]
    assert (funding["score"], funding["band"], funding["workstream"], funding["programme"]) == (
        20, "Extreme", "", "Urgent and emergency care")
    assert [r["title"] for r in risks["new"]] == ["Winter workforce"]
    assert risks["new"][0]["raised_on"] == "2026-10-05"
    assert [r["title"] for r in risks["closed"]] == ["Old IT system"]
    assert risks["closed"][0]["closed_on"] == "2026-10-20"
    rescored = rows_named(risks["rescored"])
    assert list(rescored) == ["Care home capacity"]
    assert (rescored["Care home capacity"]["score"],
            rescored["Care home capacity"]["previous_score"]) == (16, 12)


def test_the_boards_part_1_decisions_and_actions_of_the_month(data):
    board = data["board"]
    assert [d["text"] for d in board["decisions"]] == ["The Board approved the winter plan."]
    decision = board["decisions"][0]
    assert (decision["board"], decision["meeting_date"]) == ("Programme Board", "2026-10-22")
    assert decision["item"].endswith("Winter plan")
    assert [a["description"] for a in board["actions"]] == ["Bring the winter staffing plan."]
    assert [a["description"] for a in board["overdue_actions"]] == [
        "Report the discharge figures."]
    assert board["overdue_actions"][0]["status_label"] == "Overdue"


def test_part_2_business_never_reaches_the_report(data):
    text = json.dumps(data)
    assert "Haywood" not in text
    assert "Estates disposal" not in text


def test_one_partnerships_report_never_includes_anothers_data(world, other_partnership):
    programme = ProgrammeFactory(partnership=other_partnership, name="Lewisham programme")
    workstream = WorkstreamFactory(programme=programme, name="Lewisham discharge")
    approved(workstream, MONTH, Confidence.RED, date(2026, 11, 2))
    risk = RiskFactory(workstream=workstream, title="Lewisham beds", likelihood=5,
                       consequence=5)
    RiskScoreFactory(risk=risk, scored_on=date(2026, 10, 3))
    meeting = MeetingFactory(board=BoardFactory(partnership=other_partnership),
                             starts_at=at(date(2026, 10, 15)))
    DecisionFactory(item__meeting=meeting, resolution="Lewisham resolved.")
    text = json.dumps(compile_report(world.report, TODAY))
    assert "Lewisham" not in text
    other = json.dumps(compile_report(report_for(other_partnership, MONTH), TODAY))
    assert "Lewisham discharge" in other
    assert "Discharge to assess" not in other


def test_a_partnership_with_no_programmes_compiles_an_empty_report(other_partnership):
    data = compile_report(report_for(other_partnership, MONTH), TODAY)
    assert data["summary"]["workstreams"] == 0
    assert data["programmes"] == [] and data["kpis"] == []
    assert data["oversight"]["segment_label"] == "Not set"
    assert data["summary"]["overall_rating_label"] == ""


def test_report_for_creates_the_months_draft_once(partnership):
    report = report_for(partnership, date(2026, 10, 17))
    assert (report.month, report.status) == (MONTH, AssuranceReport.Status.DRAFT)
    assert report_for(partnership, MONTH) == report
    assert AssuranceReport.objects.count() == 1


def test_a_report_is_due_fifteen_working_days_after_the_month(partnership):
    assert report_due_date(MONTH) == date(2026, 11, 20)
    assert report_state(MONTH, None, date(2026, 11, 20)) == ("not_started", "Not started")
    assert report_state(MONTH, None, date(2026, 11, 23)) == ("late", "Late")
    draft = AssuranceReportFactory(partnership=partnership)
    assert report_state(MONTH, draft, date(2026, 11, 2)) == ("draft", "Draft")
    assert report_state(MONTH, draft, date(2026, 11, 2), published=True) == (
        "published", "Published")


def test_the_content_hash_does_not_depend_on_the_order_of_keys():
    assert content_hash({"a": 1, "b": [1.5, "x"]}) == content_hash({"b": [1.5, "x"], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})
