"""Compiling a board pack from the live data: its sections, what each holds, the part 1
version, and a number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.packs import compile_pack, read_pack
from programmes.models import StatusUpdate
from tests.governance_pack_samples import grow
from tests.programme_samples import page_text

pytestmark = pytest.mark.django_db

LEVEL_1 = ["cover", "agenda", "minutes", "dashboard", "highlight-reports", "milestones", "kpis",
           "risks", "decisions", "papers"]


def words(html):
    return page_text(html)


def section(version, slug):
    return next(s for s in version.sections if s.slug == slug)


def test_the_pack_holds_its_sections_in_the_order_the_board_reads_them(scenario):
    pack = compile_pack(scenario.meeting)

    slugs = [s.slug for s in pack.full.sections]
    assert [s for s in slugs if not s.startswith(("report-", "paper-"))] == LEVEL_1
    # One highlight report per workstream after their list, each paper after "Papers".
    assert slugs[5:8] == ["report-crisis-care", "report-discharge-to-assess", "report-frailty"]
    assert slugs[-3:] == ["paper-2", "paper-3", "paper-4"]
    # The printed document has them in the same order, each under its own heading.
    positions = [pack.full.html.index(f'id="{s.slug}-heading"') for s in pack.full.sections]
    assert positions == sorted(positions)


def test_every_workstream_of_the_remit_has_a_report_and_one_without_an_approved_update_is_not_submitted(  # noqa: E501
    scenario,
):
    pack = compile_pack(scenario.meeting)

    dashboard = words(section(pack.full, "dashboard").html)
    assert "Crisis care" in dashboard and "Frailty" in dashboard
    assert "Estates" not in words(pack.full.html)  # outside the remit
    crisis = words(section(pack.full, "report-crisis-care").html)
    assert "Not submitted" in crisis
    frailty = words(section(pack.full, "report-frailty").html)
    assert "Not submitted: waiting for the SRO's approval" in frailty
    assert "Submitted, not approved." not in frailty  # a submitted update is not shown
    discharge = words(section(pack.full, "report-discharge-to-assess").html)
    assert "The discharge hub opens late; beds are short." in discharge
    assert "Crisis care: no approved update" in " ".join(pack.contents.missing)


def test_the_dashboard_marks_the_change_in_delivery_confidence_in_words(scenario):
    pack = compile_pack(scenario.meeting)

    dashboard = words(section(pack.full, "dashboard").html)
    assert "Amber/Red" in dashboard and "Worse than last month (Amber)" in dashboard
    assert "No approved rating this month" in dashboard  # Frailty and Crisis care


def test_key_milestones_are_listed_as_completed_due_and_late(scenario):
    milestones = words(section(compile_pack(scenario.meeting).full, "milestones").html)

    completed = milestones.index("Completed since the last meeting")
    due = milestones.index("Due in the 60 days after the meeting")
    late = milestones.index("Late")
    assert completed < milestones.index("Business case agreed") < due
    assert due < milestones.index("Trusted assessor in post") < late
    assert late < milestones.index("Discharge hub open")


def test_kpis_have_their_icons_and_an_spc_chart_whose_data_shows_in_print(scenario):
    kpis = section(compile_pack(scenario.meeting).full, "kpis").html

    assert "Discharges before noon" in kpis
    assert "Common cause variation" in words(kpis)
    assert "<svg" in kpis and "Discharges before noon: XmR chart" in kpis
    assert '<details class="nhsuk-details" open>' in kpis
    assert '<details class="nhsuk-details">' not in kpis


def test_risks_escalated_or_scored_15_and_over_are_listed_beside_the_heat_map(scenario):
    risks = words(section(compile_pack(scenario.meeting).full, "risks").html)

    assert "Care home capacity" in risks  # scored 16
    assert "Workforce gaps" in risks  # scored 9, escalated
    assert "Minor data quality" not in risks  # scored 4: on the heat map only
    assert "Estates backlog" not in risks  # outside the remit
    assert "3 open risks in the board's remit" in risks
    assert "Up from 12" in risks


def test_the_board_is_asked_for_the_decisions_of_updates_and_agenda_items(scenario):
    decisions = words(section(compile_pack(scenario.meeting).full, "decisions").html)

    assert "Agree to extend the discharge pilot to March." in decisions
    assert "Approve the Project Initiation Document of Frailty, version 1." in decisions
    assert "Award the beds contract to the preferred bidder." in decisions


def test_the_last_minutes_and_the_action_log_carry_forward_open_and_recently_closed_actions(
    scenario,
):
    minutes = words(section(compile_pack(scenario.meeting).full, "minutes").html)

    assert "The board discussed the winter plan." in minutes
    assert "RESOLVED" in minutes and "The Board approved the winter plan." in minutes
    assert "The meeting was quorate" in minutes
    assert "Bring the revised winter trajectory." in minutes
    assert "Draft trajectory shared with finance." in minutes  # its latest progress
    assert "Circulate the winter communications plan." in minutes  # closed since


def test_the_part_1_version_leaves_out_every_part_2_title_minute_decision_and_action(scenario):
    pack = compile_pack(scenario.meeting)
    private = ["Procurement of community beds", "Confidential commercial terms",
               "Award the beds contract to the preferred bidder", "Award of the beds contract",
               "compared the three confidential bids", "Acme Beds",
               "Negotiate the price of the Acme beds"]

    full = words(pack.full.html)
    part1 = words(pack.part1.html)
    assert all(text in full for text in private)
    assert not [text for text in private if text in part1]
    assert not [text for s in pack.part1.sections for text in private if text in words(s.html)]
    assert "Part 2 business is taken in private" in part1
    assert "Resolution to exclude the press and public" in part1
    assert "paper-4" not in [s.slug for s in pack.part1.sections]


def test_a_pack_without_part_2_business_has_one_version_for_everyone(scenario):
    scenario.items["beds"].delete()
    scenario.previous.items.filter(part=2).delete()
    scenario.board.actions.filter(description__startswith="Negotiate").delete()

    pack = compile_pack(scenario.meeting)

    assert pack.part1.html == pack.full.html
    assert "This pack has no part 2 (private) business." in words(pack.full.html)


def test_compiling_costs_the_same_queries_however_much_the_board_oversees(scenario):
    grow(scenario, 2)
    read_pack(scenario.meeting)  # content types and the like, cached once per process
    with CaptureQueriesContext(connection) as small:
        compile_pack(scenario.meeting)

    grow(scenario, 10)
    with CaptureQueriesContext(connection) as large:
        pack = compile_pack(scenario.meeting)

    assert len(pack.contents.reports) == 15 and len(pack.contents.kpis) == 13
    assert StatusUpdate.objects.count() > 20
    assert len(small.captured_queries) == len(large.captured_queries), (
        f"{len(small.captured_queries)} queries for a small remit, "
        f"{len(large.captured_queries)} for a large one"
    )
