"""Who may open and change the delivery pages: every view against every role."""

import pytest
from django.test import Client
from django.urls import reverse

from programmes.models import StatusUpdate
from programmes.updates import start_update, submit_update
from stp.models import RoleAssignment
from tests.factories import RoleAssignmentFactory, person_with_role
from tests.programme_samples import delivery, due_month, form_fields, page_text

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role
Status = StatusUpdate.Status

ROLES = ["pmo", "director", "other_director", "sro", "lead", "other_lead", "board_member",
         "viewer", "assurance_lead", "outsider"]
MEMBERS = [role for role in ROLES if role != "outsider"]
# Who may change this workstream's update, who submits it, who approves it.
EDITORS = {"pmo", "director", "sro", "lead"}
SUBMITTERS = {"pmo", "director", "lead"}
APPROVERS = {"pmo", "sro"}
MY_WORK = {"pmo", "director", "other_director", "sro", "lead", "other_lead"}


@pytest.fixture
def scenario(partnership):
    return delivery(partnership)


@pytest.fixture
def people(scenario, partnership, pmo, viewer, outsider):
    assurance = RoleAssignmentFactory(partnership=None, region=partnership.region,
                                      role=Role.ASSURANCE_LEAD).person
    return {
        "pmo": pmo, "director": scenario.director, "other_director": scenario.other_director,
        "sro": scenario.sro, "lead": scenario.lead, "other_lead": scenario.other_lead,
        "board_member": person_with_role(partnership, Role.BOARD_MEMBER),
        "viewer": viewer, "assurance_lead": assurance, "outsider": outsider,
    }


@pytest.fixture
def draft(scenario):
    return start_update(scenario.workstream, due_month(), scenario.lead)


def as_(person):
    client = Client()
    client.force_login(person)
    return client


def url(name, partnership, **kwargs):
    return reverse(name, kwargs={"partnership": partnership.slug, **kwargs})


def expected(role, allowed):
    if role == "outsider":
        return 404
    return 200 if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_reading_pages_opens_to_every_member_and_is_not_found_outside(
    role, people, scenario, partnership
):
    client = as_(people[role])
    pages = [
        url("programme_list", partnership),
        url("programme", partnership, programme=scenario.programme.pk),
        url("workstream", partnership, workstream=scenario.workstream.pk),
        url("status_update", partnership, update=scenario.previous.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == expected(role, MEMBERS), page


@pytest.mark.parametrize("role", ROLES)
def test_my_work_is_for_those_who_run_workstreams(role, people, partnership):
    response = as_(people[role]).get(url("my_work", partnership))

    assert response.status_code == expected(role, MY_WORK)


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_read_by_members_but_never_by_an_nhse_assurance_lead(
    role, people, draft, partnership
):
    response = as_(people[role]).get(url("status_update", partnership, update=draft.pk))

    readers = set(MEMBERS) - {"assurance_lead"}
    assert response.status_code == expected(role, readers)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_workstreams_own_people_and_the_pmo_open_its_update_form(
    role, people, draft, partnership
):
    response = as_(people[role]).get(url("update_edit", partnership, update=draft.pk))

    assert response.status_code == expected(role, EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_workstreams_own_people_and_the_pmo_save_its_update(
    role, people, draft, partnership
):
    edit = url("update_edit", partnership, update=draft.pk)
    data = form_fields(as_(people["pmo"]).get(edit))
    data.update({"update-issues": f"Written by the {role}.", "action": "save"})

    response = as_(people[role]).post(edit, data)

    draft.refresh_from_db()
    if role in EDITORS:
        assert response.status_code == 302
        assert draft.issues == f"Written by the {role}."
    else:
        assert response.status_code == expected(role, EDITORS)
        assert draft.issues == ""


@pytest.mark.parametrize("role", ROLES)
def test_the_lead_programme_director_and_pmo_submit_but_the_sro_does_not(
    role, people, draft, partnership
):
    edit = url("update_edit", partnership, update=draft.pk)
    data = {**form_fields(as_(people["pmo"]).get(edit)), "action": "submit"}

    response = as_(people[role]).post(edit, data)

    draft.refresh_from_db()
    if role in SUBMITTERS:
        assert response.status_code == 302
        assert draft.status == Status.SUBMITTED
    else:
        assert response.status_code == expected(role, SUBMITTERS)
        assert draft.status == Status.DRAFT


@pytest.mark.parametrize("role", ROLES)
def test_the_sro_and_the_pmo_see_and_use_approve_and_return(role, people, draft, partnership):
    submit_update(draft, people["lead"])
    client = as_(people[role])
    report = client.get(url("status_update", partnership, update=draft.pk))
    if role != "outsider":
        assert ("Approve or return" in page_text(report)) == (role in APPROVERS)

    response = client.post(url("update_approve", partnership, update=draft.pk))

    draft.refresh_from_db()
    if role in APPROVERS:
        assert response.status_code == 302
        assert draft.status == Status.APPROVED
    else:
        assert response.status_code == expected(role, APPROVERS)
        assert draft.status == Status.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_only_the_sro_and_the_pmo_return_an_update(role, people, draft, partnership):
    submit_update(draft, people["lead"])

    response = as_(people[role]).post(url("update_return", partnership, update=draft.pk),
                                      {"comment": "Add the winter plan."})

    draft.refresh_from_db()
    if role in APPROVERS:
        assert response.status_code == 302
        assert draft.status == Status.RETURNED
    else:
        assert response.status_code == expected(role, APPROVERS)
        assert draft.status == Status.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_starting_the_update_due_is_for_the_workstreams_own_people(
    role, people, scenario, partnership
):
    response = as_(people[role]).post(
        url("update_start", partnership, workstream=scenario.workstream.pk))

    started = StatusUpdate.objects.filter(workstream=scenario.workstream,
                                          period=due_month()).exists()
    if role in EDITORS:
        assert response.status_code == 302 and started
    else:
        assert response.status_code == expected(role, EDITORS)
        assert not started


def test_a_record_of_another_partnership_is_not_found_even_under_ones_own(
    scenario, people, partnership, other_partnership
):
    elsewhere = delivery(other_partnership)
    client = as_(people["pmo"])

    assert client.get(url("workstream", partnership,
                          workstream=elsewhere.workstream.pk)).status_code == 404
    assert client.get(url("programme", partnership,
                          programme=elsewhere.programme.pk)).status_code == 404
    assert client.get(url("status_update", partnership,
                          update=elsewhere.previous.pk)).status_code == 404


def test_the_navigation_offers_my_work_only_to_those_it_is_for(people, partnership):
    home = url("partnership", partnership)
    lead_page = page_text(as_(people["lead"]).get(home))
    member_page = page_text(as_(people["board_member"]).get(home))

    assert "My work" in lead_page and "Programmes" in lead_page
    assert "My work" not in member_page and "Programmes" in member_page
