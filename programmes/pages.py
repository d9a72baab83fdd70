"""What each delivery page shows: my work, the programmes, a workstream, a monthly update.

One function per page. Each reads what its page needs with select_related and
prefetch_related, so a page costs the same number of queries however many workstreams,
milestones, KPIs, actuals, risks or updates there are. Permission checks (`may`) read only the
person's cached access and ids already loaded, never the database.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils.dateformat import format as format_date

from programmes.appointments import attach_holders
from programmes.models import (
    KPI,
    RAG,
    KPIActual,
    Milestone,
    Programme,
    Risk,
    StatusUpdate,
    Workstream,
    attach_bands,
)
from programmes.models.kpis import QUARTER_START_MONTHS
from programmes.ratings import suggest_ratings
from programmes.timeline import add_months, milestone_timeline, milestone_words
from stp.permissions import Role, access_for, may

Status = StatusUpdate.Status
# Milestones due this many days ahead are listed on "My work" as due soon.
DUE_SOON_DAYS = 30
# A milestone's rating in the words of its statuses (DOMAIN.md: blue complete ... red late).
MILESTONE_RAG_WORDS = {RAG.BLUE: "Complete", RAG.GREEN: "On track", RAG.AMBER: "At risk",
                       RAG.RED: "Late"}
# The roles that put a workstream on someone's "My work", held for it or for its programme.
WORK_ROLES = (Role.WORKSTREAM_LEAD, Role.PROGRAMME_DIRECTOR, Role.SRO, Role.CLINICAL_LEAD)


# Shared pieces ------------------------------------------------------------------------------

def first_of_month(day):
    return day.replace(day=1)


def reporting_month(today):
    """The month the update due now reports on: the month just ended, written early the next."""
    return add_months(first_of_month(today), -1)


def reporting_period(frequency, month):
    """The period whose actual is due in `month`: last month, or the last complete quarter."""
    if frequency == KPI.Frequency.QUARTERLY:
        # Quarters start in April, July, October and January.
        quarter_start = add_months(month, -((month.month - 4) % 3))
        return add_months(quarter_start, -3)
    return add_months(month, -1)


def shown_value(kpi, value):
    """A KPI value as people write it: 95.2%, £1,200, 12 days."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():,f}"
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    return {
        KPI.Unit.PERCENTAGE: f"{text}%",
        KPI.Unit.MONEY: f"{sign}£{digits}",
        KPI.Unit.RATE_PER_1000: f"{text} per 1,000",
        KPI.Unit.RATE_PER_100000: f"{text} per 100,000",
        KPI.Unit.DAYS: f"{text} days",
    }.get(kpi.unit, text)


def is_approved(update):
    """Approved by the SRO (and perhaps locked by a pack since)."""
    return update.approved_at is not None or update.status == Status.APPROVED


def link(name, **kwargs):
    """The URL of a page, or "" while that page is not routed yet (another part may add it)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    rag: str | None
    words: str

    @property
    def rag_words(self):
        """The status the dates give: complete, on track, at risk (within tolerance) or late."""
        return MILESTONE_RAG_WORDS.get(self.rag, self.milestone.get_status_display())

    @property
    def status_differs(self):
        """Whether the status its lead recorded says something else than the dates."""
        return self.rag is not None and self.rag_words != self.milestone.get_status_display()


@dataclass(frozen=True)
class KPIRow:
    kpi: KPI
    period: date | None  # of the actual shown
    actual: Decimal | None
    planned: Decimal | None
    rating: str | None
    variation: str | None = None
    assurance: str | None = None

    @property
    def actual_text(self):
        return shown_value(self.kpi, self.actual)

    @property
    def planned_text(self):
        return shown_value(self.kpi, self.planned)

    @property
    def rating_label(self):
        return RAG(self.rating).label if self.rating else ""


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    band: object  # a RiskBand, or None where no band covers the score
    trend: str | None

    @property
    def trend_label(self):
        return Risk.Trend(self.trend).label if self.trend else "New: scored once"


@dataclass(frozen=True)
class WorkstreamRow:
    """A workstream on a programme page, with this cycle's update and last cycle's.

    This cycle's is the update due now, on the month just ended; both only if the person may
    read them.
    """

    workstream: Workstream
    this_month: StatusUpdate | None
    last_month: StatusUpdate | None


def milestone_rows(milestones, today, tolerance_days):
    return [
        MilestoneRow(m, m.rag(today, tolerance_days), milestone_words(m, today, tolerance_days))
        for m in milestones
    ]


def kpi_rows(kpis, by=None):
    """Each KPI's latest actual (in or before `by`), its trajectory then, rating and MDC icons."""
    rows = []
    for kpi in kpis:
        actuals = kpi.actual_values()
        periods = [p for p in actuals if by is None or p <= by]
        period = periods[-1] if periods else None
        actual = actuals.get(period)
        planned = kpi.planned_values().get(period) if period else None
        analysis = kpi.analysis() if actuals else None
        rows.append(KPIRow(
            kpi=kpi, period=period, actual=actual, planned=planned,
            rating=kpi.rate(actual, planned),
            variation=analysis.variation if analysis else None,
            assurance=analysis.assurance if analysis else None,
        ))
    return rows


def _kpis(workstream):
    return list(workstream.kpis.prefetch_related("actuals", "trajectory"))


def _milestones(workstream):
    return list(workstream.milestones.select_related("baseline_pid"))


def _visible_updates(updates, user, workstream):
    for update in updates:
        update.workstream = workstream  # so permission checks ask no query
    return [u for u in updates if may(user, "view_update", u)]


def _monthly_rows(workstreams, user, month):
    """WorkstreamRow for each workstream: this month's and last month's updates it may see."""
    last = add_months(month, -1)
    by_workstream = {w.pk: w for w in workstreams}
    found = {}
    for update in StatusUpdate.objects.filter(
        workstream__in=list(by_workstream), period__in=[month, last]
    ):
        update.workstream = by_workstream[update.workstream_id]
        if may(user, "view_update", update):
            found[(update.workstream_id, update.period)] = update
    return [
        WorkstreamRow(w, found.get((w.pk, month)), found.get((w.pk, last))) for w in workstreams
    ]


# My work ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Task:
    """Something on "My work": what it is, how it stands, and where it is done."""

    title: str
    hint: str
    status: str  # the words of its tag
    tag: str  # the tag's colour class; empty for plain words (nothing owed)
    url: str = ""
    start_url: str = ""  # starting an update is a POST: a button rather than a link
    owed: bool = True


@dataclass
class WorkGroup:
    workstream: Workstream
    roles: list
    update: StatusUpdate | None
    tasks: list = field(default_factory=list)

    @property
    def owed(self):
        return sum(1 for task in self.tasks if task.owed)


def my_work(person, partnership, today):
    """The person's workstreams in `partnership` and what they owe on each now.

    Workstreams are theirs where they lead it, are its SRO or clinical lead, hold a role for its
    programme, or are the PMO (every active workstream). They owe the update due (not started,
    in draft or returned), approval of submitted updates where they approve, milestones due in
    the next 30 days or late, KPI actuals missing for the last period, and overdue risk reviews.
    """
    access = access_for(person)
    month = reporting_month(today)
    is_pmo = access.has_role(partnership, Role.PMO)
    held_workstreams = {r: access.scoped_ids(r, Workstream) for r in WORK_ROLES}
    held_programmes = {r: access.scoped_ids(r, Programme) for r in WORK_ROLES}
    mine = Q()
    if not is_pmo:
        mine = Q(pk__in=set().union(*held_workstreams.values())) | Q(
            programme_id__in=set().union(*held_programmes.values())
        )
    workstreams = list(
        Workstream.objects.filter(mine, partnership=partnership, status=Workstream.Status.ACTIVE)
        .select_related("programme")
        .order_by("programme__name", "name")
    )
    groups = {
        w.pk: WorkGroup(w, _roles_held(w, held_workstreams, held_programmes, is_pmo), None)
        for w in workstreams
    }
    slug = partnership.slug
    _add_update_tasks(groups, person, month, slug)
    _add_milestone_tasks(groups, person, today, slug)
    _add_kpi_tasks(groups, person, today, slug)
    programme_ids = ({w.programme_id for w in workstreams} if is_pmo
                     else set().union(*held_programmes.values()))
    other_risks = _add_risk_tasks(groups, person, partnership, programme_ids, today)
    ordered = list(groups.values())
    return {
        "partnership": partnership,
        "month": month,
        "groups": ordered,
        "other_risks": other_risks,
        "owed": sum(g.owed for g in ordered) + sum(1 for t in other_risks if t.owed),
    }


def _add_update_tasks(groups, person, month, slug):
    for update in StatusUpdate.objects.filter(workstream__in=list(groups), period=month):
        group = groups[update.workstream_id]
        update.workstream = group.workstream
        group.update = update
    for group in groups.values():
        group.tasks.append(_update_task(group, person, month, slug))


def _add_milestone_tasks(groups, person, today, slug):
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    milestones = (
        Milestone.objects.filter(workstream__in=list(groups))
        .exclude(status=Milestone.Status.COMPLETE)
        .filter(Q(forecast_date__lte=horizon)
                | Q(forecast_date__isnull=True, baseline_date__lte=horizon))
    )
    for milestone in milestones:
        group = groups[milestone.workstream_id]
        milestone.workstream = group.workstream
        group.tasks.append(_milestone_task(milestone, group, person, today, slug))


def _add_kpi_tasks(groups, person, today, slug):
    """KPIs whose actual for the last period (month, or complete quarter) is not in."""
    monthly = reporting_period(KPI.Frequency.MONTHLY, first_of_month(today))
    quarterly = reporting_period(KPI.Frequency.QUARTERLY, first_of_month(today))
    kpis = KPI.objects.filter(workstream__in=list(groups)).annotate(
        has_monthly=Exists(KPIActual.objects.filter(kpi=OuterRef("pk"), period=monthly)),
        has_quarterly=Exists(KPIActual.objects.filter(kpi=OuterRef("pk"), period=quarterly)),
    )
    for kpi in kpis:
        is_quarterly = kpi.frequency == KPI.Frequency.QUARTERLY
        if kpi.has_quarterly if is_quarterly else kpi.has_monthly:
            continue
        group = groups[kpi.workstream_id]
        kpi.workstream = group.workstream
        period = quarterly if is_quarterly else monthly
        group.tasks.append(_kpi_task(kpi, period, group, person, slug))


def _add_risk_tasks(groups, person, partnership, programme_ids, today):
    """Overdue reviews of the workstreams' risks, their programmes' and the person's own.

    Risks outside the listed workstreams are returned, to be listed on their own.
    """
    risks = (
        Risk.objects.open().filter(partnership=partnership, review_date__lt=today)
        .filter(Q(workstream__in=list(groups)) | Q(owner=person)
                | Q(workstream__isnull=True, programme__in=programme_ids))
        .select_related("programme", "workstream")
        .order_by("review_date", "title")
    )
    others = []
    for risk in risks:
        task = _risk_task(risk, person, today, partnership.slug)
        if risk.workstream_id in groups:
            groups[risk.workstream_id].tasks.append(task)
        else:
            others.append(task)
    return others


def _roles_held(workstream, held_workstreams, held_programmes, is_pmo):
    labels = []
    for role in WORK_ROLES:
        if workstream.pk in held_workstreams[role]:
            labels.append(Role(role).label)
        elif workstream.programme_id in held_programmes[role]:
            labels.append(f"{Role(role).label} of the programme")
    if is_pmo:
        labels.append(Role.PMO.label)
    return labels


def _update_task(group, person, month, slug):
    """The update due: owed by those who write and submit it, awaited by those who approve it."""
    workstream, update = group.workstream, group.update
    title = f"{format_date(month, 'F Y')} update"
    # Whether the person writes it: asked of the update, or of one not started yet (unsaved).
    writes = may(person, "submit_update",
                 update or StatusUpdate(workstream=workstream, period=month))
    if update is None:
        if may(person, "edit_workstream", workstream):
            return Task(
                title, "Ratings, what was achieved, milestones and KPI actuals.", "Not started",
                "nhsuk-tag--blue" if writes else "nhsuk-tag--grey",
                start_url=reverse("update_start", kwargs={
                    "partnership": slug, "workstream": workstream.pk}),
                owed=writes,
            )
        return Task(title, "Its lead has not started it yet.", "Not started", "nhsuk-tag--grey",
                    owed=False)
    view_url = reverse("status_update", kwargs={"partnership": slug, "update": update.pk})
    edit_url = reverse("update_edit", kwargs={"partnership": slug, "update": update.pk})
    url = edit_url if may(person, "edit_update", update) else view_url
    if update.status == Status.RETURNED:
        return Task(title, f"Returned for changes: {update.return_comment}",
                    "Returned for changes", "nhsuk-tag--red", url=url, owed=writes)
    if update.status == Status.DRAFT:
        return Task(title, "Started, not yet submitted for approval.", "In progress",
                    "nhsuk-tag--aqua-green", url=url, owed=writes)
    if update.status == Status.SUBMITTED:
        if may(person, "approve_update", update):
            return Task(title, "Submitted: approve it or return it with a comment.",
                        "Waiting for your approval", "nhsuk-tag--orange", url=view_url)
        return Task(title, "Submitted, waiting for the SRO's approval.", "Submitted", "",
                    url=view_url, owed=False)
    return Task(title, "Approved by the SRO.", Status(update.status).label, "",
                url=view_url, owed=False)


def _in_update(group, person, slug, anchor):
    """Where a milestone or KPI of the workstream is changed: this month's update if open."""
    update = group.update
    if update is not None and update.is_editable and may(person, "edit_update", update):
        url = reverse("update_edit", kwargs={"partnership": slug, "update": update.pk})
        return f"{url}#{anchor}"
    url = reverse("workstream", kwargs={"partnership": slug, "workstream": group.workstream.pk})
    return f"{url}#{anchor}"


def _milestone_task(milestone, group, person, today, slug):
    due = milestone.due_date
    tolerance = group.workstream.tolerance_days
    if milestone.is_overdue(today):
        status, tag = "Late", "app-tag--red"
    else:
        days = (due - today).days
        status = "Due today" if days == 0 else f"Due in {days} day{'s' if days != 1 else ''}"
        tag = "nhsuk-tag--yellow"
    return Task(
        f"Milestone: {milestone.title}",
        f"Due {format_date(due, 'j F Y')}. {milestone_words(milestone, today, tolerance)}.",
        status, tag, url=_in_update(group, person, slug, f"milestone-{milestone.pk}"),
        owed=may(person, "edit_milestone", milestone),
    )


def _kpi_task(kpi, period, group, person, slug):
    url = _in_update(group, person, slug, f"kpi-{kpi.pk}")
    if group.update is None or not group.update.is_editable:
        url = link("kpi", partnership=slug, kpi=kpi.pk) or url
    return Task(
        f"KPI actual: {kpi.name}", f"The actual for {format_date(period, 'F Y')} is missing.",
        "Missing", "nhsuk-tag--orange", url=url, owed=may(person, "enter_kpi_actuals", kpi),
    )


def _risk_task(risk, person, today, slug):
    overdue = (today - risk.review_date).days
    where = risk.workstream or risk.programme
    url = link("risk", partnership=slug, risk=risk.pk)
    if not url and risk.workstream_id:
        url = reverse("workstream", kwargs={"partnership": slug, "workstream": risk.workstream_id})
        url += f"#risk-{risk.pk}"
    elif not url:
        url = reverse("programme", kwargs={"partnership": slug, "programme": risk.programme_id})
    return Task(
        f"Risk review: {risk.title}",
        f"{where}. The review was due {format_date(risk.review_date, 'j F Y')}, "
        f"{overdue} day{'s' if overdue != 1 else ''} ago.",
        "Review overdue", "app-tag--red", url=url, owed=may(person, "edit_risk", risk),
    )


# Programmes ---------------------------------------------------------------------------------

def programme_list(partnership, user, today):
    """Every programme of the partnership, who leads it, and its workstreams' confidence."""
    programmes = list(
        Programme.objects.filter(partnership=partnership)
        .prefetch_related(Prefetch("workstreams", queryset=Workstream.objects.order_by("name")))
        .order_by("name")
    )
    workstreams = [w for p in programmes for w in p.workstreams.all()]
    attach_holders([*programmes, *workstreams])
    month = reporting_month(today)
    rows = {row.workstream.pk: row for row in _monthly_rows(workstreams, user, month)}
    return {
        "partnership": partnership,
        "month": month,
        "last_month": add_months(month, -1),
        "programmes": [
            {"programme": p, "rows": [rows[w.pk] for w in p.workstreams.all()]}
            for p in programmes
        ],
    }


def programme_page(programme, user, today):
    """A programme: its leaders, description, and each workstream with its confidence."""
    workstreams = list(programme.workstreams.order_by("name"))
    for workstream in workstreams:
        workstream.programme = programme
    attach_holders([programme, *workstreams])
    month = reporting_month(today)
    return {
        "partnership": programme.partnership,
        "programme": programme,
        "month": month,
        "last_month": add_months(month, -1),
        "rows": _monthly_rows(workstreams, user, month),
    }


# A workstream -------------------------------------------------------------------------------

def workstream_page(workstream, user, today):
    """Everything about a workstream: ratings, people, milestones, KPIs, risks, PIDs, updates.

    `workstream` comes loaded with its programme and partnership (select_related).
    """
    programme = workstream.programme
    attach_holders([workstream, programme])
    month = reporting_month(today)
    tolerance = workstream.tolerance_days

    updates = _visible_updates(
        list(workstream.status_updates.select_related("submitted_by", "approved_by")
             .order_by("-period")),
        user, workstream,
    )
    approved = next((u for u in updates if is_approved(u)), None)
    latest = updates[0] if updates else None
    due = next((u for u in updates if u.period == month), None)
    milestones = _milestones(workstream)
    for milestone in milestones:
        milestone.workstream = workstream
    risks = attach_bands(
        workstream.risks.open().with_previous_score().select_related("owner")
    )
    pids = list(workstream.pids.order_by("-version"))
    for pid in pids:
        pid.workstream = workstream
    return {
        "partnership": workstream.partnership,
        "programme": programme,
        "workstream": workstream,
        "month": month,
        "ratings_from": approved or latest,
        "latest": latest,
        "due": due,  # the update due now, on the month just ended
        # Whoever may start an update also sees drafts, so none is hidden from them.
        "can_start": due is None and may(user, "edit_workstream", workstream),
        "can_edit_due": due is not None and may(user, "edit_update", due),
        "sro": workstream.holder_assignment(Role.SRO),
        "previous_sros": workstream.previous_holders(Role.SRO),
        "lead": workstream.holder_assignment(Role.WORKSTREAM_LEAD),
        "previous_leads": workstream.previous_holders(Role.WORKSTREAM_LEAD),
        "programme_director": programme.holder_assignment(Role.PROGRAMME_DIRECTOR),
        "clinical_lead": (workstream.holder_assignment(Role.CLINICAL_LEAD)
                          or programme.holder_assignment(Role.CLINICAL_LEAD)),
        "milestones": milestone_rows(milestones, today, tolerance),
        "timeline": milestone_timeline(milestones, today, tolerance),
        "tolerance_days": tolerance,
        "kpis": kpi_rows(_kpis(workstream)),
        "risks": [RiskRow(r, r.band, r.trend) for r in risks],
        "pids": [p for p in pids if may(user, "view_pid", p)],
        "updates": updates,
    }


# The monthly update -------------------------------------------------------------------------

@dataclass(frozen=True)
class KPIEntry:
    """A KPI on the update form: the period whose actual is due, what is planned, what is in."""

    kpi: KPI
    period: date
    actual: KPIActual | None
    planned: Decimal | None
    previous: tuple | None  # (period, value) of the latest actual before `period`

    @property
    def planned_text(self):
        return shown_value(self.kpi, self.planned)

    @property
    def prefix(self):
        return "£" if self.kpi.unit == KPI.Unit.MONEY else ""

    @property
    def suffix(self):
        return {
            KPI.Unit.PERCENTAGE: "%", KPI.Unit.DAYS: "days",
            KPI.Unit.RATE_PER_1000: "per 1,000", KPI.Unit.RATE_PER_100000: "per 100,000",
        }.get(self.kpi.unit, "")

    @property
    def previous_text(self):
        if not self.previous:
            return ""
        period, value = self.previous
        return f"{shown_value(self.kpi, value)} in {format_date(period, 'F Y')}"


def update_form_data(update, user, today):
    """What the monthly update form needs: the suggestions, milestones and KPIs due.

    `update` comes loaded with its workstream, programme and partnership (select_related).
    """
    workstream = update.workstream
    programme = workstream.programme
    attach_holders([workstream, programme])
    milestones = _milestones(workstream)
    for milestone in milestones:
        milestone.workstream = workstream
    kpis = _kpis(workstream)
    entries = []
    for kpi in kpis:
        kpi.workstream = workstream
        # The update is written the month after the one it reports on: what is due then.
        written = add_months(update.period, 1)
        period = reporting_period(kpi.frequency, written)
        actual = next((a for a in kpi.actuals.all() if a.period == period), None)
        # A quarterly KPI is due in the update of its quarter's last month, and until it has
        # an actual.
        if (kpi.frequency == KPI.Frequency.QUARTERLY and actual is not None
                and written.month not in QUARTER_START_MONTHS):
            continue
        if not may(user, "enter_kpi_actuals", kpi):
            continue
        earlier = [(p, v) for p, v in kpi.actual_values().items() if p < period]
        entries.append(KPIEntry(kpi, period, actual, kpi.planned_values().get(period),
                                earlier[-1] if earlier else None))
    tolerance = workstream.tolerance_days
    return {
        "partnership": workstream.partnership,
        "programme": programme,
        "workstream": workstream,
        "update": update,
        "today": today,
        "suggested": _suggested(suggest_ratings(workstream, update.period, today)),
        "sro": workstream.holder_assignment(Role.SRO),
        "milestones": milestone_rows(milestones, today, tolerance),
        "kpis": entries,
        "started_on": _started_on(workstream, programme, milestones),
        "can_submit": may(user, "submit_update", update),
    }


def _suggested(suggestion):
    """Each rating field's suggestion: its value, its words and why."""

    def rag(suggested):
        return {"value": suggested.rating or "",
                "words": RAG(suggested.rating).label if suggested.rating else "",
                "reason": suggested.reason}

    overall = suggestion.overall
    return {
        "delivery_confidence": {
            "value": overall or "",
            "words": StatusUpdate.Confidence(overall).label if overall else "",
            "reason": ("the worst of the suggested milestones, KPIs and risks ratings."
                       if overall else "nothing to go on: no milestone, KPI or risk is rated."),
        },
        "milestones_rating": rag(suggestion.milestones),
        "kpis_rating": rag(suggestion.kpis),
        "finance_rating": rag(suggestion.finance),
        "risks_rating": rag(suggestion.risks),
    }


def _started_on(workstream, programme, milestones):
    """When the workstream began, as far as the records tell: no forecast goes before it."""
    created = workstream.history.order_by("history_date").values_list(
        "history_date", flat=True).first()
    days = [a.start_date for a in workstream.role_assignments() + programme.role_assignments()]
    days += [d for m in milestones for d in (m.baseline_date, m.forecast_date, m.completed_on)
             if d]
    if created:
        days.append(created.date())
    return min(days) if days else None


# An update as the SRO and the board read it ------------------------------------------------

def update_report(update, user, today):
    """The highlight report: ratings against last month's, texts, milestones and KPIs.

    `update` comes loaded with its workstream, programme and partnership (select_related).
    """
    workstream = update.workstream
    programme = workstream.programme
    attach_holders([workstream, programme])
    previous = (
        StatusUpdate.objects.filter(workstream=workstream, period__lt=update.period)
        .order_by("-period").first()
    )
    if previous is not None:
        previous.workstream = workstream
        if not may(user, "view_update", previous):
            previous = None
    milestones = _milestones(workstream)
    for milestone in milestones:
        milestone.workstream = workstream
    return {
        "partnership": workstream.partnership,
        "programme": programme,
        "workstream": workstream,
        "update": update,
        "previous": previous,
        "ratings": _rating_lines(update, previous),
        "milestones": milestone_rows(milestones, today, workstream.tolerance_days),
        "kpis": kpi_rows(_kpis(workstream), by=update.period),
        "sro": workstream.holder_assignment(Role.SRO),
        "can_approve": may(user, "approve_update", update),
        "can_edit": may(user, "edit_update", update),
        "pid_url": (link("pid", partnership=workstream.partnership.slug, pid=update.pid_id)
                    if update.pid_id else ""),
    }


def _rating_lines(update, previous):
    """(label, this month's value and words, last month's value and words) for each rating."""
    lines = []
    for name in ("delivery_confidence", "milestones_rating", "kpis_rating", "finance_rating",
                 "risks_rating"):
        label = StatusUpdate._meta.get_field(name).verbose_name
        now = getattr(update, name)
        before = getattr(previous, name) if previous else ""
        lines.append({
            "name": name,
            "label": label[:1].upper() + label[1:].replace(" rating", ""),
            "value": now, "words": getattr(update, f"get_{name}_display")(),
            "previous": before,
            "previous_words": getattr(previous, f"get_{name}_display")() if previous else "",
        })
    return lines


# Loading a page's main record, within the partnership ---------------------------------------

def workstreams_in(partnership):
    return Workstream.objects.filter(partnership=partnership).select_related(
        "programme", "partnership")


def updates_in(partnership):
    return StatusUpdate.objects.filter(workstream__partnership=partnership).select_related(
        "workstream__programme", "workstream__partnership", "pid", "submitted_by",
        "approved_by", "returned_by")


def programmes_in(partnership):
    return Programme.objects.filter(partnership=partnership).select_related("partnership")

