"""Shared fixtures: fast password hashing, two partnerships to keep apart, signed-in clients."""

import os
import tempfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from stp.models import RoleAssignment
from tests.factories import PartnershipFactory, RegionFactory, person_with_role

Role = RoleAssignment.Role


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # MD5 hashes quickly; PBKDF2 stays so passwords set outside a test (the demo) still check.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def partnership(db):
    return PartnershipFactory(
        name="Staffordshire and Stoke-on-Trent",
        short_name="Together We're Better",
        slug="staffordshire",
        region=RegionFactory(name="Midlands"),
    )


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory(
        name="Our Healthier South East London",
        short_name="OHSEL",
        slug="south-east-london",
        region=RegionFactory(name="London"),
    )


@pytest.fixture
def pmo(partnership):
    return person_with_role(partnership, Role.PMO, full_name="Pat Morgan", is_staff=True)


@pytest.fixture
def viewer(partnership):
    return person_with_role(partnership, Role.VIEWER, full_name="Vic Owen")


@pytest.fixture
def outsider(other_partnership):
    """Someone with a current role only in the other partnership."""
    return person_with_role(other_partnership, Role.PMO, full_name="Olu Sanders", is_staff=True)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a module and rolled back after it; what it printed.

    Files it stores (assurance reports) go to a temporary directory, not the project's media.
    """
    with (tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media),
          django_db_blocker.unblock(), transaction.atomic()):
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def client_for(client):
    """`client_for(person)`: the test client, signed in as that person."""

    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


def pytest_sessionfinish(session, exitstatus):
    # In CI a skipped test is a test that did not run: fail the run.
    if os.environ.get("CI"):
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and reporter.stats.get("skipped"):
            reporter.write_line("CI: skipped tests count as failures.", red=True)
            session.exitstatus = 1
