"""The PMO sets up its own partnership in the admin and sees nothing of another's."""

import pytest
from django.urls import reverse

from stp.models import RoleAssignment
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


def test_a_pmo_administrator_sees_only_their_partnerships_people_and_roles(
    pmo, outsider, partnership, other_partnership, client_for
):
    mine = RoleAssignmentFactory(partnership=partnership, role=Role.SRO)
    theirs = RoleAssignmentFactory(partnership=other_partnership, role=Role.SRO)
    client = client_for(pmo)
    roles = client.get(reverse("admin:stp_roleassignment_changelist")).content.decode()
    assert mine.person.full_name in roles and theirs.person.full_name not in roles
    people = client.get(reverse("admin:stp_user_changelist")).content.decode()
    assert mine.person.full_name in people and theirs.person.full_name not in people
    change = reverse("admin:stp_roleassignment_change", args=[theirs.pk])
    assert client.get(change).status_code in (302, 404)


def test_a_pmo_administrator_sees_only_their_member_organisations(
    pmo, partnership, other_partnership, client_for
):
    mine = OrganisationFactory(name="Burton Hospitals NHS Foundation Trust")
    mine.partnerships.add(partnership)
    theirs = OrganisationFactory(name="Oxleas NHS Foundation Trust")
    theirs.partnerships.add(other_partnership)
    page = client_for(pmo).get(reverse("admin:stp_organisation_changelist")).content.decode()
    assert mine.name in page and theirs.name not in page


def test_people_without_a_pmo_role_cannot_open_the_admin(viewer, client_for):
    viewer.is_staff = True
    viewer.save()
    response = client_for(viewer).get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_role_list_can_be_filtered_and_searched(pmo, partnership, client_for):
    sro = RoleAssignmentFactory(
        partnership=partnership, role=Role.SRO, person=UserFactory(full_name="Fiona Blake")
    )
    RoleAssignmentFactory(
        partnership=partnership, role=Role.VIEWER, person=UserFactory(full_name="Tom Fielding")
    )
    client = client_for(pmo)
    url = reverse("admin:stp_roleassignment_changelist")
    filtered = client.get(url, {"role__exact": "sro"}).content.decode()
    assert sro.person.full_name in filtered and "Tom Fielding" not in filtered
    searched = client.get(url, {"q": "Fielding"}).content.decode()
    assert "Tom Fielding" in searched and "Fiona Blake" not in searched


def test_every_change_to_a_role_is_kept_in_its_history(pmo, partnership, client_for):
    role = RoleAssignmentFactory(partnership=partnership, role=Role.SRO)
    role.end_date = role.start_date
    role.save()
    history = list(role.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[-1].end_date == role.start_date
    page = (
        client_for(pmo)
        .get(reverse("admin:stp_roleassignment_history", args=[role.pk]))
        .content.decode()
    )
    assert "Changed" in page or "end_date" in page.lower() or "End date" in page
