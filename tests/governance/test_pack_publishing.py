"""Publishing a pack: a frozen version, the updates it used locked, what changed since the last
version, and its PDF queued once the transaction commits, or marked failed if the queue is down."""

import hashlib
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from governance.models import BoardPack, Meeting
from governance.publishing import describe_changes, publish_pack, retry_pack_pdf
from programmes.models import KPIActual, StatusUpdate
from programmes.risks import rescore_risk
from tests.governance_factories import AgendaItemFactory
from tests.programme_samples import page_text

pytestmark = pytest.mark.django_db
Status = BoardPack.PDFStatus


def pack_url(name, scenario, **kwargs):
    return reverse(name, kwargs={"partnership": scenario.partnership.slug,
                                 "meeting": scenario.meeting.pk, **kwargs})


def frozen(response):
    """The frozen part of a reading page: the same bytes whoever renders the page around it."""
    html = response.content.decode()
    start = html.index('<div class="app-pack-frozen">')
    return html[start:html.index('<nav class="nhsuk-pagination"')]


def change_the_data(scenario):
    """An update approved, a KPI actual corrected, a risk re-scored, an item added."""
    frailty = StatusUpdate.objects.get(workstream=scenario.frailty, period=scenario.month)
    StatusUpdate.objects.filter(pk=frailty.pk).update(
        status=StatusUpdate.Status.APPROVED, approved_at=timezone.now())
    latest = KPIActual.objects.filter(kpi=scenario.kpi).order_by("-period").first()
    latest.value = Decimal("40")
    latest.save()
    rescore_risk(scenario.risk, 5, 4, by=scenario.chair)
    AgendaItemFactory(meeting=scenario.meeting, order=5, title="Winter resilience funding")


def test_publishing_freezes_version_1_with_its_hash_and_author(scenario, pmo):
    pack = publish_pack(scenario.meeting, pmo)

    assert pack.version == 1 and pack.published_by == pmo
    assert pack.content_hash == hashlib.sha256(pack.html.encode() + b"\0"
                                               + pack.public_html.encode()).hexdigest()
    assert [s["slug"] for s in pack.sections][:3] == ["cover", "agenda", "minutes"]
    assert "Procurement of community beds" not in page_text(pack.public_html)
    assert pack.pdf_status == Status.PENDING
    scenario.meeting.refresh_from_db()
    assert scenario.meeting.status == Meeting.Status.PACK_PUBLISHED
    prefix = scenario.meeting.reference_prefix()
    assert scenario.meeting.items.get(order=2).reference == f"{prefix}/2"


def test_publishing_locks_the_approved_updates_it_used_and_no_others(scenario, pmo):
    publish_pack(scenario.meeting, pmo)

    discharge = StatusUpdate.objects.filter(workstream=scenario.discharge)
    assert {u.status for u in discharge} == {StatusUpdate.Status.LOCKED}
    assert all(u.approved_at and "Programme Board pack" in u.locked_reason for u in discharge)
    frailty = StatusUpdate.objects.get(workstream=scenario.frailty, period=scenario.month)
    assert frailty.status == StatusUpdate.Status.SUBMITTED
    estates = StatusUpdate.objects.get(workstream=scenario.estates)
    assert estates.status == StatusUpdate.Status.APPROVED


def test_a_published_version_stays_the_same_when_the_data_changes(scenario, pmo, client_for):
    pack = publish_pack(scenario.meeting, pmo)
    client = client_for(scenario.chair)
    pages = ["kpis", "risks", "dashboard", "report-frailty", "agenda"]
    before = {slug: frozen(client.get(pack_url("pack_section", scenario, version=1,
                                                section=slug))) for slug in pages}
    stored = (pack.html, pack.public_html, pack.sections, pack.content_hash)

    change_the_data(scenario)

    after = {slug: frozen(client.get(pack_url("pack_section", scenario, version=1,
                                               section=slug))) for slug in pages}
    assert after == before
    pack.refresh_from_db()
    assert (pack.html, pack.public_html, pack.sections, pack.content_hash) == stored
    assert "Winter resilience funding" not in pack.html


def test_publishing_again_makes_version_2_listing_what_changed(scenario, pmo):
    first = publish_pack(scenario.meeting, pmo)
    was = first.snapshot["kpis"][str(scenario.kpi.pk)]["value"]
    change_the_data(scenario)

    second = publish_pack(scenario.meeting, pmo)

    assert second.version == 2
    assert not [c for c in second.changes if c.startswith("Discharge to assess")]
    assert "Frailty: highlight report now approved, delivery confidence Green" in second.changes
    assert f"KPI Discharges before noon: latest actual changed from {was} to 40%" in second.changes
    assert "Risk Care home capacity: score changed from 16 to 20" in second.changes
    assert "Agenda item 5 added: Winter resilience funding" in second.changes
    assert "What changed since version 1" in page_text(second.html)
    assert "Frailty: highlight report now approved" in page_text(second.public_html)
    first.refresh_from_db()
    assert first.changes == [] and "Winter resilience funding" not in first.html
    assert first.content_hash != second.content_hash


def test_changes_to_part_2_items_do_not_name_them():
    before = {"items": {"7": {"number": "4", "title": "Beds contract", "part": 2, "paper": ""}}}
    after = {"items": {
        "7": {"number": "4", "title": "Beds contract award", "part": 2, "paper": "abc"},
        "8": {"number": "5", "title": "Secret land deal", "part": 2, "paper": ""},
    }}

    changes = describe_changes(before, after)

    assert changes == ["Agenda item 4 (part 2): retitled", "Agenda item 4 (part 2): paper added",
                       "Agenda item 5 (part 2) added"]


def test_the_pdf_is_queued_when_publishing_commits(scenario, pmo, monkeypatch,
                                                   django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr("governance.tasks.render_pack_pdf.apply_async",
                        lambda args, **options: queued.append(args))

    with django_capture_on_commit_callbacks(execute=True):
        pack = publish_pack(scenario.meeting, pmo)
        assert queued == []  # not before the version is committed

    assert queued == [(pack.pk,)]


def test_when_the_print_queue_is_down_the_pack_still_publishes_and_the_pdf_fails_with_the_reason(
    scenario, pmo, monkeypatch, django_capture_on_commit_callbacks
):
    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to localhost:6379. Connection refused.")

    monkeypatch.setattr("governance.tasks.render_pack_pdf.apply_async", refused)

    with django_capture_on_commit_callbacks(execute=True):
        pack = publish_pack(scenario.meeting, pmo)

    pack.refresh_from_db()
    assert pack.version == 1 and pack.html
    assert pack.pdf_status == Status.FAILED
    assert pack.pdf_error.startswith("The print queue could not be reached")


def test_retrying_a_failed_pdf_queues_it_again_and_leaves_a_ready_one_alone(
    scenario, pmo, monkeypatch, django_capture_on_commit_callbacks
):
    pack = publish_pack(scenario.meeting, pmo)
    BoardPack.objects.filter(pk=pack.pk).update(pdf_status=Status.FAILED, pdf_error="Boom")
    queued = []
    monkeypatch.setattr("governance.tasks.render_pack_pdf.apply_async",
                        lambda args, **options: queued.append(args))

    with django_capture_on_commit_callbacks(execute=True):
        assert retry_pack_pdf(pack) is True
    assert (pack.pdf_status, pack.pdf_error) == (Status.PENDING, "")
    assert queued == [(pack.pk,)]

    BoardPack.objects.filter(pk=pack.pk).update(pdf_status=Status.READY)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_pack_pdf(pack) is False
    assert queued == [(pack.pk,)]


def test_the_pmo_publishes_from_the_meeting_page_with_a_post(scenario, pmo, client_for):
    client = client_for(pmo)
    url = pack_url("pack_publish", scenario)

    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)

    assert BoardPack.objects.filter(meeting=scenario.meeting, version=1).exists()
    assert "Version 1 of the pack is published" in page_text(response)
    assert response.redirect_chain[-1][0] == scenario.meeting.get_absolute_url()


def test_only_the_pmo_may_publish(scenario, client_for):
    response = client_for(scenario.chair).post(pack_url("pack_publish", scenario))

    assert response.status_code == 403
    assert not BoardPack.objects.exists()
