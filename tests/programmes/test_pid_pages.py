"""PID pages: a version's page, editing a draft, submitting, a new version, print and PDF."""

import io
import re
import time
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from pypdf import PdfReader

from programmes.models import PID, Benefit, PlannedMilestone
from programmes.pids import approve_pid, reject_pid
from stp import pdf
from stp.models import RoleAssignment
from tests.programme_factories import (
    BenefitFactory,
    KPIFactory,
    PIDFactory,
    PlannedMilestoneFactory,
    ProgrammeFactory,
    WorkstreamFactory,
    appointed,
)

Role = RoleAssignment.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def suicide_prevention(partnership):
    programme = ProgrammeFactory(partnership=partnership, name="Mental health")
    return WorkstreamFactory(programme=programme, name="Suicide prevention")


@pytest.fixture
def lead(suicide_prevention):
    return appointed(Role.WORKSTREAM_LEAD, suicide_prevention, full_name="Lee Hart")


@pytest.fixture
def approved(suicide_prevention, pmo):
    """Version 1, approved at the board, with a milestone, a benefit and a KPI."""
    pid = PIDFactory(workstream=suicide_prevention, governance="Reports monthly to the board.")
    PlannedMilestoneFactory(pid=pid, title="Bereavement service live",
                            planned_date=date(2027, 4, 1), is_key=True)
    BenefitFactory(pid=pid, description="Fewer suicides in the county", baseline="68 a year",
                   target="10% fewer")
    pid.kpis.add(KPIFactory(workstream=suicide_prevention, name="Suicide rate per 100,000"))
    pid.submitted_by = pmo
    pid.status = PID.Status.SUBMITTED
    pid.save()
    return approve_pid(pid, by=pmo, decision_reference="PB/2026/41")


def url(name, partnership, **kwargs):
    return reverse(name, kwargs={"partnership": partnership.slug, **kwargs})


def text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_pid_page_shows_every_section_its_milestones_kpis_and_approval(
    partnership, approved, viewer, client_for
):
    page = text(client_for(viewer).get(url("pid", partnership, pid=approved.pk)))

    for words in ("Suicide prevention PID, version 1", "Approved",
                  "Purpose Prevent suicides through a county-wide partnership approach.",
                  "Objectives Cut the suicide rate by 10% by March 2027.",
                  "Scope Adults in the county", "Deliverables Bereavement support service",
                  "Governance Reports monthly to the board.",
                  "Bereavement service live 1 April 2027 Yes",
                  "Fewer suicides in the county", "68 a year", "10% fewer",
                  "Suicide rate per 100,000", "Approved by Pat Morgan on", "(decision PB/2026/41)",
                  "Exclusions Not written yet."):
        assert words in page, words


def test_a_draft_is_edited_submitted_approved_and_revised_through_the_pages(
    partnership, suicide_prevention, lead, pmo, client_for
):
    client = client_for(lead)
    draft = PIDFactory(workstream=suicide_prevention, purpose="", created_by=lead)
    kpi = KPIFactory(workstream=suicide_prevention, name="Self-harm admissions")

    # Submitting without a purpose or milestone says what is missing.
    page = text(client.get(url("pid", partnership, pid=draft.pk)))
    assert "Before this version can be submitted for approval, add: purpose, at least one " \
           "milestone." in page
    assert "Submit for approval" not in page

    form = client.get(url("pid_edit", partnership, pid=draft.pk))
    assert form.status_code == 200
    data = {
        **{name: getattr(draft, name) for name in PID.CONTENT_FIELDS},
        "purpose": "Fewer deaths by suicide.", "kpis": [kpi.pk],
        "milestones-TOTAL_FORMS": "1", "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Training for 500 staff", "milestones-0-planned_date-day": "31",
        "milestones-0-planned_date-month": "3", "milestones-0-planned_date-year": "2027",
        "milestones-0-is_key": "on",
        "benefits-TOTAL_FORMS": "1", "benefits-INITIAL_FORMS": "0",
        "benefits-0-description": "Fewer repeat self-harm admissions",
        "benefits-0-kind": "non_cashable", "benefits-0-measure": "Admissions a month",
        "save": "",
    }
    response = client.post(url("pid_edit", partnership, pid=draft.pk), data, follow=True)
    assert "Version 1 saved as a draft" in text(response)
    draft.refresh_from_db()
    assert draft.purpose == "Fewer deaths by suicide."
    assert list(draft.kpis.all()) == [kpi]
    assert PlannedMilestone.objects.get(pid=draft).title == "Training for 500 staff"
    assert Benefit.objects.get(pid=draft).measure == "Admissions a month"

    response = client.post(url("pid_submit", partnership, pid=draft.pk), follow=True)
    assert "Version 1 submitted for approval at the board" in text(response)
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_by) == (PID.Status.SUBMITTED, lead)
    assert "Edit the draft" not in text(response)

    # The board sends it back; the reason shows on the page.
    reject_pid(draft, by=pmo, reason="Add the costs of the bereavement service.")
    page = text(client.get(url("pid", partnership, pid=draft.pk)))
    assert "Not approved" in page and "Add the costs of the bereavement service." in page
    client.post(url("pid_submit", partnership, pid=draft.pk))
    approve_pid(draft, by=pmo, decision_reference="PB/2026/52")

    # Approved: read only, and a new version starts from it.
    response = client.get(url("pid_edit", partnership, pid=draft.pk), follow=True)
    assert "Version 1 is approved and cannot be changed. Start a new version to change it." \
        in text(response)
    response = client.post(url("pid_new_version", partnership, workstream=suicide_prevention.pk),
                           follow=True)
    assert "Version 2 started as a draft, copied from the approved version" in text(response)
    second = PID.objects.get(workstream=suicide_prevention, version=2)
    assert response.redirect_chain[-1][0] == url("pid_edit", partnership, pid=second.pk)
    assert second.purpose == "Fewer deaths by suicide."
    assert second.planned_milestones.get().title == "Training for 500 staff"

    # Only one version may be in progress at a time.
    response = client.post(url("pid_new_version", partnership, workstream=suicide_prevention.pk),
                           follow=True)
    assert "Version 2 is still draft: finish it before starting another." in text(response)


def test_a_milestone_without_a_date_is_refused_at_its_field(
    partnership, suicide_prevention, lead, client_for
):
    draft = PIDFactory(workstream=suicide_prevention)
    data = {
        **{name: getattr(draft, name) for name in PID.CONTENT_FIELDS},
        "milestones-TOTAL_FORMS": "1", "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Training for 500 staff",
        "benefits-TOTAL_FORMS": "0", "benefits-INITIAL_FORMS": "0",
    }
    response = client_for(lead).post(url("pid_edit", partnership, pid=draft.pk), data)

    html = response.content.decode()
    assert "There is a problem" in html
    assert ('<a href="#id_milestones-0-planned_date-day">Milestone 1: Enter the planned date, '
            "like 31 3 2027</a>") in html
    assert not PlannedMilestone.objects.exists()


def test_the_print_view_is_a_whole_a4_document_with_headings_for_bookmarks(
    partnership, approved, viewer, client_for
):
    response = client_for(viewer).get(url("pid_print", partnership, pid=approved.pk))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="en-GB">' in html
    assert "<title>Suicide prevention PID version 1</title>" in html
    assert "@page { size: A4;" in html
    assert "<link" not in html and "<script" not in html  # nothing to fetch
    headings = re.findall(r"<h2 id=\"[^\"]+\">([^<]+)</h2>", html)
    assert headings[:4] == ["Contents", "Purpose", "Objectives", "Scope"]
    assert {"Milestones", "Benefits and how they are measured", "KPIs"} <= set(headings)


def test_the_pdf_has_the_sections_a_title_and_bookmarks(partnership, approved, viewer,
                                                         client_for):
    client = client_for(viewer)
    started = time.perf_counter()
    response = client.get(url("pid_pdf", partnership, pid=approved.pk))
    first = time.perf_counter() - started
    started = time.perf_counter()
    client.get(url("pid_pdf", partnership, pid=approved.pk))
    second = time.perf_counter() - started
    print(f"PID PDF: first {first:.2f} s (starts Chromium), then {second:.2f} s")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == \
        'attachment; filename="PID-suicide-prevention-v1.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for section in ("Suicide prevention: Project Initiation Document", "Purpose",
                    "Prevent suicides through a county-wide partnership approach.",
                    "Bereavement service live", "Fewer suicides in the county",
                    "Suicide rate per 100,000", "PB/2026/41"):
        assert section in words, section
    assert reader.metadata.title == "Suicide prevention PID version 1"
    bookmarks = [item.title for item in _flatten(reader.outline)]
    assert "Purpose" in bookmarks and "Milestones" in bookmarks and "KPIs" in bookmarks


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_without_chromium_the_pdf_link_explains_and_offers_the_print_view(
    partnership, approved, viewer, client_for, monkeypatch
):
    def missing(html, **options):
        raise pdf.PDFUnavailable("Chromium is not installed")

    monkeypatch.setattr("programmes.views.registers.pids.render_pdf", missing)

    response = client_for(viewer).get(url("pid_pdf", partnership, pid=approved.pk))

    assert response.status_code == 503
    page = text(response)
    assert "The PDF cannot be made at the moment" in page
    assert url("pid_print", partnership, pid=approved.pk) in response.content.decode()


def test_submitting_twice_says_it_is_no_longer_a_draft(
    partnership, suicide_prevention, pmo, client_for
):
    draft = PIDFactory(workstream=suicide_prevention)
    PlannedMilestoneFactory(pid=draft)
    client = client_for(pmo)
    client.post(url("pid_submit", partnership, pid=draft.pk))

    response = client.post(url("pid_submit", partnership, pid=draft.pk))

    assert response.status_code == 403  # submitting needs a draft: the rule refuses
    assert client.get(url("pid_submit", partnership, pid=draft.pk)).status_code == 403


def test_submit_answers_only_to_post(partnership, suicide_prevention, pmo, client_for):
    draft = PIDFactory(workstream=suicide_prevention)
    assert client_for(pmo).get(url("pid_submit", partnership, pid=draft.pk)).status_code == 405
    draft.refresh_from_db()
    assert draft.status == PID.Status.DRAFT


def test_a_pid_of_another_partnership_is_not_found(other_partnership, partnership, pmo,
                                                   client_for):
    elsewhere = PIDFactory(workstream__programme__partnership=other_partnership)
    for name in ("pid", "pid_edit", "pid_print", "pid_pdf"):
        assert client_for(pmo).get(url(name, partnership, pid=elsewhere.pk)).status_code == 404
