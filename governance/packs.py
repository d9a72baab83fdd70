"""Compiling a meeting's board pack from the live data, in a fixed number of queries.

`read_pack(meeting, today)` reads everything a pack shows: the agenda, the last meeting's
minutes and the action log, every workstream in the board's remit with its approved update for
the month, key milestones, KPIs with their SPC analysis, risks, and the papers. It costs the same
number of queries however many workstreams, milestones, KPIs, actuals or risks there are.
`render_pack(contents, edition)` turns that into two versions, the full pack and part 1 alone,
each cut into the sections of the web reader and joined into one printable document.
`compile_pack` does both: the preview shows it, and publishing freezes it
(governance.publishing). The last part reads a published version back for its pages: which
version a person reads, its sections, read receipts and who has read it.
"""

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import F, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import slugify

from governance.models import (
    Action,
    ActionNote,
    AgendaItem,
    Attendance,
    BoardMembership,
    BoardPack,
    Declaration,
    Meeting,
    PackRead,
)
from governance.quorum import meeting_quorum
from programmes.appointments import attach_holders
from programmes.chart_markup import chart_html
from programmes.charts import spc_chart
from programmes.kpi_upload import quarter_name
from programmes.models import (
    ESCALATION_SCORE,
    KPI,
    Consequence,
    KPIActual,
    KPITrajectoryPoint,
    Milestone,
    Risk,
    StatusUpdate,
    Workstream,
    banding_for,
)
from programmes.models.kpis import QUARTER_START_MONTHS
from programmes.pages import KPIRow, MilestoneRow, is_approved, milestone_rows, reporting_month
from programmes.registers import (
    BAND_TAGS,
    CHART_UNITS,
    TRENDS,
    UNIT_SUFFIXES,
    heat_map,
    kpi_periods,
)
from programmes.spc import analyse
from programmes.timeline import add_months
from stp.permissions import may

Confidence = StatusUpdate.Confidence
Purpose = AgendaItem.Purpose
Part = AgendaItem.Part

# The sections of a pack, in the order the issue sets; their slugs name the web pages.
COVER, AGENDA, MINUTES, DASHBOARD = "cover", "agenda", "minutes", "dashboard"
REPORTS, MILESTONES, KPIS, RISKS = "highlight-reports", "milestones", "kpis", "risks"
DECISIONS, PAPERS = "decisions", "papers"
KPIS_SUMMARY = "kpis-summary"  # the KPI table alone, shared by the web and the printed KPIs
TITLES = {
    COVER: "Cover",
    AGENDA: "Agenda",
    MINUTES: "Minutes of the last meeting and action log",
    DASHBOARD: "Programme dashboard",
    REPORTS: "Highlight reports",
    MILESTONES: "Key milestones",
    KPIS: "KPIs",
    RISKS: "Risks",
    DECISIONS: "Decisions the board is asked to take",
    PAPERS: "Papers",
}
# Key milestones due this many days after the meeting are listed as coming up.
MILESTONE_WINDOW_DAYS = 60
# Best first: the five-point delivery confidence scale.
CONFIDENCE_ORDER = [Confidence.GREEN, Confidence.AMBER_GREEN, Confidence.AMBER,
                    Confidence.AMBER_RED, Confidence.RED]
FOR_THE_BOARD = (Purpose.DECISION, Purpose.APPROVAL)
EXCLUSION_RESOLUTION = (
    "That representatives of the press and other members of the public be excluded from the "
    "remainder of this meeting, having regard to the confidential nature of the business to be "
    "transacted, publicity on which would be prejudicial to the public interest (section 1(2) "
    "of the Public Bodies (Admission to Meetings) Act 1960)."
)


# What a pack shows ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """Delivery confidence this month against last month, in words as well as an arrow."""

    kind: str  # improved, worse, same, new (nothing to compare with) or none (not rated now)
    words: str
    arrow: str


@dataclass
class WorkstreamReport:
    """A workstream of the remit: its approved update for the month, or why there is none."""

    workstream: Workstream
    slug: str
    update: StatusUpdate | None  # approved (or locked after approval) for the month
    pending: StatusUpdate | None  # the month's update while it is not approved
    last: StatusUpdate | None  # approved for the month before
    milestones: list = field(default_factory=list)
    kpis: list = field(default_factory=list)

    @property
    def state(self):
        """How the month's highlight report stands, in words."""
        if self.update is not None:
            return "Approved"
        if self.pending is not None and self.pending.status == StatusUpdate.Status.SUBMITTED:
            return "Not submitted: waiting for the SRO's approval"
        if self.pending is not None and self.pending.status == StatusUpdate.Status.LOCKED:
            return "Not submitted: used unapproved by an assurance report"
        if self.pending is not None:
            return "Not submitted: still a draft"
        return "Not submitted"

    @property
    def change(self):
        return confidence_change(
            self.update.delivery_confidence if self.update else "",
            self.last.delivery_confidence if self.last else "",
        )

    @property
    def ratings(self):
        """(label, this month's value and words, last month's) for each of the five ratings."""
        lines = []
        for name in ("delivery_confidence", "milestones_rating", "kpis_rating",
                     "finance_rating", "risks_rating"):
            label = StatusUpdate._meta.get_field(name).verbose_name
            lines.append({
                "label": label[:1].upper() + label[1:].replace(" rating", ""),
                "value": getattr(self.update, name),
                "words": getattr(self.update, f"get_{name}_display")(),
                "previous": getattr(self.last, name) if self.last else "",
                "previous_words": (getattr(self.last, f"get_{name}_display")()
                                   if self.last else ""),
            })
        return lines


@dataclass(frozen=True)
class KeyMilestone:
    row: MilestoneRow
    workstream: Workstream


@dataclass(frozen=True)
class KPIPanel:
    """A KPI's line in the summary table and its SPC chart."""

    row: KPIRow
    workstream: Workstream
    chart: "DrawnChart | None"  # None without actuals


@dataclass(frozen=True)
class RiskLine:
    risk: Risk
    band: object
    band_tag: str
    trend_arrow: str
    trend_words: str


@dataclass(frozen=True)
class ActionLine:
    action: Action
    latest: ActionNote | None
    closed_since: bool  # closed since the last meeting, rather than carried forward


@dataclass(frozen=True)
class Ask:
    """A decision the board is asked to take: where it comes from, and what is asked."""

    source: str
    text: str
    private: bool = False


@dataclass(frozen=True)
class Paper:
    """An agenda item's cover sheet, and its uploaded paper if any."""

    item: AgendaItem
    slug: str
    kind: str  # "pdf", "docx" or "" (a cover sheet, or a PID, without a file)
    sha256: str

    @property
    def is_private(self):
        return self.item.is_private


@dataclass
class PackContents:
    """Everything a pack shows, read from the live data."""

    meeting: Meeting
    today: date
    month: date  # the month the highlight reports report on
    items: list
    previous: Meeting | None
    previous_items: list
    attendance: list
    quorum: object
    actions: list
    reports: list
    milestones: dict
    kpis: list
    risks: list
    heat_map: list
    open_risks: int
    asks: list
    papers: list

    @property
    def board(self):
        return self.meeting.board

    @property
    def partnership(self):
        return self.meeting.board.partnership

    @property
    def last_month(self):
        return add_months(self.month, -1)

    @property
    def has_private(self):
        """Whether anything in the pack is part 2 business, so the versions differ."""
        return (any(item.is_private for item in self.items)
                or any(item.is_private for item in self.previous_items)
                or any(line.action.is_private for line in self.actions))

    @property
    def updates_used(self):
        """The approved updates the pack shows: this month's and last month's."""
        return [u for r in self.reports for u in (r.update, r.last) if u is not None]

    @property
    def missing(self):
        """What the PMO may want to chase before publishing, in words."""
        found = [f"{r.workstream.name}: no approved update for {format_date(self.month, 'F Y')} "
                 f"({r.state[0].lower()}{r.state[1:]})" for r in self.reports if r.update is None]
        found += [f"{p.item.number} {p.item.title}: the paper has no summary or recommendations"
                  for p in self.papers if p.kind and not (p.item.summary or
                                                          p.item.recommendations)]
        if not self.reports:
            found.append("The board's remit has no active workstreams: set its programmes and "
                         "workstreams on the board's page.")
        return found

    def snapshot(self):
        """The data the pack shows, kept with a version to tell what the next one changed."""
        return {
            "workstreams": {
                str(r.workstream.pk): {
                    "name": r.workstream.name,
                    "update": r.update.pk if r.update else None,
                    "update_version": r.update.version if r.update else None,
                    "confidence": r.update.delivery_confidence if r.update else "",
                }
                for r in self.reports
            },
            "milestones": {
                str(m.pk): {
                    "title": m.title, "workstream": workstream.name, "status": m.status,
                    "due": _iso(m.due_date), "completed_on": _iso(m.completed_on),
                }
                for r in self.reports for workstream in [r.workstream]
                for m in (row.milestone for row in r.milestones)
            },
            "kpis": {
                str(p.row.kpi.pk): {
                    "name": p.row.kpi.name, "period": _iso(p.row.period),
                    "value": p.row.actual_text,
                }
                for p in self.kpis
            },
            "risks": {
                str(line.risk.pk): {"title": line.risk.title, "score": line.risk.current_score}
                for line in self.risks
            },
            "items": {
                str(item.pk): {
                    "number": item.number, "title": item.title, "part": item.part,
                    "section": paper.slug if paper else "",
                    "paper": paper.sha256 if paper else "",
                    "paper_kind": paper.kind if paper else "",
                    "paper_name": item.paper_name,
                }
                for papers in [{p.item.pk: p for p in self.papers}]
                for item in self.items for paper in [papers.get(item.pk)]
            },
        }


def _iso(day):
    return day.isoformat() if day else None


def confidence_change(now, before):
    """How this month's delivery confidence compares with last month's."""
    if not now:
        return Change("none", "No approved rating this month", "")
    if not before:
        return Change("new", "No approved rating last month to compare with", "")
    was = Confidence(before).label
    step = CONFIDENCE_ORDER.index(before) - CONFIDENCE_ORDER.index(now)
    if step > 0:
        return Change("improved", f"Improved from {was}", "↑")
    if step < 0:
        return Change("worse", f"Worse than last month ({was})", "↓")
    return Change("same", "No change", "→")


# Reading ----------------------------------------------------------------------------------------

def read_pack(meeting, today=None):
    """Read everything the meeting's pack shows.

    `meeting` is loaded with select_related("board__partnership"). About twenty queries,
    however many workstreams, milestones, KPIs, actuals, risks, items or actions there are.
    """
    today = today or timezone.localdate()
    board = meeting.board
    month = reporting_month(meeting.local_start.date())
    items = _items(meeting)
    previous = (
        Meeting.objects.filter(board=board, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at").first()
    )
    previous_items, attendance, quorum = [], [], None
    if previous is not None:
        previous.board = board
        previous_items = _previous_items(previous)
        attendance = list(
            Attendance.objects.filter(meeting=previous)
            .select_related("membership__person", "membership__organisation")
        )
        quorum = meeting_quorum(previous, attendance)
    workstreams = _remit(board)
    reports = _reports(workstreams, month)
    _add_milestones(reports, today)
    kpis = _add_kpis(reports)
    risks, heat_map, open_risks = _risks(board, workstreams)
    papers = _papers(items)
    return PackContents(
        meeting=meeting, today=today, month=month, items=items, previous=previous,
        previous_items=previous_items, attendance=attendance, quorum=quorum,
        actions=_actions(meeting, previous), reports=reports,
        milestones=_key_milestones(reports, meeting, previous, today), kpis=kpis,
        risks=risks, heat_map=heat_map, open_risks=open_risks,
        asks=_asks(reports, items), papers=papers,
    )


def _items(meeting):
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter", "pid__workstream")
        .prefetch_related(Prefetch("risks", queryset=Risk.objects.order_by("title")))
        .order_by("part", "order", "pk")
    )


def _previous_items(previous):
    return list(
        AgendaItem.objects.filter(meeting=previous)
        .prefetch_related(
            "decisions",
            Prefetch("declarations", queryset=Declaration.objects.select_related("person")),
        )
        .order_by("part", "order", "pk")
    )


def _remit(board):
    """Every active workstream the board oversees, itself or through its programme."""
    workstreams = list(
        Workstream.objects.filter(Q(boards=board) | Q(programme__boards=board))
        .filter(status=Workstream.Status.ACTIVE).distinct()
        .select_related("programme").order_by("programme__name", "name")
    )
    attach_holders(workstreams)
    return workstreams


def _reports(workstreams, month):
    last = add_months(month, -1)
    found = {}
    updates = StatusUpdate.objects.filter(
        workstream__in=[w.pk for w in workstreams], period__in=[month, last]
    ).select_related("pid", "approved_by")
    for update in updates:
        found[(update.workstream_id, update.period)] = update
    reports, slugs = [], set()
    for workstream in workstreams:
        this = found.get((workstream.pk, month))
        before = found.get((workstream.pk, last))
        for update in (this, before):
            if update is not None:
                update.workstream = workstream
        approved = this if this is not None and is_approved(this) else None
        reports.append(WorkstreamReport(
            workstream=workstream,
            slug=_unique(f"report-{slugify(workstream.name) or workstream.pk}", slugs),
            update=approved,
            pending=this if approved is None else None,
            last=before if before is not None and is_approved(before) else None,
        ))
    return reports


def _unique(slug, taken):
    candidate, n = slug[:60], 2
    while candidate in taken:
        candidate, n = f"{slug[:56]}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _add_milestones(reports, today):
    by_workstream = {r.workstream.pk: r for r in reports}
    milestones = Milestone.objects.filter(
        workstream__in=list(by_workstream), is_key=True
    ).select_related("baseline_pid")
    grouped = {}
    for milestone in milestones:
        report = by_workstream[milestone.workstream_id]
        milestone.workstream = report.workstream
        grouped.setdefault(milestone.workstream_id, []).append(milestone)
    for workstream_id, report in by_workstream.items():
        report.milestones = milestone_rows(
            grouped.get(workstream_id, []), today, report.workstream.tolerance_days
        )


def _key_milestones(reports, meeting, previous, today):
    """Completed since the last meeting, due in the 60 days after this one, and late."""
    day = meeting.local_start.date()
    since = previous.local_start.date() if previous else day - timedelta(MILESTONE_WINDOW_DAYS)
    horizon = day + timedelta(MILESTONE_WINDOW_DAYS)
    lists = {"completed": [], "due": [], "late": []}
    for report in reports:
        for row in report.milestones:
            m = row.milestone
            line = KeyMilestone(row, report.workstream)
            if m.is_complete:
                if m.completed_on and m.completed_on >= since:
                    lists["completed"].append(line)
            elif m.is_overdue(today):
                lists["late"].append(line)
            elif m.due_date and m.due_date <= horizon:
                lists["due"].append(line)
    for name, key in (("completed", lambda k: k.row.milestone.completed_on),
                      ("due", lambda k: k.row.milestone.due_date),
                      ("late", lambda k: k.row.milestone.due_date)):
        lists[name].sort(key=lambda k, key=key: (key(k), k.row.milestone.title))
    return lists


def _add_kpis(reports):
    """Each KPI's latest actual, rating, Making Data Count icons and XmR chart: 3 queries.

    Actuals and trajectories are read as plain values: a pack holds thousands of them.
    """
    by_workstream = {r.workstream.pk: r for r in reports}
    kpis = list(KPI.objects.filter(workstream__in=list(by_workstream)).order_by("name", "pk"))
    ids = [kpi.pk for kpi in kpis]
    actuals, planned = {}, {}
    for kpi_id, period, value in KPIActual.objects.filter(kpi__in=ids).values_list(
            "kpi_id", "period", "value").order_by("period"):
        actuals.setdefault(kpi_id, {})[period] = value
    for kpi_id, period, value in KPITrajectoryPoint.objects.filter(kpi__in=ids).values_list(
            "kpi_id", "period", "value"):
        planned.setdefault(kpi_id, {})[period] = value
    panels = {}
    for kpi in kpis:
        report = by_workstream[kpi.workstream_id]
        kpi.workstream = report.workstream
        panel = kpi_panel(kpi, actuals.get(kpi.pk, {}), planned.get(kpi.pk, {}))
        report.kpis.append(panel.row)
        panels.setdefault(kpi.workstream_id, []).append(panel)
    return [p for r in reports for p in panels.get(r.workstream.pk, [])]


def kpi_panel(kpi, actuals, planned):
    """The KPI's row and chart, as the KPI's own page draws it (gaps shown as gaps).

    `actuals` and `planned` map each period to its value, the actuals oldest first.
    """
    series = kpi_periods(kpi, list(actuals))
    period = series[-1] if series else None
    actual = actuals.get(period)
    planned_then = planned.get(period) if period else None
    chart = None
    if series:
        unit = CHART_UNITS.get(kpi.unit, "")
        suffix = UNIT_SUFFIXES.get(kpi.unit, "")
        named = f" ({suffix})" if suffix and not unit else ""
        chart = drawn_chart(
            tuple(actuals.get(p) for p in series), tuple(_short_label(kpi, p) for p in series),
            kpi.improvement, kpi.target_value, f"{kpi.name}{named}: XmR chart", unit)
    row = KPIRow(
        kpi=kpi, period=period, actual=actual, planned=planned_then,
        rating=kpi.rate(actual, planned_then),
        variation=chart.analysis.variation if chart else None,
        assurance=chart.analysis.assurance if chart else None,
    )
    return KPIPanel(row, kpi.workstream, chart)


@dataclass(frozen=True)
class DrawnChart:
    """A KPI's analysis and its chart drawn for the web reader and for paper."""

    analysis: object  # programmes.spc.Analysis
    web: str
    printed: str


@lru_cache(maxsize=1024)
def drawn_chart(values, labels, improvement, target, title, unit):
    """Analyse and draw a series: a pure function of the data, so each version of a KPI's data
    is drawn once per process however often packs are compiled (the preview, then publishing).
    About 1 ms a chart, 60 in a pack; the arguments are tuples and plain values to be the key.
    """
    analysis = analyse(values, improvement, None if target is None else float(target))
    chart = spc_chart(analysis, list(labels), title=title, unit=unit)
    return DrawnChart(analysis, chart_html(chart, open_table=True),
                      chart_html(chart, printed=True))


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short_label(kpi, period):
    """"Oct 2026" (as format "M Y" writes it, faster), or "Q3 26/27" for a quarterly KPI."""
    if kpi.frequency == KPI.Frequency.QUARTERLY and period.month in QUARTER_START_MONTHS:
        return quarter_name(period).replace(" 20", " ")
    return f"{MONTHS[period.month - 1]} {period.year}"


def _risks(board, workstreams):
    """Open risks of the remit: those escalated or scored 15 and over, and the heat map of all.

    Two queries: the partnership's bands, and the risks with their previous score.
    """
    banding = banding_for(board.partnership_id)
    programme_ids = list(board.remit_programmes.values_list("pk", flat=True))
    risks = list(
        Risk.objects.open()
        .filter(Q(workstream__in=[w.pk for w in workstreams]) | Q(programme__in=programme_ids))
        .select_related("workstream", "programme", "owner")
        .with_previous_score()
        .order_by("-current_score", "title", "pk")
    )
    counts = {}
    for risk in risks:
        counts[(risk.likelihood, risk.consequence)] = counts.get(
            (risk.likelihood, risk.consequence), 0) + 1
    lines = []
    for risk in risks:
        if not (risk.escalated or risk.current_score >= ESCALATION_SCORE):
            continue
        band = banding.band(risk.current_score)
        risk._band = band
        trend = risk.trend
        arrow, words = TRENDS[trend] if trend else ("", "First score")
        lines.append(RiskLine(risk, band, BAND_TAGS.get(getattr(band, "colour", None), ""),
                              arrow, words.format(previous=risk.previous_score)))
    return lines, heat_map(counts, banding), len(risks)


def _actions(meeting, previous):
    """The board's open actions carried forward, and those closed since the last meeting."""
    closed_since = Q()
    if previous is not None:
        closed_since = Q(closed_on__gte=previous.local_start.date())
    condition = Q(status=Action.Status.OPEN)
    if previous is not None:
        condition |= ~Q(status=Action.Status.OPEN) & closed_since
    actions = (
        Action.objects.filter(board=meeting.board_id, meeting__starts_at__lt=meeting.starts_at)
        .filter(condition)
        .select_related("owner", "item", "meeting")
        .prefetch_related(Prefetch(
            "notes", queryset=ActionNote.objects.order_by("-written_at", "-pk"),
            to_attr="latest_notes",
        ))
        .order_by("due_date", "pk")
    )
    return [
        ActionLine(a, a.latest_notes[0] if a.latest_notes else None,
                   a.status != Action.Status.OPEN)
        for a in actions
    ]


def _asks(reports, items):
    asks = []
    for item in items:
        if item.pid_id:
            pid = item.pid
            asks.append(Ask(
                f"Item {item.number}: {item.title}",
                f"Approve the Project Initiation Document of {pid.workstream.name}, "
                f"version {pid.version}.", item.is_private,
            ))
        elif item.purpose in FOR_THE_BOARD:
            asks.append(Ask(
                f"Item {item.number}: {item.title} ({item.get_purpose_display().lower()})",
                item.recommendations or f"{item.get_purpose_display()}.", item.is_private,
            ))
    for report in reports:
        if report.update is not None and report.update.decisions_requested.strip():
            asks.append(Ask(f"{report.workstream.name} highlight report",
                            report.update.decisions_requested))
    return asks


def _papers(items):
    papers, slugs = [], set()
    for item in items:
        if not (item.has_cover_sheet or item.pid_id):
            continue
        kind, digest = "", ""
        if item.paper:
            name = (item.paper_name or item.paper.name).lower()
            kind = "pdf" if item.paper.name.lower().endswith(".pdf") or name.endswith(
                ".pdf") else "docx"
            digest = paper_sha256(item)
        papers.append(Paper(item, _unique(f"paper-{slugify(item.number) or item.pk}", slugs),
                            kind, digest))
    return papers


def paper_sha256(item):
    """The SHA-256 of an item's uploaded paper: which file a version used; "" if it is gone."""
    digest = hashlib.sha256()
    try:
        with item.paper.open("rb") as paper:
            for chunk in iter(lambda: paper.read(1 << 16), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError, ValueError):
        return ""
    return digest.hexdigest()


# Rendering --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edition:
    """What the cover says about the version: its number, who published it and when, changes."""

    version: int | None = None  # None for the preview
    published_at: object = None
    published_by: object = None
    changes: tuple = ()
    previous_version: int | None = None

    @property
    def is_preview(self):
        return self.version is None


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    level: int  # 1: a part of the pack; 2: a report or paper inside the part before it
    html: str

    def as_dict(self):
        return {"slug": self.slug, "title": self.title, "level": self.level, "html": self.html}


@dataclass(frozen=True)
class Version:
    """One version as rendered: its sections, its printable document, its PDF papers."""

    private: bool  # the full version (parts 1 and 2), or part 1 alone
    title: str
    sections: list
    html: str
    papers: list  # Paper, for each uploaded PDF appended after its cover sheet


@dataclass(frozen=True)
class CompiledPack:
    contents: PackContents
    full: Version
    part1: Version


def compile_pack(meeting, today=None, edition=None):
    """The pack as it would be published now: both versions, each with its printable document."""
    contents = read_pack(meeting, today)
    return render_pack(contents, edition or Edition())


def preview_pack(meeting, today=None):
    """The full version's sections alone, for the PMO's preview: nothing to print yet."""
    contents = read_pack(meeting, today)
    edition = Edition()
    context = _context(contents, edition)
    shared = _shared_sections(contents, context)
    return contents, _version(contents, edition, context, shared, None, private=True).sections


def render_pack(contents, edition):
    """Render the full version and the part 1 version of a pack.

    Sections that hold no part 2 business (the dashboard, highlight reports, milestones, KPIs,
    risks) are rendered once and shared by both.
    """
    context = _context(contents, edition)
    shared = _shared_sections(contents, context)
    # Paper gets its own charts: no tooltips, compact data tables (programmes.chart_markup).
    printed = {**shared, KPIS: shared[KPIS_SUMMARY] + _render("kpi-charts", context, printed=True)}
    full = _version(contents, edition, context, shared, printed, private=True)
    if not contents.has_private:
        part1 = full  # nothing to leave out: one version serves everyone
    else:
        part1 = _version(contents, edition, context, shared, printed, private=False)
    return CompiledPack(contents, full, part1)


def _shared_sections(contents, context):
    shared = {slug: _render(slug, context) for slug in (DASHBOARD, MILESTONES, RISKS)}
    shared[KPIS_SUMMARY] = _render(KPIS, context)
    shared[KPIS] = shared[KPIS_SUMMARY] + _render("kpi-charts", context, printed=False)
    shared.update({r.slug: _render_report(r, context) for r in contents.reports})
    return shared


def _context(contents, edition):
    meeting = contents.meeting
    return {
        "pack": contents,
        "edition": edition,
        "meeting": meeting,
        "board": meeting.board,
        "partnership": meeting.board.partnership,
        "month": contents.month,
        "last_month": contents.last_month,
        "consequences": list(Consequence.choices),
        "escalation_score": ESCALATION_SCORE,
        "window_days": MILESTONE_WINDOW_DAYS,
        "exclusion_resolution": EXCLUSION_RESOLUTION,
        "milestone_lists": [
            ("completed", contents.milestones["completed"],
             "Completed since the last meeting" if contents.previous else
             f"Completed in the last {MILESTONE_WINDOW_DAYS} days",
             "No key milestone was completed."),
            ("due", contents.milestones["due"],
             f"Due in the {MILESTONE_WINDOW_DAYS} days after the meeting",
             "No key milestone is due."),
            ("late", contents.milestones["late"], "Late", "No key milestone is late."),
        ],
    }


def _render(slug, context, **extra):
    return render_to_string(f"governance/packs/sections/{slug}.html", {**context, **extra})


def _render_report(report, context):
    return _render("report", context, report=report)


def _version(contents, edition, context, shared, printed, *, private):
    meeting = contents.meeting
    show = (lambda record: True) if private else (lambda record: not record.is_private)
    items = [i for i in contents.items if show(i)]
    papers = [p for p in contents.papers if show(p)]
    context = {
        **context,
        "private": private,
        "version_label": _version_label(contents, private),
        "items": items,
        "part2_follows": meeting.held_in_public and any(i.is_private for i in contents.items),
        "previous_items": [i for i in contents.previous_items if show(i)],
        "actions": [a for a in contents.actions if show(a.action)],
        "asks": [a for a in contents.asks if private or not a.private],
        "agenda": _agenda(meeting, contents.items),
        "papers": papers,
        "pdf_papers": [p for p in papers if p.kind == "pdf"],
        "paper_urls": _paper_urls(meeting, edition, papers),
    }
    sections = [
        Section(COVER, f"{meeting.board.name} pack, {meeting.date_label}", 1,
                _render(COVER, context)),
        Section(AGENDA, TITLES[AGENDA], 1, _render(AGENDA, context)),
        Section(MINUTES, TITLES[MINUTES], 1, _render(MINUTES, context)),
        Section(DASHBOARD, TITLES[DASHBOARD], 1, shared[DASHBOARD]),
        Section(REPORTS, TITLES[REPORTS], 1, _render(REPORTS, context)),
        *(Section(r.slug, f"Highlight report: {r.workstream.name}", 2, shared[r.slug])
          for r in contents.reports),
        Section(MILESTONES, TITLES[MILESTONES], 1, shared[MILESTONES]),
        Section(KPIS, TITLES[KPIS], 1, shared[KPIS]),
        Section(RISKS, TITLES[RISKS], 1, shared[RISKS]),
        Section(DECISIONS, TITLES[DECISIONS], 1, _render(DECISIONS, context)),
        Section(PAPERS, TITLES[PAPERS], 1, _render(PAPERS, context)),
        *(Section(p.slug, f"{p.item.number} {p.item.title}", 2,
                  _render("paper", context, paper=p, paper_url=context["paper_urls"].get(p.slug)))
          for p in papers),
    ]
    title = pack_title(meeting, edition, private or not contents.has_private)
    if printed is None:  # the preview: sections alone
        return Version(private, title, sections, "", [p for p in papers if p.kind == "pdf"])
    for_print = [replace(s, html=printed[s.slug]) if s.slug in printed else s for s in sections]
    html = render_to_string("governance/packs/document.html",
                            {**context, "title": title, "sections": for_print})
    return Version(private, title, sections, html, [p for p in papers if p.kind == "pdf"])


def _agenda(meeting, items):
    """Each item with the time it starts, from the meeting's start and the minutes allotted."""
    rows, starts, first_private = [], meeting.local_start, True
    for item in items:
        rows.append({"item": item, "starts": starts,
                     "first_private": item.is_private and first_private})
        if item.is_private:
            first_private = False
        starts += timedelta(minutes=item.minutes_allotted)
    return rows


def _version_label(contents, private):
    if not contents.has_private:
        return "This pack has no part 2 (private) business."
    if private:
        return ("Full version, including part 2 (private) business: confidential to the "
                "board's members and attendees.")
    return "Part 1 (public) version: part 2 (private) business is left out."


def pack_title(meeting, edition, full=True):
    """The document's title, as the PDF's metadata and the reader's tab show it."""
    version = "preview" if edition.is_preview else f"version {edition.version}"
    part = "" if full else ", part 1"
    return f"{meeting.board.name} pack, {meeting.date_label}, {version}{part}"


def _paper_urls(meeting, edition, papers):
    """Where each paper is downloaded from the web pack (published versions only)."""
    if edition.is_preview:
        return {}
    urls = {}
    for paper in papers:
        if not paper.kind:
            continue
        try:
            urls[paper.slug] = reverse("pack_paper", kwargs={
                "partnership": meeting.board.partnership.slug, "meeting": meeting.pk,
                "version": edition.version, "section": paper.slug,
            })
        except NoReverseMatch:
            return {}
    return urls


# Reading a published version ------------------------------------------------------------------

@dataclass(frozen=True)
class Reader:
    """A current seat on the board, and whether its holder opened this version."""

    membership: BoardMembership
    web: PackRead | None
    pdf: PackRead | None

    @property
    def has_read(self):
        return self.web is not None or self.pdf is not None


def reads_full_version(pack, user):
    """Whether the person reads the full version (parts 1 and 2) rather than part 1 alone."""
    return may(user, "view_private_business", pack.meeting)


def readable_sections(pack, user):
    """The frozen sections this person may read. Part 1 readers never get the full version."""
    return list(pack.sections if reads_full_version(pack, user) else pack.public_sections)


def pack_page(pack, user):
    """A version's contents page: its sections, what changed, its PDF and other versions.

    `pack` loaded with select_related("meeting__board__partnership"). Three queries.
    """
    meeting = pack.meeting
    sections = readable_sections(pack, user)
    versions = list(
        BoardPack.objects.filter(meeting=meeting).order_by("-version")
        .only("pk", "version", "published_at", "meeting_id")
    )
    readers = None
    if may(user, "view_pack_readers", pack):
        rows = pack_readers(pack)
        readers = {"read": sum(1 for r in rows if r.has_read), "seats": len(rows)}
    return {
        **_page_basics(pack),
        "sections": [{**s, "url": section_url(pack, s["slug"])} for s in sections],
        "full": reads_full_version(pack, user),
        "versions": versions,
        "latest": versions[0] if versions else pack,
        "readers": readers,
    }


def section_page(pack, user, slug):
    """One section to read on its own page, with the previous and next; None if not there."""
    sections = readable_sections(pack, user)
    index = next((n for n, s in enumerate(sections) if s["slug"] == slug), None)
    if index is None:
        return None
    section = sections[index]
    html = section["html"]
    if section["level"] == 2:
        # On its own page the section's title is the page's h1: its headings move up one.
        html = html.replace("<h3", "<h2").replace("</h3>", "</h2>")
    neighbour = {
        name: {**sections[n], "url": section_url(pack, sections[n]["slug"])}
        for name, n in (("previous", index - 1), ("next", index + 1))
        if 0 <= n < len(sections)
    }
    return {
        **_page_basics(pack),
        "section": section,
        "html": html,
        "position": index + 1,
        "count": len(sections),
        "previous": neighbour.get("previous"),
        "next": neighbour.get("next"),
    }


def _page_basics(pack):
    meeting = pack.meeting
    return {
        "pack": pack,
        "meeting": meeting,
        "board": meeting.board,
        "partnership": meeting.board.partnership,
        "contents_url": pack.get_absolute_url(),
        "pdf_url": _pack_url("pack_pdf", pack),
        "public_pdf_url": _pack_url("pack_public_pdf", pack),
        "meeting_url": _meeting_url(meeting),
        "breadcrumbs": _crumbs(pack),
    }


def _crumbs(pack):
    meeting = pack.meeting
    partnership = meeting.board.partnership
    trail = [{"title": "Home", "url": reverse("home")},
             {"title": partnership.short_name, "url": partnership.get_absolute_url()}]
    board_url = _url("board", partnership=partnership.slug, board=meeting.board_id)
    if board_url:
        trail.append({"title": meeting.board.name, "url": board_url})
    meeting_url = _meeting_url(meeting)
    if meeting_url:
        trail.append({"title": f"Meeting of {meeting.date_label}", "url": meeting_url})
    return trail


def _url(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _meeting_url(meeting):
    return _url("meeting", partnership=meeting.board.partnership.slug, meeting=meeting.pk)


def _pack_url(name, pack, **extra):
    return reverse(name, kwargs={"partnership": pack.meeting.board.partnership.slug,
                                 "meeting": pack.meeting_id, "version": pack.version, **extra})


def section_url(pack, slug):
    return _pack_url("pack_section", pack, section=slug)


def record_read(pack, person, format):
    """Note that the person opened this version (on the web, or as a PDF)."""
    now = timezone.now()
    read, created = PackRead.objects.get_or_create(
        pack=pack, person=person, format=format,
        defaults={"first_opened_at": now, "last_opened_at": now},
    )
    if not created:
        PackRead.objects.filter(pk=read.pk).update(
            times_opened=F("times_opened") + 1, last_opened_at=now
        )
    return read


def pack_readers(pack, today=None):
    """Everyone with a current seat on the board, and whether they opened this version;
    those who have not read it first. Two queries."""
    on = today or timezone.localdate()
    seats = (
        BoardMembership.objects.current(on).filter(board=pack.meeting.board_id)
        .select_related("person", "organisation").order_by("person__full_name", "pk")
    )
    reads = {}
    for read in PackRead.objects.filter(pack=pack):
        reads.setdefault(read.person_id, {})[read.format] = read
    rows, seen = [], set()
    for seat in seats:
        if seat.person_id in seen:
            continue
        seen.add(seat.person_id)
        opened = reads.get(seat.person_id, {})
        rows.append(Reader(seat, opened.get(PackRead.Format.WEB), opened.get(PackRead.Format.PDF)))
    rows.sort(key=lambda r: (r.has_read, r.membership.person.full_name.lower()))
    return rows


def readers_page(pack):
    rows = pack_readers(pack)
    return {
        **_page_basics(pack),
        "rows": rows,
        "read": sum(1 for r in rows if r.has_read),
        "not_read": sum(1 for r in rows if not r.has_read),
    }
