"""Who may open and change each register page: every role against every page and action.

The PMO changes everything; a programme director, SRO or workstream lead only their own
programme's or workstream's records; board members and viewers read; the NHSE assurance lead
reads but never a draft and never drafts; someone with no role in the partnership gets 404.
"""

from datetime import date

import pytest
from django.urls import reverse

from programmes.models import PID
from programmes.pids import approve_pid, new_pid_version
from stp.models import RoleAssignment
from tests.factories import RoleAssignmentFactory, person_with_role
from tests.programme_factories import (
    KPIFactory,
    PIDFactory,
    PlannedMilestoneFactory,
    ProgrammeFactory,
    RiskFactory,
    WorkstreamFactory,
    appointed,
)

Role = RoleAssignment.Role
pytestmark = pytest.mark.django_db

ROLES = ["pmo", "director", "sro", "lead", "board_member", "viewer", "assurance_lead",
         "outsider"]
MEMBERS = set(ROLES) - {"outsider"}
OWN_EDITORS = {"pmo", "director", "sro", "lead"}  # of Suicide prevention and its programme
DRAFT_READERS = MEMBERS - {"assurance_lead"}

# (what, method, page, record, who gets `ok`, ok); members not listed get 403, outsiders 404.
CHECKS = [
    ("risk register", "get", "risk_register", None, MEMBERS, 200),
    ("own risk", "get", "risk", "own_risk", MEMBERS, 200),
    ("another workstream's risk", "get", "risk", "other_risk", MEMBERS, 200),
    ("change own risk", "get", "risk_edit", "own_risk", OWN_EDITORS, 200),
    ("change another workstream's risk", "get", "risk_edit", "other_risk", {"pmo"}, 200),
    ("raise a risk", "get", "risk_create", None, OWN_EDITORS, 200),
    ("own KPI", "get", "kpi", "own_kpi", MEMBERS, 200),
    ("another workstream's KPI", "get", "kpi", "other_kpi", MEMBERS, 200),
    ("upload KPI actuals", "get", "kpi_upload", None, OWN_EDITORS, 200),
    ("approved PID", "get", "pid", "own_approved", MEMBERS, 200),
    ("draft PID", "get", "pid", "own_draft", DRAFT_READERS, 200),
    ("print a draft", "get", "pid_print", "own_draft", DRAFT_READERS, 200),
    ("PDF of a draft", "get", "pid_pdf", "own_draft", DRAFT_READERS, 200),
    ("PDF of the approved PID", "get", "pid_pdf", "own_approved", MEMBERS, 200),
    ("edit own draft", "get", "pid_edit", "own_draft", OWN_EDITORS, 200),
    ("edit another workstream's draft", "get", "pid_edit", "other_draft", {"pmo"}, 200),
    # Anyone who may read it is told an approved version is read-only and sent back to it.
    ("edit an approved PID", "get", "pid_edit", "own_approved", MEMBERS, 302),
    ("submit own draft", "post", "pid_submit", "own_draft", OWN_EDITORS, 302),
    ("submit another workstream's draft", "post", "pid_submit", "other_draft", {"pmo"}, 302),
    ("start a new version", "post", "pid_new_version", "own_workstream", OWN_EDITORS, 302),
    ("start a new version elsewhere", "post", "pid_new_version", "other_workstream", {"pmo"},
     302),
]
KWARGS = {"risk": "risk", "pid": "pid", "kpi": "kpi", "risk_edit": "risk", "pid_edit": "pid",
          "pid_submit": "pid", "pid_print": "pid", "pid_pdf": "pid",
          "pid_new_version": "workstream"}


@pytest.fixture
def world(partnership, other_partnership, monkeypatch):
    """Suicide prevention (in Mental health) and another programme's workstream, each with a
    risk, a KPI, an approved PID and a draft; and one person in each role."""
    monkeypatch.setattr("programmes.views.registers.pids.render_pdf",
                        lambda html, **options: b"%PDF-1.7 printed")
    mental_health = ProgrammeFactory(partnership=partnership, name="Mental health")
    own = WorkstreamFactory(programme=mental_health, name="Suicide prevention")
    other = WorkstreamFactory(programme__partnership=partnership, name="Same day emergency care")
    records = {"own_workstream": own, "other_workstream": other}
    pmo = person_with_role(partnership, Role.PMO)
    for key, workstream in (("own", own), ("other", other)):
        records[f"{key}_risk"] = RiskFactory(workstream=workstream)
        records[f"{key}_kpi"] = KPIFactory(workstream=workstream)
        approved = PIDFactory(workstream=workstream)
        PlannedMilestoneFactory(pid=approved, planned_date=date(2027, 3, 31))
        approved.status = PID.Status.SUBMITTED
        approved.save()
        records[f"{key}_approved"] = approve_pid(approved, by=pmo)
        records[f"{key}_draft"] = new_pid_version(workstream, by=pmo)
    people = {
        "pmo": pmo,
        "director": appointed(Role.PROGRAMME_DIRECTOR, mental_health),
        "sro": appointed(Role.SRO, own),
        "lead": appointed(Role.WORKSTREAM_LEAD, own),
        "board_member": person_with_role(partnership, Role.BOARD_MEMBER),
        "viewer": person_with_role(partnership, Role.VIEWER),
        "assurance_lead": RoleAssignmentFactory(partnership=None, region=partnership.region,
                                                role=Role.ASSURANCE_LEAD).person,
        "outsider": person_with_role(other_partnership, Role.PMO),
    }
    return people, records


def _url(partnership, page, record):
    kwargs = {"partnership": partnership.slug}
    if record is not None:
        kwargs[KWARGS[page]] = record.pk
    return reverse(page, kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_and_changes_only_what_it_may(partnership, world, client_for, role):
    people, records = world
    client = client_for(people[role])
    wrong = []
    for what, method, page, record, allowed, ok in CHECKS:
        target = records[record] if record else None
        expected = 404 if role == "outsider" else (ok if role in allowed else 403)
        response = getattr(client, method)(_url(partnership, page, target))
        if response.status_code != expected:
            wrong.append(f"{what}: {response.status_code}, expected {expected}")
    assert not wrong, f"{role}: " + "; ".join(wrong)


def test_the_register_pages_offer_only_the_actions_a_person_may_take(
    partnership, world, client_for
):
    people, records = world
    viewer = client_for(people["viewer"])
    register = viewer.get(_url(partnership, "risk_register", None)).content.decode()
    assert "Raise a risk" not in register
    assert "Change or re-score" not in viewer.get(
        _url(partnership, "risk", records["own_risk"])).content.decode()
    draft_page = viewer.get(_url(partnership, "pid", records["own_draft"])).content.decode()
    assert "Edit the draft" not in draft_page and "Submit for approval" not in draft_page
    assert "Upload actuals" not in viewer.get(
        _url(partnership, "kpi", records["own_kpi"])).content.decode()

    lead = client_for(people["lead"])
    assert "Raise a risk" in lead.get(_url(partnership, "risk_register", None)).content.decode()
    assert "Edit the draft" in lead.get(
        _url(partnership, "pid", records["own_draft"])).content.decode()
    assert "Edit the draft" not in lead.get(
        _url(partnership, "pid", records["other_draft"])).content.decode()
    assert "Upload actuals from a spreadsheet" in lead.get(
        _url(partnership, "kpi", records["own_kpi"])).content.decode()


def test_an_assurance_lead_never_sees_a_draft_among_the_versions(
    partnership, world, client_for
):
    people, records = world
    page = client_for(people["assurance_lead"]).get(
        _url(partnership, "pid", records["own_approved"])).content.decode()
    assert "Version 1 (this page)" not in page  # only one version visible: no list at all
    assert f'pids/{records["own_draft"].pk}/' not in page
