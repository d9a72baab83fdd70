"""The home and partnership pages cost the same number of queries however much data there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stp.models import RoleAssignment
from tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    RoleAssignmentFactory,
)

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


def grow(pmo, partnership, n):
    for _ in range(n):
        RoleAssignmentFactory(person=pmo, partnership=PartnershipFactory(), role=Role.VIEWER)
        org = OrganisationFactory()
        org.partnerships.add(partnership)
        RoleAssignmentFactory(partnership=partnership, role=Role.SRO)


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["home", "partnership"])
def test_page_queries_do_not_grow_with_the_data(pmo, partnership, client_for, page):
    client = client_for(pmo)
    url = reverse("home") if page == "home" else partnership.get_absolute_url()
    grow(pmo, partnership, 2)
    small = queries(client, url)
    grow(pmo, partnership, 20)
    assert queries(client, url) == small
