"""SROs and leads are dated role assignments: appointing hands over, and history stays."""

from datetime import date

import pytest

from programmes.appointments import appoint, attach_holders
from programmes.exceptions import AppointmentNotAllowed
from stp.models import RoleAssignment
from tests.factories import UserFactory
from tests.programme_factories import WorkstreamFactory

Role = RoleAssignment.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def workstream(partnership):
    return WorkstreamFactory(programme__partnership=partnership, name="Suicide prevention")


def test_appointing_an_sro_ends_the_current_holders_role_the_day_before(workstream):
    first, second = UserFactory(full_name="Ann Hale"), UserFactory(full_name="Ben Cole")
    appoint(Role.SRO, workstream, first, date(2025, 4, 1))

    appointment = appoint(Role.SRO, workstream, second, date(2026, 1, 1))

    ended = RoleAssignment.objects.get(person=first)
    assert ended.end_date == date(2025, 12, 31)
    assert appointment.start_date == date(2026, 1, 1) and appointment.end_date is None
    assert appointment.partnership == workstream.partnership
    assert appointment.scope == workstream


def test_the_workstream_shows_its_sro_now_and_who_held_the_role_before(workstream):
    first, second = UserFactory(full_name="Ann Hale"), UserFactory(full_name="Ben Cole")
    appoint(Role.SRO, workstream, first, date(2024, 4, 1))
    appoint(Role.SRO, workstream, second, date(2025, 1, 1))

    assert workstream.sro == second
    assert [a.person for a in workstream.previous_holders(Role.SRO)] == [first]
    assert workstream.holder(Role.SRO, on=date(2024, 6, 1)) == first
    assert workstream.lead is None


def test_a_later_appointment_cuts_short_a_fixed_term_one(workstream):
    first, second = UserFactory(), UserFactory()
    RoleAssignment.objects.create(
        person=first, partnership=workstream.partnership, role=Role.WORKSTREAM_LEAD,
        scope=workstream, start_date=date(2025, 1, 1), end_date=date(2026, 12, 31),
    )

    appoint(Role.WORKSTREAM_LEAD, workstream, second, date(2026, 6, 1))

    assert RoleAssignment.objects.get(person=first).end_date == date(2026, 5, 31)


def test_appointing_the_current_holder_again_is_refused(workstream):
    person = UserFactory(full_name="Ann Hale")
    appoint(Role.SRO, workstream, person, date(2025, 4, 1))

    with pytest.raises(AppointmentNotAllowed) as refused:
        appoint(Role.SRO, workstream, person, date(2026, 1, 1))

    assert refused.value.message == (
        "Ann Hale is already the Senior responsible officer of Suicide prevention."
    )


def test_an_appointment_before_one_already_made_is_refused_and_changes_nothing(workstream):
    later, earlier = UserFactory(full_name="Ben Cole"), UserFactory()
    appoint(Role.SRO, workstream, later, date(2026, 4, 1))

    with pytest.raises(AppointmentNotAllowed) as refused:
        appoint(Role.SRO, workstream, earlier, date(2026, 1, 1))

    assert "Ben Cole is appointed Senior responsible officer of Suicide prevention from " \
           "1 April 2026" in refused.value.message
    assert RoleAssignment.objects.count() == 1


def test_partnership_wide_roles_are_not_appointed_to_a_workstream(workstream):
    with pytest.raises(AppointmentNotAllowed):
        appoint(Role.PMO, workstream, UserFactory(), date(2026, 1, 1))


def test_the_person_who_made_an_appointment_is_kept_in_the_history(workstream, pmo):
    first, second = UserFactory(), UserFactory()
    appoint(Role.SRO, workstream, first, date(2025, 4, 1), by=pmo)
    appoint(Role.SRO, workstream, second, date(2026, 1, 1), by=pmo)

    ended = RoleAssignment.objects.get(person=first)
    assert ended.history.first().history_user == pmo
    assert ended.history.first().end_date == date(2025, 12, 31)


def test_a_programme_has_its_own_sro_and_programme_director(workstream):
    programme = workstream.programme
    director, sro = UserFactory(), UserFactory()
    appoint(Role.PROGRAMME_DIRECTOR, programme, director, date(2025, 4, 1))
    appoint(Role.SRO, programme, sro, date(2025, 4, 1))

    assert (programme.programme_director, programme.sro) == (director, sro)
    assert workstream.sro is None


@pytest.mark.parametrize("count", [2, 6])
def test_a_list_reads_every_sro_and_lead_in_one_query(
    partnership, count, django_assert_num_queries
):
    workstreams = WorkstreamFactory.create_batch(count, programme__partnership=partnership)
    for workstream in workstreams:
        appoint(Role.SRO, workstream, UserFactory(), date(2025, 4, 1))
        appoint(Role.SRO, workstream, UserFactory(), date(2026, 1, 1))
        appoint(Role.WORKSTREAM_LEAD, workstream, UserFactory(), date(2025, 4, 1))
    programme = workstreams[0].programme

    with django_assert_num_queries(1):
        attach_holders([programme, *workstreams])
        for workstream in workstreams:
            assert workstream.sro is not None and workstream.lead is not None
            assert len(workstream.previous_holders(Role.SRO)) == 1
        assert programme.sro is None
