"""The demo's programmes: Staffordshire's framework and newsletters, with delivery behind them."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from programmes.demo import DEMO_TODAY, LAST_ACTUAL, UPDATE_MONTHS
from programmes.models import KPI, PID, RAG, Milestone, Programme, Risk, StatusUpdate, Workstream
from programmes.spc import analyse
from stp.models import RoleAssignment, User

Role = RoleAssignment.Role
Status = StatusUpdate.Status


@pytest.fixture
def staffordshire(demo, db):
    return Programme.objects.filter(partnership__slug="staffordshire")


def row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label not in {"sessions", "admin", "axes"}}


def workstream(name):
    return Workstream.objects.get(partnership__slug="staffordshire", name=name)


def test_loading_the_demo_again_adds_no_row_to_any_table_nor_its_history(staffordshire):
    before = row_counts()
    call_command("load_demo", stdout=StringIO())
    after = row_counts()
    assert after == before
    assert before["programmes.HistoricalStatusUpdate"] > 0  # history tables were compared too


def test_staffordshire_has_the_programmes_and_workstreams_of_its_framework(staffordshire):
    kinds = dict(staffordshire.values_list("name", "kind"))
    assert kinds == {
        "Urgent and Emergency Care": "clinical",
        "Enhanced Primary and Community Care": "clinical",
        "Mental Health": "clinical",
        "Planned Care and Cancer": "clinical",
        "Prevention": "clinical",
        "Workforce": "enabling",
        "Organisational Development and Leadership": "enabling",
        "Digital": "enabling",
        "Estates": "enabling",
        "Communications and Engagement": "enabling",
    }
    inside = {w.name: w.programme.name for w in Workstream.objects.filter(
        partnership__slug="staffordshire").select_related("programme")}
    assert 15 <= len(inside) <= 20
    assert {name: inside[name] for name in [
        "Frail Elderly", "Falls", "Suicide Prevention", "Community Mental Health Transformation",
        "Ophthalmology", "Cancer", "Cardiovascular", "Respiratory", "High Potential Scheme",
    ]} == {
        "Frail Elderly": "Urgent and Emergency Care",
        "Falls": "Urgent and Emergency Care",
        "Suicide Prevention": "Mental Health",
        "Community Mental Health Transformation": "Mental Health",
        "Ophthalmology": "Planned Care and Cancer",
        "Cancer": "Planned Care and Cancer",
        "Cardiovascular": "Prevention",
        "Respiratory": "Prevention",
        "High Potential Scheme": "Organisational Development and Leadership",
    }


def test_programme_directors_are_those_the_2019_newsletter_names(staffordshire):
    directors = {p.name: p.programme_director.full_name for p in staffordshire}
    assert directors["Mental Health"] == "Jonathan O'Brien"
    assert directors["Planned Care and Cancer"] == "Duncan Bedford"
    assert directors["Prevention"] == "Andrew Donaldson"
    assert directors["Organisational Development and Leadership"] == "Linda Holland"
    assert directors["Workforce"] == "Alex Brett"
    assert staffordshire.get(name="Mental Health").programme_director == User.objects.get(
        email="director@example.com")


def test_suicide_prevention_answers_to_marcus_hale_and_is_led_by_rebecca_lowe(staffordshire):
    suicide_prevention = workstream("Suicide Prevention")
    assert suicide_prevention.sro.email == "sro@example.com"
    assert suicide_prevention.sro.full_name == "Marcus Hale"
    assert suicide_prevention.lead.email == "lead@example.com"
    assert suicide_prevention.lead.full_name == "Rebecca Lowe"
    assert suicide_prevention.programme.sro.full_name == "Marcus Hale"
    # Every workstream and programme has its SRO and lead as scoped role assignments.
    for each in Workstream.objects.filter(partnership__slug="staffordshire"):
        assert each.sro and each.lead, each
    for programme in staffordshire:
        assert programme.sro and programme.programme_director, programme


def test_workforce_shows_greg_moores_as_its_previous_programme_director(staffordshire):
    workforce = staffordshire.get(name="Workforce")
    previous = workforce.previous_holders(Role.PROGRAMME_DIRECTOR)
    assert [(a.person.full_name, a.end_date) for a in previous] == [
        ("Greg Moores", date(2019, 5, 31))]
    current = workforce.holder_assignment(Role.PROGRAMME_DIRECTOR)
    assert (current.person.full_name, current.start_date) == ("Alex Brett", date(2019, 6, 1))


def test_the_suicide_prevention_page_shows_its_people_and_previous_lead(staffordshire, client):
    client.force_login(User.objects.get(email="lead@example.com"))
    page = client.get(workstream("Suicide Prevention").get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Marcus Hale" in text
    assert "Rebecca Lowe" in text
    assert "Dr Kate Ellison" in text  # the lead before her


def test_every_demo_workstream_and_programme_page_opens_for_the_pmo(staffordshire, client):
    client.force_login(User.objects.get(email="pmo@example.com"))
    for programme in staffordshire:
        assert client.get(programme.get_absolute_url()).status_code == 200, programme
    for each in Workstream.objects.filter(partnership__slug="staffordshire"):
        assert client.get(each.get_absolute_url()).status_code == 200, each


def test_kpis_have_two_to_three_years_of_actuals_to_last_month(staffordshire):
    kpis = KPI.objects.filter(workstream__partnership__slug="staffordshire").prefetch_related(
        "actuals", "trajectory")
    assert len(kpis) >= 15
    for kpi in kpis:
        periods = sorted(kpi.actual_values())
        assert 24 <= len(periods) <= 36, kpi
        assert periods[-1] == LAST_ACTUAL == date(2026, 10, 1), kpi
        if kpi.target_value is not None:
            assert LAST_ACTUAL in kpi.planned_values(), kpi  # a trajectory to rate against
    names = {kpi.name for kpi in kpis}
    assert {"A&E four-hour performance", "Delayed transfers of care",
            "Emergency admissions for falls", "Flu vaccination uptake, aged 65 and over",
            "Cancer 62-day performance", "Talking therapies: people entering treatment",
            "Suicide rate, rolling 12 months", "Savings against plan"} <= names


def test_kpis_show_special_cause_where_something_changed_and_common_cause_elsewhere(
        staffordshire):
    analyses = {}
    for kpi in KPI.objects.filter(workstream__partnership__slug="staffordshire"):
        values = [float(v) for v in kpi.actual_values().values()]
        target = None if kpi.target_value is None else float(kpi.target_value)
        analyses[kpi.name] = analyse(values, kpi.improvement, target)
    # A shift after the discharge to assess hub opened: the latest months are improvement.
    assert analyses["Delayed transfers of care"].variation == "improvement_low"
    # A trend as the falls response service took hold.
    assert any(p.rule == "trend" for p in analyses["Emergency admissions for falls"].points)
    # One month beyond the limits: industrial action and a scanner failure.
    assert any(p.rule == "outside" and p.kind == "concern"
               for p in analyses["Cancer 62-day performance"].points)
    assert analyses["Flu vaccination uptake, aged 65 and over"].variation == "concern_low"
    variations = Counter(a.variation for a in analyses.values())
    assert variations["common"] >= 5  # most KPIs are steady: signals stand out


def test_each_workstream_has_an_approved_pid_and_falls_a_second_version_awaiting_approval(
        staffordshire):
    for each in Workstream.objects.filter(partnership__slug="staffordshire"):
        pid = each.approved_pid()
        assert pid is not None and pid.decision_reference.startswith("HCTB/"), each
        assert pid.planned_milestones.exists(), each
    falls = workstream("Falls")
    assert list(falls.pids.values_list("version", "status")) == [
        (2, PID.Status.SUBMITTED), (1, PID.Status.APPROVED)]


def test_milestones_are_complete_on_track_at_risk_and_late_with_key_ones(staffordshire):
    milestones = Milestone.objects.filter(
        workstream__partnership__slug="staffordshire").select_related("workstream")
    ratings = Counter(m.rag(DEMO_TODAY) for m in milestones)
    assert {RAG.BLUE, RAG.GREEN, RAG.AMBER, RAG.RED} <= set(ratings)
    assert all(m.baseline_date and m.baseline_pid_id for m in milestones)
    assert any(m.is_key for m in milestones)
    assert any(m.forecast_changes() for m in milestones)  # slippage has a history


def test_risks_cover_the_whole_matrix_with_escalations_closures_and_rescores(staffordshire):
    risks = Risk.objects.filter(partnership__slug="staffordshire")
    cells = {(r.likelihood, r.consequence) for r in risks.open()}
    assert cells == {(likelihood, consequence)
                     for likelihood in range(1, 6) for consequence in range(1, 6)}
    assert all(r.escalated for r in risks.open() if r.current_score >= 15)
    assert risks.filter(escalated=True).exists()
    assert risks.filter(status=Risk.Status.CLOSED).count() >= 3
    rescored = [r for r in risks if r.scores.count() >= 3]
    assert rescored
    dates = sorted(rescored[0].scores.values_list("scored_on", flat=True))
    assert (dates[-1] - dates[0]).days > 60  # re-scored over months, not all today


def test_six_months_of_updates_with_a_mix_of_states_in_the_latest_month(staffordshire):
    assert [date(2026, month, 1) for month in range(5, 11)] == UPDATE_MONTHS
    updates = StatusUpdate.objects.filter(workstream__partnership__slug="staffordshire")
    workstreams = Workstream.objects.filter(partnership__slug="staffordshire").count()
    for month in UPDATE_MONTHS[:-1]:
        in_month = updates.filter(period=month)
        assert in_month.count() == workstreams
        # Approved, then locked by the board pack that reported them.
        assert all(u.approved_at for u in in_month)
        assert set(in_month.values_list("status", flat=True)) <= {Status.APPROVED, Status.LOCKED}
    latest = Counter(updates.filter(period=UPDATE_MONTHS[-1]).values_list("status", flat=True))
    assert set(latest) == {Status.LOCKED, Status.SUBMITTED, Status.DRAFT, Status.RETURNED}
    assert sum(latest.values()) == workstreams - 1  # one has not been started
    assert all(u.return_comment for u in updates.filter(status=Status.RETURNED))
    # Written and approved at the time, not on the day the demo was loaded.
    may = updates.get(workstream__name="Suicide Prevention", period=date(2026, 5, 1))
    assert (may.submitted_by.full_name, may.approved_by.full_name) == (
        "Rebecca Lowe", "Marcus Hale")
    assert may.approved_at.date() < date(2026, 7, 1)
    october = updates.get(workstream__name="Suicide Prevention", period=date(2026, 10, 1))
    assert october.status == Status.SUBMITTED  # waiting for the SRO demo log-in
