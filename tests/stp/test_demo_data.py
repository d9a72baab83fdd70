"""`load_demo` builds the demo partnerships and people, and running it twice changes nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command

from stp.models import Organisation, Partnership, RoleAssignment, User

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label not in {"sessions", "admin", "axes"}
    }


def test_loading_the_demo_twice_changes_nothing(capsys):
    call_command("load_demo")
    first = row_counts()
    call_command("load_demo")
    assert row_counts() == first


def test_the_demo_holds_staffordshire_as_its_framework_describes_it(capsys):
    call_command("load_demo")
    staffs = Partnership.objects.get(slug="staffordshire")
    members = staffs.organisations.all()
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


def test_every_demo_login_works_with_the_printed_password(client, capsys):
    call_command("load_demo")
    printed = capsys.readouterr().out
    for email in [
        "pmo@example.com",
        "director@example.com",
        "sro@example.com",
        "lead@example.com",
        "member@example.com",
        "assurance@example.com",
        "assurance-london@example.com",
        "viewer@example.com",
    ]:
        assert email in printed
        assert User.objects.get(email=email).check_password("demo")


def test_the_london_assurance_lead_sees_only_south_east_london(client, capsys):
    call_command("load_demo")
    client.force_login(User.objects.get(email="assurance-london@example.com"))
    page = client.get("/").content.decode()
    assert "Our Healthier South East London" in page
    assert "Staffordshire and Stoke-on-Trent" not in page
    midlands = User.objects.get(email="assurance@example.com")
    assert RoleAssignment.objects.filter(person=midlands, region__name="Midlands").exists()
