"""The rules of the frame's records: ODS codes, role dates and scope, current roles."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from stp.models import Organisation, RoleAssignment
from tests.factories import RegionFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


@pytest.mark.parametrize("code", ["RJE", "05W", "RJE01", "M83001"])
def test_real_ods_codes_are_accepted(code):
    Organisation(name="An organisation", kind=Organisation.Kind.TRUST, ods_code=code).full_clean()


@pytest.mark.parametrize("code", ["rj", "RJE-01", "ABCDEFG", "R E"])
def test_malformed_ods_codes_are_refused_at_the_field(code):
    with pytest.raises(ValidationError) as raised:
        Organisation(
            name="An organisation", kind=Organisation.Kind.TRUST, ods_code=code
        ).full_clean()
    assert "ods_code" in raised.value.message_dict


def test_a_role_cannot_end_before_it_starts(partnership):
    role = RoleAssignment(
        person=UserFactory(),
        partnership=partnership,
        role=Role.SRO,
        start_date=date(2025, 4, 1),
        end_date=date(2025, 3, 1),
    )
    with pytest.raises(ValidationError) as raised:
        role.full_clean()
    assert "end_date" in raised.value.message_dict


def test_only_assurance_leads_can_hold_a_role_across_a_region(db):
    role = RoleAssignment(person=UserFactory(), region=RegionFactory(), role=Role.PMO)
    with pytest.raises(ValidationError) as raised:
        role.full_clean()
    assert "region" in raised.value.message_dict


def test_current_roles_are_those_started_and_not_ended(partnership):
    today = date(2026, 11, 23)
    past = RoleAssignmentFactory(
        partnership=partnership, start_date=date(2024, 1, 1), end_date=date(2026, 11, 22)
    )
    now = RoleAssignmentFactory(
        partnership=partnership, start_date=date(2026, 11, 23), end_date=date(2026, 11, 23)
    )
    future = RoleAssignmentFactory(partnership=partnership, start_date=date(2026, 11, 24))
    current = set(RoleAssignment.objects.current(today))
    assert now in current and past not in current and future not in current
