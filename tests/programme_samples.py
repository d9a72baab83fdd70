"""Programmes records for tests: one of each for the URL walk, and a workstream with its people
and records for the delivery pages (my work, programmes, workstreams, the monthly update)."""

import html
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

from django.utils import timezone

from programmes.models import RAG, Milestone, StatusUpdate
from stp.models import RoleAssignment
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.programme_factories import (
    KPIActualFactory,
    KPIFactory,
    KPITrajectoryPointFactory,
    MilestoneFactory,
    PIDFactory,
    ProgrammeFactory,
    RiskFactory,
    RiskScoreFactory,
    StatusUpdateFactory,
    WorkstreamFactory,
    appointed,
)
from tests.samples import sample_builder

Role = RoleAssignment.Role


@sample_builder
def programmes_records(partnership, kwargs):
    programme = ProgrammeFactory(partnership=partnership, name="Urgent and emergency care")
    workstream = WorkstreamFactory(programme=programme, name="Discharge to assess")
    update = StatusUpdateFactory(workstream=workstream, period=date(2026, 3, 1),
                                 status=StatusUpdate.Status.SUBMITTED)
    kwargs.update(
        programme=programme.pk,
        workstream=workstream.pk,
        update=update.pk,
        milestone=MilestoneFactory(workstream=workstream).pk,
        kpi=KPIFactory(workstream=workstream).pk,
        risk=RiskFactory(workstream=workstream).pk,
        pid=PIDFactory(workstream=workstream).pk,
    )


# A workstream with its people and records, for the delivery pages' tests -----------------------

@dataclass
class Delivery:
    """A programme and workstream with everyone who works on them, and one of another."""

    partnership: object
    programme: object
    workstream: object
    other_programme: object
    other_workstream: object
    director: object  # programme director of `programme`
    sro: object  # SRO of `workstream`
    previous_sro: object
    lead: object  # workstream lead of `workstream`
    clinical_lead: object
    other_director: object  # programme director of `other_programme`
    other_lead: object  # workstream lead of `other_workstream`
    pid: object
    milestones: list = field(default_factory=list)
    kpis: list = field(default_factory=list)
    risks: list = field(default_factory=list)
    previous: object = None  # the approved update before the one due now


def due_month():
    """The month the update due now reports on: the month just ended."""
    return months_ago(1)


def months_ago(n):
    month = timezone.localdate().replace(day=1)
    index = month.year * 12 + month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def delivery(partnership):
    """The Urgent and emergency care programme's Discharge to assess workstream, and Mental
    health's Crisis care beside it, with an approved PID, milestones, a KPI, a risk, and last
    approved update of the month before the one due now."""
    today = timezone.localdate()
    programme = ProgrammeFactory(partnership=partnership, name="Urgent and emergency care",
                                 description="Getting people home from hospital sooner.")
    workstream = WorkstreamFactory(programme=programme, name="Discharge to assess")
    other_programme = ProgrammeFactory(partnership=partnership, name="Mental health")
    other_workstream = WorkstreamFactory(programme=other_programme, name="Crisis care")
    previous_sro = UserFactory(full_name="Priya Shah")
    RoleAssignmentFactory(person=previous_sro, partnership=partnership, role=Role.SRO,
                          scope=workstream, start_date=date(2024, 4, 1),
                          end_date=today - timedelta(days=31))
    pid = PIDFactory(workstream=workstream, status="approved", approved_at=timezone.now())
    scenario = Delivery(
        partnership=partnership, programme=programme, workstream=workstream,
        other_programme=other_programme, other_workstream=other_workstream,
        director=appointed(Role.PROGRAMME_DIRECTOR, programme, full_name="Dana Director"),
        sro=appointed(Role.SRO, workstream, full_name="Sam Okafor"),
        previous_sro=previous_sro,
        lead=appointed(Role.WORKSTREAM_LEAD, workstream, full_name="Lee Lead"),
        clinical_lead=appointed(Role.CLINICAL_LEAD, programme, full_name="Dr Chris Lam"),
        other_director=appointed(Role.PROGRAMME_DIRECTOR, other_programme,
                                 full_name="Olive Other"),
        other_lead=appointed(Role.WORKSTREAM_LEAD, other_workstream, full_name="Omar Other"),
        pid=pid,
    )
    scenario.milestones = [
        MilestoneFactory(workstream=workstream, title="Discharge hub open", baseline_pid=pid,
                         baseline_date=today - timedelta(days=60),
                         forecast_date=today - timedelta(days=15)),
        MilestoneFactory(workstream=workstream, title="Trusted assessor in post",
                         baseline_pid=pid, baseline_date=today + timedelta(days=20)),
        MilestoneFactory(workstream=workstream, title="Business case agreed", baseline_pid=pid,
                         baseline_date=today - timedelta(days=120),
                         forecast_date=today - timedelta(days=120),
                         status=Milestone.Status.COMPLETE,
                         completed_on=today - timedelta(days=118)),
    ]
    add_kpi(workstream, "Discharges before noon")
    scenario.kpis = list(workstream.kpis.all())
    scenario.risks = [add_risk(workstream, "Care home capacity", today - timedelta(days=3))]
    scenario.previous = StatusUpdateFactory(
        workstream=workstream, period=months_ago(2), status=StatusUpdate.Status.APPROVED,
        approved_at=timezone.now(), approved_by=scenario.sro, pid=pid,
        delivery_confidence=StatusUpdate.Confidence.AMBER_GREEN, milestones_rating=RAG.AMBER,
        kpis_rating=RAG.GREEN, finance_rating=RAG.GREEN, risks_rating=RAG.RED,
        summary="The discharge hub opens late; the trusted assessor starts next month.",
    )
    return scenario


def add_kpi(workstream, name, months=12):
    """A monthly percentage KPI with a trajectory and actuals for the last `months` months
    (not the month just ended: that one is due in this month's update)."""
    kpi = KPIFactory(workstream=workstream, name=name, target_value=Decimal("35"))
    for n in range(1, months + 2):
        KPITrajectoryPointFactory(kpi=kpi, period=months_ago(n), value=Decimal("30") + n % 3)
    for n in range(2, months + 2):
        KPIActualFactory(kpi=kpi, period=months_ago(n), value=Decimal("28") + (n * 7) % 5)
    return kpi


def add_risk(workstream, title, review_date, rescores=2):
    risk = RiskFactory(workstream=workstream, title=title, likelihood=4, consequence=4,
                       review_date=review_date)
    for n in range(rescores):
        RiskScoreFactory(risk=risk, likelihood=3 + n % 2, consequence=4,
                         scored_on=timezone.localdate() - timedelta(days=30 * (rescores - n)))
    return risk


def grow(scenario, n):
    """`n` more milestones, KPIs with a year of actuals, risks with re-scores, and past updates."""
    today = timezone.localdate()
    workstream = scenario.workstream
    start = workstream.milestones.count()
    for i in range(start, start + n):
        MilestoneFactory(workstream=workstream, title=f"Extra milestone {i}",
                         baseline_pid=scenario.pid,
                         baseline_date=today + timedelta(days=10 + i),
                         forecast_date=today + timedelta(days=20 + i), is_key=i % 2 == 0)
        add_kpi(workstream, f"Extra KPI {i}")
        add_risk(workstream, f"Extra risk {i}", today + timedelta(days=i), rescores=3)
    oldest = StatusUpdate.objects.filter(workstream=workstream).order_by("period").first()
    before = 2 if oldest is None else (
        (today.year - oldest.period.year) * 12 + today.month - oldest.period.month)
    for i in range(before + 1, before + 1 + n):
        StatusUpdateFactory(workstream=workstream, period=months_ago(i),
                            status=StatusUpdate.Status.APPROVED, approved_at=timezone.now())


def form_fields(page):
    """What a browser sends from the page's own form (the first posting to the page itself):
    every input, checked radio, text area and selected option, by name."""
    parser = _FormParser()
    parser.feed(page if isinstance(page, str) else page.content.decode())
    return parser.fields


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.in_form, self.done = {}, False, False
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and attrs.get("method") == "post" and not attrs.get(
                "action"):
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            else:
                self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            # As browsers do: the first newline after <textarea> is not part of the value.
            value = self.fields[self.textarea] + data
            self.fields[self.textarea] = value[1:] if value.startswith("\n") else value


def page_text(response):
    """The words of a page as a person reads them: no tags, entities decoded, spaces collapsed."""
    content = response if isinstance(response, str) else response.content.decode()
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content))).strip()
    return re.sub(r" ([,.;:)])", r"\1", text)  # "update</a>, approved" reads "update, approved"
