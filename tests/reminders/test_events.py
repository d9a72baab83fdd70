"""Event notifications: a published or republished board pack, an assurance report; e-mailed
once the data is committed, and saving never fails because Redis is down."""

import socket
from datetime import date

import pytest
from django.core import mail

from governance.models.assurance import AssuranceReport, AssuranceVersion
from governance.publishing import publish_pack
from reminders.events import notify_assurance_published
from reminders.models import Message, Preference, Reminder
from reminders.schedule import next_digest_day
from reminders.sending import sweep
from stp.models import RoleAssignment
from tests.factories import RegionFactory, RoleAssignmentFactory, UserFactory
from tests.governance_factories import AgendaItemFactory
from tests.governance_pack_samples import pack_scenario

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


@pytest.fixture
def scenario(partnership, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return pack_scenario(partnership)


@pytest.fixture
def no_pdf(monkeypatch):
    """The PDF is queued as usual but not printed: these tests are about the e-mails."""
    monkeypatch.setattr("governance.publishing.queue_pdf", lambda pack_id: True)


def seat_holders(scenario):
    return {scenario.chair.email, scenario.member.email, scenario.observer.email,
            scenario.attendee.email}


def test_the_board_is_told_of_a_published_pack_once_it_commits(
    scenario, pmo, eager_tasks, no_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pack = publish_pack(scenario.meeting, pmo)
        assert mail.outbox == []  # nothing before the pack is committed

    assert {m.to[0] for m in mail.outbox} == seat_holders(scenario)
    email = next(m for m in mail.outbox if m.to == [scenario.chair.email])
    when = scenario.meeting.date_label
    assert email.subject == f"Programme Board pack published for {when}"
    assert f"The pack for the Programme Board meeting on {when} is published." in email.body
    assert f"Read the Programme Board pack for {when}: http://127.0.0.1:8000" \
           f"{pack.get_absolute_url()}" in email.body
    [(html, _)] = email.alternatives
    assert f'href="http://127.0.0.1:8000{pack.get_absolute_url()}"' in html
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_a_republished_pack_says_what_changed(
    scenario, pmo, eager_tasks, no_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_pack(scenario.meeting, pmo)
    mail.outbox.clear()
    AgendaItemFactory(meeting=scenario.meeting, order=5, title="Winter resilience funding")
    AgendaItemFactory(meeting=scenario.meeting, order=6, title="Confidential settlement",
                      part=2)

    with django_capture_on_commit_callbacks(execute=True):
        publish_pack(scenario.meeting, pmo)

    email = next(m for m in mail.outbox if m.to == [scenario.member.email])
    assert email.subject.endswith(": version 2")
    assert "What changed since version 1:" in email.body
    assert "- Agenda item 5 added: Winter resilience funding" in email.body
    assert "(part 2) added" in email.body and "Confidential settlement" not in email.body
    [(html, _)] = email.alternatives
    assert "<li" in html and "Winter resilience funding" in html
    assert len(mail.outbox) == 4  # version 2 told once to each, version 1 not again


def test_someone_who_wants_packs_in_the_daily_email_gets_it_in_the_next_digest(
    scenario, pmo, eager_tasks, no_pdf, django_capture_on_commit_callbacks
):
    Preference.objects.create(person=scenario.chair, kind="pack_published", choice="digest")
    Preference.objects.create(person=scenario.observer, kind="pack_published", choice="off")

    with django_capture_on_commit_callbacks(execute=True):
        publish_pack(scenario.meeting, pmo)

    assert scenario.chair.email not in {m.to[0] for m in mail.outbox}
    assert scenario.observer.email not in {m.to[0] for m in mail.outbox}
    waiting = Reminder.objects.get(person=scenario.chair)
    assert (waiting.delivery, waiting.status) == ("digest", "pending")
    assert waiting.day == next_digest_day()
    assert Reminder.objects.get(person=scenario.observer).status == "skipped"


@pytest.fixture
def redis_down():
    """The broker is Redis on a port where nothing listens, and tasks are really queued."""
    from stp.celery import app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = app.conf.broker_url, app.conf.task_always_eager

    def use(url, eager):
        app.conf.broker_url, app.conf.task_always_eager = url, eager
        app._pool = None  # connections are made afresh for the new broker
        app.amqp._producer_pool = None

    use(f"redis://127.0.0.1:{port}/0", False)
    yield
    use(*before)


def test_saving_never_fails_when_redis_is_down_and_the_sweep_sends_it_later(
    scenario, pmo, redis_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        pack = publish_pack(scenario.meeting, pmo)

    assert pack.pk and pack.version == 1
    assert "Reminders: the queue could not be reached" in caplog.text
    pack.refresh_from_db()
    assert pack.pdf_error.startswith("The print queue could not be reached")
    assert mail.outbox == []
    waiting = Reminder.objects.filter(kind="pack_published")
    assert {r.person.email for r in waiting} == seat_holders(scenario)
    assert {r.status for r in waiting} == {"pending"}
    assert set(Message.objects.values_list("status", flat=True)) == {"pending"}

    sweep()  # the next sweep, Redis or not: it sends by SMTP

    assert {m.to[0] for m in mail.outbox} == seat_holders(scenario)
    assert {r.status for r in waiting.all()} == {"sent"}


def test_assurance_leads_who_can_see_the_partnership_are_told_of_its_report(
    partnership, eager_tasks, django_capture_on_commit_callbacks
):
    regional = UserFactory(full_name="Rita Region")
    RoleAssignmentFactory(person=regional, partnership=None, region=partnership.region,
                          role=Role.ASSURANCE_LEAD)
    assigned = UserFactory(full_name="Ash Assigned")
    RoleAssignmentFactory(person=assigned, partnership=partnership, role=Role.ASSURANCE_LEAD)
    london = UserFactory(full_name="Lon Don")
    RoleAssignmentFactory(person=london, partnership=None, role=Role.ASSURANCE_LEAD,
                          region=RegionFactory(name="London"))
    report = AssuranceReport.objects.create(partnership=partnership, month=date(2026, 10, 1))
    version = AssuranceVersion.objects.create(report=report, number=2, data={},
                                              content_hash="0" * 64,
                                              reason="KPI actuals corrected")

    with django_capture_on_commit_callbacks(execute=True):
        notify_assurance_published(version)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([regional.email, assigned.email])
    email = mail.outbox[0]
    assert email.subject == "Together We're Better assurance report for October 2026 published"
    assert ("Staffordshire and Stoke-on-Trent has published version 2 of its assurance report "
            "for October 2026, correcting version 1: KPI actuals corrected.") in email.body
