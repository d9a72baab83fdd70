"""The assurance report's lifecycle: assessed, signed off by the programme director, published
by the PMO as a frozen version with its files, reopened for a correction; and who may do what."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from governance.assurance import (
    compile_report,
    content_hash,
    rating_trends,
    region_reports,
    report_downloads,
    report_for,
)
from governance.assurance_publishing import (
    publish_report,
    record_download,
    reopen_report,
    save_assessment,
    sign_off_report,
)
from governance.models import AssuranceReport, AssuranceVersion
from programmes.exceptions import TransitionNotAllowed
from programmes.models import Risk, StatusUpdate
from programmes.risks import rescore_risk
from stp.permissions import may
from tests.assurance_factories import TODAY, assurance_lead, assurance_world, fake_files
from tests.factories import PartnershipFactory, RegionFactory

pytestmark = pytest.mark.django_db
Status = AssuranceReport.Status
Confidence = StatusUpdate.Confidence


@pytest.fixture
def files(monkeypatch, media_root):
    """Publishing renders stand-in files: the real ones are tested once, below."""
    monkeypatch.setattr("governance.assurance_files.render_files", fake_files)


@pytest.fixture
def world(partnership):
    return assurance_world(partnership)


def assess(report, by, **changes):
    fields = {"overall_rating": Confidence.AMBER, "narrative": "Discharge is the pressure.",
              "oversight_segment": 2, "support": "Winter discharge funding."}
    return save_assessment(report, by, **{**fields, **changes})


def signed_off(world):
    return sign_off_report(world.report, world.people["director"])


def published(world, reason=""):
    if world.report.status == Status.DRAFT:
        signed_off(world)
    return publish_report(world.report, world.people["pmo"], reason=reason, today=TODAY)


# The assessment and signing off ---------------------------------------------------------------

def test_the_programme_director_writes_the_assessment_of_a_draft(world):
    report = assess(world.report, world.people["director"], narrative="  A steady month.  ",
                    oversight_segment="3")
    report.refresh_from_db()
    assert (report.overall_rating, report.narrative, report.oversight_segment) == (
        "amber", "A steady month.", 3)
    assert report.history.latest().history_user == world.people["director"]


def test_a_rating_off_the_scale_is_refused_at_its_field(world):
    with pytest.raises(ValidationError) as refused:
        assess(world.report, world.people["director"], overall_rating="purple",
               oversight_segment=7)
    assert set(refused.value.message_dict) == {"overall_rating", "oversight_segment"}
    assert refused.value.message_dict["oversight_segment"] == [
        "Choose an oversight segment from 1 to 4."]
    world.report.refresh_from_db()
    assert world.report.overall_rating == "amber_green"  # nothing half-saved


def test_signing_off_needs_the_rating_and_the_narrative(world):
    assess(world.report, world.people["director"], overall_rating="", narrative="")
    with pytest.raises(ValidationError) as refused:
        signed_off(world)
    assert set(refused.value.message_dict) == {"overall_rating", "narrative"}
    assert AssuranceReport.objects.get().status == Status.DRAFT


def test_the_programme_director_signs_off_a_draft(world):
    report = signed_off(world)
    assert report.status == Status.SIGNED_OFF
    assert report.signed_off_by == world.people["director"]
    assert report.signed_off_at is not None
    data = compile_report(report, TODAY)
    assert (data["status"], data["signed_off_by"]) == ("signed_off", "Simon Whitehouse")


def test_changing_the_assessment_after_sign_off_returns_the_report_to_draft(world):
    signed_off(world)
    report = assess(world.report, world.people["pmo"], narrative="A late correction.")
    assert report.status == Status.DRAFT
    assert report.signed_off_by is None and report.signed_off_at is None


def test_a_report_is_signed_off_once(world):
    signed_off(world)
    with pytest.raises(TransitionNotAllowed, match="waiting to be published"):
        signed_off(world)


# Publishing -----------------------------------------------------------------------------------

def test_a_draft_cannot_be_published_before_it_is_signed_off(world, files):
    with pytest.raises(TransitionNotAllowed, match="still a draft"):
        publish_report(world.report, world.people["pmo"], today=TODAY)
    assert not AssuranceVersion.objects.exists()


def test_publishing_freezes_the_compiled_data_as_version_1_with_its_files(world, files):
    version = published(world)
    version.refresh_from_db()
    assert version.number == 1
    assert world.report.status == Status.PUBLISHED
    data = version.data
    assert (data["version"], data["status"], data["reason"]) == (1, "published", "")
    assert data["published_by"] == "Pat Morgan"
    assert data["signed_off_by"] == "Simon Whitehouse"
    assert version.content_hash == content_hash(data)
    assert version.pdf.name == "assurance/staffordshire/2026-10/v1.pdf"
    assert version.xlsx.name == "assurance/staffordshire/2026-10/v1.xlsx"
    assert version.csv.name == "assurance/staffordshire/2026-10/v1.zip"
    with version.pdf.open("rb") as pdf:
        assert pdf.read() == b"%PDF-1.7 staffordshire 2026-10-01 v1"


def test_publishing_locks_the_approved_updates_the_report_shows(world, files):
    published(world)
    update = StatusUpdate.objects.get(workstream=world.discharge, period=date(2026, 10, 1))
    assert update.status == StatusUpdate.Status.LOCKED
    assert update.locked_reason == "Used in the October 2026 assurance report, version 1"
    draft = StatusUpdate.objects.get(workstream=world.suicide)
    assert draft.status == StatusUpdate.Status.DRAFT


def test_a_published_version_does_not_change_when_the_live_data_does(world, files):
    version = published(world)
    frozen, digest = json.dumps(version.data, sort_keys=True), version.content_hash
    risk = Risk.objects.get(title="Winter workforce")
    rescore_risk(risk, 5, 5, by=world.people["pmo"], on=date(2026, 10, 30))
    world.discharge.name = "Renamed workstream"
    world.discharge.save()
    reopen_report(world.report, world.people["pmo"])
    assess(world.report, world.people["director"], narrative="Changed afterwards.")
    version = AssuranceVersion.objects.get(pk=version.pk)
    assert json.dumps(version.data, sort_keys=True) == frozen
    assert version.content_hash == digest == content_hash(version.data)
    live = json.dumps(compile_report(world.report, TODAY))
    assert "Renamed workstream" in live and "Changed afterwards." in live
    assert "Renamed workstream" not in frozen


def test_a_correction_is_version_2_with_its_reason_and_version_1_stays(world, files):
    first = published(world)
    reopen_report(world.report, world.people["pmo"])
    assess(world.report, world.people["director"], overall_rating=Confidence.AMBER_RED)
    signed_off(world)
    with pytest.raises(ValidationError) as refused:
        publish_report(world.report, world.people["pmo"], reason="  ", today=TODAY)
    assert list(refused.value.message_dict) == ["reason"]
    second = publish_report(world.report, world.people["pmo"],
                            reason="The overall rating was entered wrongly.", today=TODAY)
    assert second.number == 2
    assert second.data["reason"] == "The overall rating was entered wrongly."
    assert second.data["summary"]["overall_rating"] == "amber_red"
    assert second.pdf.name == "assurance/staffordshire/2026-10/v2.pdf"
    first.refresh_from_db()
    assert first.data["summary"]["overall_rating"] == "amber_green"
    assert first.pdf.name.endswith("v1.pdf") and first.pdf.storage.exists(first.pdf.name)
    assert [v.number for v in world.report.versions.all()] == [2, 1]


def test_publishing_tells_the_regions_assurance_leads_once_it_commits(
    world, files, eager_tasks, django_capture_on_commit_callbacks
):
    lead = assurance_lead(world.partnership.region, full_name="Rita Region")
    elsewhere = assurance_lead(RegionFactory(name="London"), full_name="Lon Don")
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        published(world)
        assert not mail.outbox  # nothing leaves before the commit
    for callback in waiting:
        callback()
    recipients = [address for m in mail.outbox for address in m.to]
    assert lead.email in recipients and elsewhere.email not in recipients
    assert len(recipients) == len(set(recipients))  # one e-mail each
    assert all("has published its assurance report" in m.body for m in mail.outbox)


def test_only_a_published_report_is_reopened(world, files):
    with pytest.raises(TransitionNotAllowed, match="cannot be reopened"):
        reopen_report(world.report, world.people["pmo"])


def test_a_published_report_is_not_changed_without_reopening_it(world, files):
    published(world)
    with pytest.raises(TransitionNotAllowed, match="reopen it"):
        assess(world.report, world.people["director"], narrative="Too late.")


def test_every_download_is_recorded(world, files):
    version = published(world)
    lead = world.people["lead"]
    record_download(version, lead, "xlsx")
    record_download(version, lead, "pdf")
    downloads = report_downloads(world.report)  # what the PMO sees, latest first
    assert [(d.person.full_name, d.version.number, d.format) for d in downloads] == [
        ("David Ashworth", 1, "pdf"), ("David Ashworth", 1, "xlsx")]
    with pytest.raises(ValidationError):
        record_download(version, lead, "docx")


def test_publishing_renders_real_files_from_the_frozen_data(world, media_root):
    """The renderers of governance.assurance_files, end to end: a PDF, a workbook, a zip."""
    from governance.assurance_files import render_files

    version = published(world)
    with version.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    with version.csv.open("rb") as stored:
        csv_zip = stored.read()
    assert zipfile.ZipFile(io.BytesIO(csv_zip)).namelist()
    # Re-rendering the stored version gives the same content.
    assert render_files(AssuranceVersion.objects.get(pk=version.pk).data)["csv"] == csv_zip


# What NHS England's region page reads ------------------------------------------------------------

def test_the_region_rows_show_each_partnerships_state_and_only_published_figures(
        world, files, other_partnership, django_assert_max_num_queries):
    third = PartnershipFactory(name="Herefordshire and Worcestershire",
                               region=world.partnership.region)
    report_for(third, date(2026, 10, 1))  # a draft nobody outside the partnership sees
    published(world)
    with django_assert_max_num_queries(3):
        rows = region_reports([world.partnership, third, other_partnership], date(2026, 10, 9),
                              date(2026, 11, 30))
    states = {r["partnership"].slug: (r["state"], r["overall_rating"]) for r in rows}
    assert states == {"staffordshire": ("published", "amber_green"),
                      third.slug: ("late", ""), "south-east-london": ("late", "")}
    staffordshire = rows[0]
    assert staffordshire["version"].number == 1
    assert sum(r["this_month"] for r in staffordshire["distribution"]) == 4
    assert rows[1]["distribution"] == []  # a draft's figures are never shown


def test_the_trend_holds_each_months_latest_published_rating(
        world, files, django_assert_num_queries):
    published(world)
    reopen_report(world.report, world.people["pmo"])
    assess(world.report, world.people["director"], overall_rating=Confidence.RED)
    signed_off(world)
    publish_report(world.report, world.people["pmo"], reason="Rating corrected.", today=TODAY)
    september = report_for(world.partnership, date(2026, 9, 1))  # draft only: not in the trend
    assess(september, world.people["director"])
    with django_assert_num_queries(1):
        trends = rating_trends([world.partnership], [date(2026, 9, 1), date(2026, 10, 1)])
    assert trends == {world.partnership.pk: {date(2026, 10, 1): "red"}}


# Who may do what --------------------------------------------------------------------------------

EVERYONE = {"pmo", "director", "member", "viewer", "lead", "other_lead"}
READERS = {"pmo", "director", "member", "lead"}
DRAFT_READERS = {"pmo", "director", "member"}

MATRIX = [
    ("view_assurance", "partnership", READERS),
    ("view_assurance_drafts", "draft", DRAFT_READERS),
    ("view_assurance_drafts", "partnership", DRAFT_READERS),
    ("view_published_assurance", "version", READERS),
    ("download_assurance", "version", READERS),
    ("view_assurance_downloads", "version", {"pmo"}),
    ("edit_assessment", "draft", {"pmo", "director"}),
    ("edit_assessment", "signed_off", {"pmo", "director"}),
    ("edit_assessment", "published", set()),
    ("sign_off_assurance", "draft", {"director"}),
    ("sign_off_assurance", "signed_off", set()),
    ("publish_assurance", "signed_off", {"pmo"}),
    ("publish_assurance", "draft", set()),
    ("reopen_assurance", "published", {"pmo"}),
    ("reopen_assurance", "draft", set()),
]


@pytest.fixture
def records(world):
    report = world.report
    version = AssuranceVersion.objects.create(report=report, number=1, data={}, content_hash="")

    def in_state(status):
        return AssuranceReport(pk=report.pk, partnership=report.partnership, month=report.month,
                               status=status)

    return {
        "partnership": world.partnership, "version": version, "draft": in_state(Status.DRAFT),
        "signed_off": in_state(Status.SIGNED_OFF), "published": in_state(Status.PUBLISHED),
    }


@pytest.mark.parametrize(("action", "record", "allowed"), MATRIX,
                         ids=[f"{a}-{r}" for a, r, _ in MATRIX])
def test_who_may_do_what_with_assurance_reports(world, records, action, record, allowed):
    permitted = {name for name in EVERYONE
                 if may(world.people[name], action, records[record])}
    assert permitted == allowed


def test_an_assurance_lead_never_sees_a_draft_but_reads_every_published_version(world, records):
    lead = world.people["lead"]
    for status in ("draft", "signed_off", "published"):
        assert not may(lead, "view_assurance_drafts", records[status])
    assert may(lead, "view_published_assurance", records["version"])
    assert may(lead, "download_assurance", records["version"])


def test_an_assurance_lead_of_another_region_sees_nothing_of_the_partnership(world, records):
    other = world.people["other_lead"]
    for action, record, _ in MATRIX:
        assert not may(other, action, records[record])


def test_nobody_outside_the_partnership_may_see_its_reports(world, records, outsider):
    for action, record, _ in MATRIX:
        assert not may(outsider, action, records[record])
