"""Who may do what: each role against each action, allowed and refused (programmes/rules.py)."""

from datetime import date

import pytest

from programmes.appointments import appoint
from programmes.models import KPI, PID, Milestone, Risk, StatusUpdate
from stp.models import RoleAssignment
from stp.permissions import access_for, may
from tests.factories import RoleAssignmentFactory, UserFactory, person_with_role
from tests.programme_factories import (
    KPIFactory,
    MilestoneFactory,
    PIDFactory,
    ProgrammeFactory,
    RiskFactory,
    StatusUpdateFactory,
    WorkstreamFactory,
    appointed,
)

Role = RoleAssignment.Role
Status = StatusUpdate.Status
pytestmark = pytest.mark.django_db

EVERYONE = {"pmo", "director", "programme_sro", "sro", "lead", "clinical_lead", "other_lead",
            "board_member", "viewer", "assurance_lead"}
# Who changes Suicide prevention: the PMO, its programme's director and SRO, its own SRO and lead.
ITS_EDITORS = {"pmo", "director", "programme_sro", "sro", "lead"}
PROGRAMME_EDITORS = {"pmo", "director", "programme_sro"}
APPROVERS = {"pmo", "programme_sro", "sro"}
SUBMITTERS = {"pmo", "director", "lead"}

MATRIX = [
    ("view_programme", "programme", EVERYONE),
    ("edit_programme", "programme", PROGRAMME_EDITORS),
    ("view_workstream", "workstream", EVERYONE),
    ("edit_workstream", "workstream", ITS_EDITORS),
    ("edit_workstream", "other_workstream", {"pmo", "other_lead"}),
    ("view_update", "draft_update", EVERYONE - {"assurance_lead"}),
    ("view_update", "returned_update", EVERYONE - {"assurance_lead"}),
    ("view_update", "submitted_update", EVERYONE),
    ("view_update", "approved_update", EVERYONE),
    ("edit_update", "draft_update", ITS_EDITORS),
    ("edit_update", "returned_update", ITS_EDITORS),
    ("edit_update", "submitted_update", set()),
    ("edit_update", "other_update", {"pmo", "other_lead"}),
    ("submit_update", "draft_update", SUBMITTERS),
    ("submit_update", "returned_update", SUBMITTERS),
    ("submit_update", "approved_update", set()),
    ("approve_update", "submitted_update", APPROVERS),
    ("approve_update", "draft_update", set()),
    ("approve_update", "approved_update", set()),
    ("return_update", "submitted_update", APPROVERS),
    ("return_update", "returned_update", set()),
    ("view_pid", "draft_pid", EVERYONE - {"assurance_lead"}),
    ("view_pid", "approved_pid", EVERYONE),
    ("edit_pid", "draft_pid", ITS_EDITORS),
    ("edit_pid", "approved_pid", set()),
    ("submit_pid", "draft_pid", ITS_EDITORS),
    ("submit_pid", "approved_pid", set()),
    ("edit_milestone", "milestone", ITS_EDITORS),
    ("view_risk", "risk", EVERYONE),
    ("edit_risk", "risk", ITS_EDITORS | {"board_member"}),  # the board member owns it
    ("edit_risk", "programme_risk", PROGRAMME_EDITORS),
    ("view_kpi", "kpi", EVERYONE),
    ("enter_kpi_actuals", "kpi", ITS_EDITORS),
    ("enter_kpi_actuals", "other_kpi", {"pmo", "other_lead"}),
    ("view_programmes", "partnership", EVERYONE),
    ("view_risk_register", "partnership", EVERYONE),
    ("view_my_work", "partnership", EVERYONE - {"board_member", "viewer", "assurance_lead"}),
    ("upload_kpi_actuals", "partnership", ITS_EDITORS | {"other_lead"}),
]


@pytest.fixture
def world(partnership, pmo, viewer, outsider):
    """Mental health (Suicide prevention, Crisis care) and Urgent care (Same-day emergency care)."""
    mental_health = ProgrammeFactory(partnership=partnership, name="Mental health")
    suicide_prevention = WorkstreamFactory(programme=mental_health, name="Suicide prevention")
    WorkstreamFactory(programme=mental_health, name="Crisis care")
    urgent_care = ProgrammeFactory(partnership=partnership, name="Urgent care")
    same_day = WorkstreamFactory(programme=urgent_care, name="Same-day emergency care")
    assurance_lead = UserFactory(full_name="Asha Lane")
    RoleAssignmentFactory(person=assurance_lead, partnership=None, region=partnership.region,
                          role=Role.ASSURANCE_LEAD)
    board_member = person_with_role(partnership, Role.BOARD_MEMBER)
    people = {
        "pmo": pmo, "viewer": viewer, "outsider": outsider, "assurance_lead": assurance_lead,
        "board_member": board_member,
        "director": appointed(Role.PROGRAMME_DIRECTOR, mental_health),
        "programme_sro": appointed(Role.SRO, mental_health),
        "sro": appointed(Role.SRO, suicide_prevention),
        "lead": appointed(Role.WORKSTREAM_LEAD, suicide_prevention),
        "clinical_lead": appointed(Role.CLINICAL_LEAD, suicide_prevention),
        "other_lead": appointed(Role.WORKSTREAM_LEAD, same_day),
    }
    records = {
        "partnership": partnership,
        "programme": mental_health,
        "workstream": suicide_prevention,
        "other_workstream": same_day,
        "draft_update": StatusUpdateFactory(workstream=suicide_prevention, period=date(2026, 4, 1)),
        "returned_update": StatusUpdateFactory(workstream=suicide_prevention,
                                               period=date(2026, 3, 1), status=Status.RETURNED),
        "submitted_update": StatusUpdateFactory(workstream=suicide_prevention,
                                                period=date(2026, 2, 1), status=Status.SUBMITTED),
        "approved_update": StatusUpdateFactory(workstream=suicide_prevention,
                                               period=date(2026, 1, 1), status=Status.APPROVED),
        "other_update": StatusUpdateFactory(workstream=same_day),
        "approved_pid": PIDFactory(workstream=suicide_prevention, status=PID.Status.APPROVED),
        "draft_pid": PIDFactory(workstream=suicide_prevention),
        "milestone": MilestoneFactory(workstream=suicide_prevention),
        "risk": RiskFactory(workstream=suicide_prevention, owner=board_member),
        "programme_risk": RiskFactory(workstream=None, programme=mental_health),
        "kpi": KPIFactory(workstream=suicide_prevention),
        "other_kpi": KPIFactory(workstream=same_day),
    }
    return people, records


CASES = [
    (action, record, person, person in allowed)
    for action, record, allowed in MATRIX
    for person in sorted(EVERYONE | {"outsider"})
]


@pytest.mark.parametrize(
    ("action", "record", "person", "allowed"), CASES,
    ids=[f"{p}-{'may' if ok else 'may_not'}-{a}-{r}" for a, r, p, ok in CASES],
)
def test_each_role_may_do_exactly_what_the_matrix_allows(world, action, record, person, allowed):
    people, records = world
    assert may(people[person], action, records[record]) is allowed


def test_a_lead_cannot_edit_another_workstreams_update(world):
    people, records = world
    assert may(people["lead"], "edit_update", records["draft_update"])
    assert not may(people["lead"], "edit_update", records["other_update"])


def test_an_assurance_lead_never_sees_a_draft_but_sees_it_once_submitted(world):
    people, records = world
    update = records["draft_update"]
    assert not may(people["assurance_lead"], "view_update", update)
    update.status = Status.SUBMITTED
    assert may(people["assurance_lead"], "view_update", update)


def test_an_assurance_lead_who_also_sits_on_the_board_sees_drafts(world, partnership):
    people, records = world
    RoleAssignmentFactory(person=people["assurance_lead"], partnership=partnership,
                          role=Role.BOARD_MEMBER)
    assert may(people["assurance_lead"], "view_update", records["draft_update"])


def test_a_programme_sro_approves_updates_of_every_workstream_in_the_programme(world):
    people, records = world
    crisis_care = records["programme"].workstreams.get(name="Crisis care")
    update = StatusUpdateFactory(workstream=crisis_care, status=Status.SUBMITTED)
    assert may(people["programme_sro"], "approve_update", update)
    assert not may(people["sro"], "approve_update", update)


def test_a_former_sro_loses_approval_once_a_successor_is_appointed(world):
    people, records = world
    successor = UserFactory()
    appoint(Role.SRO, records["workstream"], successor, date.today())
    former = type(people["sro"]).objects.get(pk=people["sro"].pk)  # a new request

    assert not may(former, "approve_update", records["submitted_update"])
    assert may(successor, "approve_update", records["submitted_update"])


def test_a_role_that_has_ended_gives_nothing(world):
    people, records = world
    RoleAssignment.objects.filter(person=people["lead"]).update(end_date=date(2020, 1, 1),
                                                                start_date=date(2019, 1, 1))
    lead = type(people["lead"]).objects.get(pk=people["lead"].pk)
    assert not may(lead, "view_workstream", records["workstream"])


def test_someone_from_another_partnership_is_refused_everything(world):
    people, records = world
    assert not any(may(people["outsider"], action, records[record])
                   for action, record, _ in MATRIX)


@pytest.mark.parametrize("count", [2, 8])
def test_checking_many_records_costs_no_queries_beyond_the_persons_access(
    world, count, django_assert_num_queries
):
    people, records = world
    for _ in range(count):
        MilestoneFactory(workstream=records["workstream"])
        KPIFactory(workstream=records["other_workstream"])
        RiskFactory(workstream=records["workstream"])
    lead = people["lead"]
    access_for(lead)
    may(lead, "edit_workstream", records["workstream"])  # content types are cached once
    milestones = list(Milestone.objects.select_related("workstream"))
    kpis = list(KPI.objects.select_related("workstream"))
    risks = list(Risk.objects.select_related("workstream"))
    updates = list(StatusUpdate.objects.select_related("workstream"))

    with django_assert_num_queries(0):
        allowed = [may(lead, "edit_milestone", m) for m in milestones]
        allowed += [may(lead, "enter_kpi_actuals", k) for k in kpis]
        allowed += [may(lead, "edit_risk", r) for r in risks]
        allowed += [may(lead, "view_update", u) for u in updates]

    # Refused: the other workstream's KPIs, and the programme-wide risk.
    assert allowed.count(False) == (count + 1) + 1
