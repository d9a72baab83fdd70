"""Nothing of a partnership reaches people with no current role in it."""

import re

import pytest
from django.urls import reverse

from stp.models import RoleAssignment
from tests.factories import RoleAssignmentFactory
from tests.samples import all_patterns, partnership_url_names, sample_kwargs

Role = RoleAssignment.Role


def _kwargs_for(name, kwargs):
    route = next(r for r, n, _ in all_patterns() if n == name)
    wanted = re.findall(r"<(?:\w+:)?(\w+)>", route)
    missing = [k for k in wanted if k not in kwargs]
    assert not missing, f"No sample record for {missing} in {name}: add a sample builder"
    return {k: kwargs[k] for k in wanted}


@pytest.mark.django_db
def test_every_partnership_url_answers_404_to_someone_without_a_role_there(
    partnership, outsider, client_for
):
    kwargs = sample_kwargs(partnership)
    client = client_for(outsider)
    names = partnership_url_names()
    assert "partnership" in names
    for name in names:
        url = reverse(name, kwargs=_kwargs_for(name, kwargs))
        assert client.get(url).status_code == 404, f"GET {url} ({name})"
        assert client.post(url, {}).status_code == 404, f"POST {url} ({name})"


@pytest.mark.django_db
def test_a_role_that_has_ended_no_longer_opens_the_partnership(partnership, client_for):
    ended = RoleAssignmentFactory(
        partnership=partnership,
        role=Role.PMO,
        start_date="2023-04-01",
        end_date="2024-03-31",
    )
    response = client_for(ended.person).get(partnership.get_absolute_url())
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_role_that_starts_in_the_future_does_not_open_the_partnership_yet(
    partnership, client_for
):
    future = RoleAssignmentFactory(
        partnership=partnership, role=Role.VIEWER, start_date="2099-01-01"
    )
    assert client_for(future.person).get(partnership.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_home_lists_only_the_partnerships_the_person_belongs_to(
    partnership, other_partnership, viewer, client_for
):
    page = client_for(viewer).get(reverse("home")).content.decode()
    assert partnership.name in page
    assert other_partnership.name not in page


@pytest.mark.django_db
def test_an_assurance_lead_of_a_region_sees_every_partnership_in_it(
    partnership, other_partnership, client_for
):
    lead = RoleAssignmentFactory(
        partnership=None, region=partnership.region, role=Role.ASSURANCE_LEAD
    ).person
    client = client_for(lead)
    page = client.get(reverse("home")).content.decode()
    assert partnership.name in page and other_partnership.name not in page
    assert client.get(partnership.get_absolute_url()).status_code == 200
    assert client.get(other_partnership.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_every_page_but_sign_in_and_the_statement_needs_a_signed_in_user(client, partnership):
    kwargs = sample_kwargs(partnership)
    public = {
        "login",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "accessibility",
    }
    for _route, name, _ in all_patterns():
        if not name or name in public or name.startswith("admin:"):
            continue
        url = reverse(name, kwargs=_kwargs_for(name, kwargs))
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], url
