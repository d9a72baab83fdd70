"""Who is owed which reminder on a day, across every partnership, in a fixed number of queries.

`due_on(day)` looks at the state of things on that day and returns everything due then: nothing
on weekends and bank holidays in England. Whatever fell due on a day off is still due (or now
overdue) on the next working day, so that day's run picks it up.

Each `Due` carries its period, which makes its key: a reminder that something is due uses the
deadline (once per deadline); an overdue one uses the day (once a working day); the weekly ones
(risk reviews, KPI actuals, PIDs awaiting a decision) use the ISO week.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from governance.deadlines import update_deadlines
from governance.models import Action, AgendaItem, Board, Meeting
from programmes.models import (
    KPI,
    PID,
    KPIActual,
    Milestone,
    Programme,
    Risk,
    StatusUpdate,
    Workstream,
)
from programmes.pages import first_of_month, reporting_month, reporting_period
from reminders import kinds
from reminders.models import reminder_key
from stp.models import Partnership, RoleAssignment, User
from stp.workingdays import is_working_day, working_days_before, working_days_between

Role = RoleAssignment.Role
DONE_UPDATES = (StatusUpdate.Status.SUBMITTED, StatusUpdate.Status.APPROVED,
                StatusUpdate.Status.LOCKED)
# How far ahead to look for meetings whose papers are due soon: the longest papers notice a
# board may set (30 working days) and the reminder's own lead, in calendar days, with room.
PAPERS_HORIZON_DAYS = 70
# A record id no record has, reversed into a page's address and then replaced by each record's.
ID_MARK = 987654321987


@dataclass(frozen=True)
class Due:
    kind: str
    object_key: str  # "programmes.milestone:12"
    object_type_id: int
    object_id: int
    person: object  # the User
    period: str
    partnership_id: int
    title: str  # short: the subject of an e-mail of its own, the item's heading in a digest
    text: str  # the sentence saying what is owed and by when
    link_text: str  # the link's words, which make sense on their own
    url: str  # absolute: the page where the thing is done

    @property
    def key(self):
        return reminder_key(self.kind, self.object_key, self.person.pk, self.period)


def due_on(day):
    """Every reminder due on `day`, one per key, ordered by kind, person and title."""
    if not is_working_day(day):
        return []
    context = _Context(day)
    found = {}
    for source in (_updates, _milestones, _actions, _pids, _risks, _kpis, _papers):
        for due in source(context):
            if due.person.is_active:
                found.setdefault(due.key, due)
    order = {code: index for index, code in enumerate(kinds.KINDS)}
    return sorted(found.values(), key=lambda d: (order[d.kind], d.person.pk, d.title, d.key))


class _Context:
    """What several sources share, each read once: workstreams, role holders, partnerships."""

    def __init__(self, day):
        self.day = day
        self.week = "{}-W{:02d}".format(*day.isocalendar()[:2])
        self.month = reporting_month(day)
        self.slugs = dict(Partnership.objects.values_list("pk", "slug"))
        self.workstreams = {
            w.pk: w for w in Workstream.objects.filter(status=Workstream.Status.ACTIVE)
            .select_related("programme")
        }
        self.types = {model: ContentType.objects.get_for_model(model).pk
                      for model in (Workstream, Programme, Milestone, Action, PID, Risk, KPI,
                                    AgendaItem)}
        self.holders = defaultdict(list)
        self.pmos = defaultdict(list)
        assignments = (
            RoleAssignment.objects.current(day).filter(person__is_active=True)
            .filter(Q(role=Role.PMO, partnership__isnull=False)
                    | Q(role__in=[Role.WORKSTREAM_LEAD, Role.PROGRAMME_DIRECTOR, Role.SRO],
                        scope_type__in=[self.types[Workstream], self.types[Programme]]))
            .select_related("person").order_by("pk")
        )
        for assignment in assignments:
            if assignment.role == Role.PMO:
                self.pmos[assignment.partnership_id].append(assignment.person)
            else:
                key = (assignment.role, assignment.scope_type_id, assignment.scope_id)
                self.holders[key].append(assignment.person)
        self.deadlines = update_deadlines(list(self.workstreams.values()), self.month)
        self.updates = {
            u.workstream_id: u for u in StatusUpdate.objects.filter(
                period=self.month, workstream__status=Workstream.Status.ACTIVE)
        }
        self._working_days_before = {}
        self._addresses = {}
        self.people = {}

    def with_people(self, records, field):
        """The records, and {id: User} for the people their `field` names: loaded once each,
        however many records a person has (thousands of owners, a hundred thousand things)."""
        records = list(records)
        ids = {getattr(record, field) for record in records} - {None} - self.people.keys()
        self.people.update(User.objects.in_bulk(ids))
        return records, self.people

    def held(self, role, workstream, *, programme_too=True):
        """Who holds `role` for the workstream (and, if asked, for its programme)."""
        people = list(self.holders[(role, self.types[Workstream], workstream.pk)])
        if programme_too:
            people += self.holders[(role, self.types[Programme], workstream.programme_id)]
        return people

    def writers(self, workstream):
        """Who writes the monthly update: its lead and the programme director."""
        return (self.held(Role.WORKSTREAM_LEAD, workstream, programme_too=False)
                + self.held(Role.PROGRAMME_DIRECTOR, workstream))

    def leads(self, workstream):
        """The workstream lead, or else the programme director."""
        return (self.held(Role.WORKSTREAM_LEAD, workstream, programme_too=False)
                or self.held(Role.PROGRAMME_DIRECTOR, workstream))

    def sros(self, workstream):
        """The workstream's SRO, or else its programme's."""
        return (self.held(Role.SRO, workstream, programme_too=False)
                or self.held(Role.SRO, workstream, programme_too=True))

    def before(self, day, count):
        """`working_days_before`, remembered: many records share a deadline."""
        key = (day, count)
        if key not in self._working_days_before:
            self._working_days_before[key] = working_days_before(day, count)
        return self._working_days_before[key]

    def update_window_open(self, workstream):
        """Whether the update due now has been reminded (its lead days have begun)."""
        deadline = self.deadlines[workstream.pk]
        return self.day >= self.before(deadline, settings.REMINDER_UPDATE_LEAD_DAYS)

    def url(self, name, partnership_id, anchor="", **record):
        """The absolute address of a page, given the partnership and at most one record's id.

        Reversed once per page and partnership (the records of a kind share it but for their
        id): reversing a URL for each of a hundred thousand records takes seconds.
        """
        [(field, record_id)] = record.items() or [(None, None)]
        key = (name, partnership_id, field)
        if key not in self._addresses:
            kwargs = {"partnership": self.slugs[partnership_id]}
            if field:
                kwargs[field] = ID_MARK
            self._addresses[key] = f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"
        address = self._addresses[key]
        if field:
            address = address.replace(str(ID_MARK), str(record_id), 1)
        return f"{address}#{anchor}" if anchor else address

    def due(self, kind, record, person, period, partnership_id, **words):
        object_type = self.types[type(record)]
        return Due(
            kind=kind.code, object_key=f"{type(record)._meta.label_lower}:{record.pk}",
            object_type_id=object_type, object_id=record.pk, person=person, period=period,
            partnership_id=partnership_id, **words,
        )


@lru_cache(maxsize=1024)  # a hundred thousand things due share a few hundred dates
def _day(day):
    return format_date(day, "j F Y")


def _sentence(text):
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _days(count, unit="working day"):
    return f"{count} {unit}{'s' if count != 1 else ''}"


# Monthly updates --------------------------------------------------------------------------------

def _updates(context):
    day, month = context.day, format_date(context.month, "F Y")
    for workstream in context.workstreams.values():
        update = context.updates.get(workstream.pk)
        if update is not None and update.status in DONE_UPDATES:
            continue
        deadline = context.deadlines[workstream.pk]
        if day < context.before(deadline, settings.REMINDER_UPDATE_LEAD_DAYS):
            continue
        partnership_id = workstream.partnership_id
        where = f"{workstream.name} ({workstream.programme.name})"
        if update is not None:
            url = context.url("update_edit", partnership_id, update=update.pk)
        else:
            url = context.url("my_work", partnership_id)
        returned = (" It was returned for changes: " + update.return_comment
                    if update is not None and update.status == StatusUpdate.Status.RETURNED
                    else "")
        link = {"link_text": f"Write the {month} update for {workstream.name}", "url": url}
        if day <= deadline:
            when = "today" if day == deadline else f"by {_day(deadline)}"
            for person in context.writers(workstream):
                yield context.due(
                    kinds.UPDATE_DUE, workstream, person, deadline.isoformat(), partnership_id,
                    title=f"{workstream.name}: {month} update due {when}",
                    text=f"The {month} update for {where} is due {when}.{returned}", **link,
                )
            continue
        overdue = working_days_between(deadline, day)
        late = f"was due on {_day(deadline)} and is {_days(overdue)} overdue"
        for person in context.writers(workstream):
            yield context.due(
                kinds.UPDATE_OVERDUE, workstream, person, day.isoformat(), partnership_id,
                title=f"{workstream.name}: {month} update overdue",
                text=f"The {month} update for {where} {late}.{returned}", **link,
            )
        if overdue >= settings.REMINDER_ESCALATE_AFTER_DAYS:
            writers = ", ".join(sorted({p.full_name for p in context.writers(workstream)}))
            for person in context.sros(workstream):
                yield context.due(
                    kinds.UPDATE_ESCALATION, workstream, person, day.isoformat(), partnership_id,
                    title=f"{workstream.name}: {month} update {_days(overdue)} overdue",
                    text=f"You are the SRO for {where}. Its {month} update {late}."
                         + (f" It is written by {writers}." if writers else
                            " No lead or programme director is appointed to write it."),
                    link_text=f"See the {workstream.name} workstream",
                    url=context.url("workstream", partnership_id, workstream=workstream.pk),
                )


# Milestones and actions ---------------------------------------------------------------------------

def _milestones(context):
    day = context.day
    horizon = day + timedelta(days=settings.REMINDER_MILESTONE_DAYS)
    milestones = (
        Milestone.objects.exclude(status=Milestone.Status.COMPLETE)
        .filter(workstream__status=Workstream.Status.ACTIVE)
        .filter(Q(forecast_date__lte=horizon)
                | Q(forecast_date__isnull=True, baseline_date__lte=horizon))
        .only("workstream_id", "owner_id", "title", "forecast_date", "baseline_date")
    )
    milestones, people = context.with_people(milestones, "owner_id")
    for milestone in milestones:
        workstream = context.workstreams[milestone.workstream_id]
        due = milestone.due_date
        owners = [people[milestone.owner_id]] if milestone.owner_id else context.leads(workstream)
        words = {
            "link_text": f"Update the milestone {milestone.title}",
            "url": context.url("workstream", workstream.partnership_id,
                               anchor=f"milestone-{milestone.pk}", workstream=workstream.pk),
        }
        where = f"{milestone.title} ({workstream.name})"
        if due >= day:
            when = "today" if due == day else f"on {_day(due)}"
            kind, period = kinds.MILESTONE_DUE, due.isoformat()
            words.update(title=f"Milestone due {when}: {milestone.title}",
                         text=f"The milestone {where} is due {when}.")
        else:
            late = _days((day - due).days, "day")
            kind, period = kinds.MILESTONE_OVERDUE, day.isoformat()
            words.update(title=f"Milestone overdue: {milestone.title}",
                         text=f"The milestone {where} was due on {_day(due)} and is {late} late. "
                              "Complete it, or give it a new forecast date.")
        for person in owners:
            yield context.due(kind, milestone, person, period, workstream.partnership_id, **words)


def _actions(context):
    day = context.day
    horizon = day + timedelta(days=settings.REMINDER_ACTION_DAYS)
    actions, people = context.with_people(
        Action.objects.filter(status=Action.Status.OPEN, due_date__lte=horizon)
        .only("board_id", "owner_id", "reference", "description", "due_date"), "owner_id",
    )
    boards = Board.objects.in_bulk({action.board_id for action in actions})
    for action in actions:
        board = boards[action.board_id]
        partnership_id = board.partnership_id
        what = _sentence(f"Action {action.reference} of the {board.name}: {action.description}")
        words = {
            "link_text": f"Report progress on action {action.reference}",
            "url": context.url("action", partnership_id, action=action.pk),
        }
        if action.due_date >= day:
            when = "today" if action.due_date == day else f"on {_day(action.due_date)}"
            kind, period = kinds.ACTION_DUE, action.due_date.isoformat()
            words.update(title=f"Action {action.reference} due {when}", text=f"{what} Due {when}.")
        else:
            late = _days((day - action.due_date).days, "day")
            kind, period = kinds.ACTION_OVERDUE, day.isoformat()
            words.update(title=f"Action {action.reference} overdue",
                         text=f"{what} Due on {_day(action.due_date)}: {late} overdue.")
        yield context.due(kind, action, people[action.owner_id], period, partnership_id, **words)


# PIDs, risks and KPIs -------------------------------------------------------------------------

def _pids(context):
    pids = PID.objects.filter(status=PID.Status.SUBMITTED).select_related("workstream")
    for pid in pids:
        workstream = pid.workstream
        submitted = (f" on {_day(timezone.localtime(pid.submitted_at).date())}"
                     if pid.submitted_at else "")
        for person in context.pmos[workstream.partnership_id]:
            yield context.due(
                kinds.PID_AWAITING, pid, person, context.week, workstream.partnership_id,
                title=f"PID awaiting a decision: {workstream.name} version {pid.version}",
                text=f"Version {pid.version} of the PID for {workstream.name} was submitted"
                     f"{submitted} and is waiting for the board's decision. Put it on a board "
                     "agenda if it is not on one already.",
                link_text=f"See version {pid.version} of the {workstream.name} PID",
                url=context.url("pid", workstream.partnership_id, pid=pid.pk),
            )


def _risks(context):
    day = context.day
    risks = (Risk.objects.open().filter(review_date__lt=day)
             .select_related("owner", "programme", "workstream"))
    for risk in risks:
        if risk.owner_id:
            owners = [risk.owner]
        elif risk.workstream_id:
            owners = context.leads(risk.workstream)
        else:
            owners = context.holders[(Role.PROGRAMME_DIRECTOR, context.types[Programme],
                                      risk.programme_id)]
        late = _days((day - risk.review_date).days, "day")
        where = risk.workstream or risk.programme
        for person in owners:
            yield context.due(
                kinds.RISK_REVIEW, risk, person, context.week, risk.partnership_id,
                title=f"Risk review overdue: {risk.title}",
                text=f"The risk {risk.title} ({where}) was due for review on "
                     f"{_day(risk.review_date)}, {late} ago. Review it and set the next date.",
                link_text=f"Review the risk {risk.title}",
                url=context.url("risk_edit", risk.partnership_id, risk=risk.pk),
            )


def _kpis(context):
    month = first_of_month(context.day)
    monthly = reporting_period(KPI.Frequency.MONTHLY, month)
    quarterly = reporting_period(KPI.Frequency.QUARTERLY, month)
    kpis = KPI.objects.filter(workstream__status=Workstream.Status.ACTIVE).annotate(
        has_monthly=Exists(KPIActual.objects.filter(kpi=OuterRef("pk"), period=monthly)),
        has_quarterly=Exists(KPIActual.objects.filter(kpi=OuterRef("pk"), period=quarterly)),
    )
    for kpi in kpis:
        quarterly_kpi = kpi.frequency == KPI.Frequency.QUARTERLY
        if kpi.has_quarterly if quarterly_kpi else kpi.has_monthly:
            continue
        workstream = context.workstreams[kpi.workstream_id]
        if not context.update_window_open(workstream):
            continue
        period = quarterly if quarterly_kpi else monthly
        actual = (f"actual for the quarter starting {format_date(period, 'F Y')}"
                  if quarterly_kpi else f"{format_date(period, 'F Y')} actual")
        update = context.updates.get(workstream.pk)
        if update is not None and update.is_editable:
            url = context.url("update_edit", workstream.partnership_id, anchor=f"kpi-{kpi.pk}",
                              update=update.pk)
        else:
            url = context.url("kpi", workstream.partnership_id, kpi=kpi.pk)
        for person in context.leads(workstream):
            yield context.due(
                kinds.KPI_MISSING, kpi, person, context.week, workstream.partnership_id,
                title=f"KPI actual missing: {kpi.name}",
                text=f"The {actual} of the KPI {kpi.name} ({workstream.name}) has not been "
                     "entered.",
                link_text=f"Enter the actual for {kpi.name}", url=url,
            )


# Board papers -----------------------------------------------------------------------------------

def _papers(context):
    day = context.day
    start = timezone.make_aware(datetime.combine(day, time.min))
    items = (
        AgendaItem.objects.filter(
            paper="", standing="", presenter__isnull=False,
            meeting__status=Meeting.Status.SCHEDULED, meeting__starts_at__gte=start,
            meeting__starts_at__lt=start + timedelta(days=PAPERS_HORIZON_DAYS),
        )
        .select_related("meeting__board", "presenter")
        .order_by("meeting__starts_at", "part", "order", "pk")
    )
    for item in items:
        meeting, board = item.meeting, item.meeting.board
        deadline = context.before(meeting.local_start.date(), board.papers_due_working_days)
        if not context.before(deadline, settings.REMINDER_PAPERS_LEAD_DAYS) <= day <= deadline:
            continue
        when = "today" if day == deadline else f"by {_day(deadline)}"
        yield context.due(
            kinds.PAPERS_DUE, item, item.presenter, deadline.isoformat(), board.partnership_id,
            title=f"Paper due {when}: {item.title}",
            text=f"You are presenting “{item.title}” at the {board.name} meeting on "
                 f"{meeting.date_label}. Its paper is due {when}, when the pack is published: "
                 "send it to the PMO.",
            link_text=f"See the agenda of the {board.name} meeting on {meeting.date_label}",
            url=context.url("meeting", board.partnership_id, meeting=meeting.pk),
        )
