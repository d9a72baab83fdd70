"""`load_demo` builds the demo partnerships and people as the README promises.

That loading twice changes nothing is tested with the whole demo in
tests/programmes/test_demo_programmes.py.
"""

import pytest

from stp.models import Organisation, Partnership, RoleAssignment, User

DEMO_LOGINS = [
    "pmo@example.com",
    "director@example.com",
    "sro@example.com",
    "lead@example.com",
    "member@example.com",
    "assurance@example.com",
    "assurance-london@example.com",
    "viewer@example.com",
]


@pytest.fixture
def printed(demo, db):
    return demo


def test_the_demo_holds_staffordshire_as_its_framework_describes_it(printed):
    members = Partnership.objects.get(slug="staffordshire").organisations.all()
    kinds = Organisation.Kind
    assert members.filter(kind=kinds.COMMISSIONER).count() == 6
    assert members.filter(kind=kinds.LOCAL_AUTHORITY).count() == 2
    assert members.filter(kind=kinds.TRUST).count() == 5
    assert members.filter(kind=kinds.HEALTHWATCH).exists()
    assert members.filter(name="NHS England Midlands").exists()
    assert {p.name for p in Partnership.objects.all()} >= {
        "Herefordshire and Worcestershire",
        "Our Healthier South East London",
    }


def test_every_demo_login_is_printed_and_works_with_the_password_demo(printed):
    for email in DEMO_LOGINS:
        assert email in printed
        assert User.objects.get(email=email).check_password("demo")
    assert "password for each: demo" in printed


def test_the_london_assurance_lead_sees_only_south_east_london(printed, client):
    client.force_login(User.objects.get(email="assurance-london@example.com"))
    page = client.get("/").content.decode()
    assert "Our Healthier South East London" in page
    assert "Staffordshire and Stoke-on-Trent" not in page
    midlands = User.objects.get(email="assurance@example.com")
    assert RoleAssignment.objects.filter(person=midlands, region__name="Midlands").exists()
