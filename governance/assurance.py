"""The monthly assurance report's data, compiled from the live data in a fixed number of queries.

`compile_report(report, today)` builds the dict that the web page and every file (PDF, XLSX,
CSV) are rendered from, and that publishing freezes (governance.assurance_publishing). It holds
JSON types only (dates as ISO strings, KPI values as floats), so a stored version renders the
same as the day it was published. Its shape, in the issue's order of sections:

- `summary`: the workstreams at each delivery-confidence rating this month and last (an
  approved update's rating, else "Not rated"), the programme director's rating and narrative;
- `programmes`: each active workstream's rating this month and last, summary and escalations;
- `milestones`: completed in the month, due next month, slipped in the month (the forecast
  moved later, read from the milestone's history, with the reason recorded with the move) and
  overdue at the month's end;
- `kpis`: the latest actual in or before the month against its trajectory and target, with the
  Making Data Count icons of the series up to then;
- `risks`: open risks scored 15 or more, and those raised, closed or re-scored in the month;
- `board`: part 1 decisions and actions of the month's meetings, and actions overdue at its end
  (part 2 business never appears: the report goes outside the board);
- `compliance`: each workstream's update submitted on time, late or not at all, against the
  dates of governance.deadlines;
- `oversight`: the NHS oversight segment and the support asked of NHS England.

Every query is over the whole partnership at once, so the count does not grow with the number
of programmes, workstreams, milestones, KPIs, actuals, risks, decisions or actions.
"""

import hashlib
import json
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as format_date

from governance.deadlines import update_deadlines
from governance.models import (
    Action,
    AgendaItem,
    AssuranceDownload,
    AssuranceReport,
    AssuranceVersion,
    Decision,
)
from governance.packs import CONFIDENCE_ORDER, confidence_change
from programmes.appointments import attach_holders
from programmes.charts import assurance_label, variation_label
from programmes.models import (
    ESCALATION_SCORE,
    KPI,
    KPIActual,
    KPITrajectoryPoint,
    Milestone,
    Risk,
    RiskScore,
    StatusUpdate,
    Workstream,
    banding_for,
)
from programmes.pages import MILESTONE_RAG_WORDS, is_approved
from programmes.registers import kpi_periods
from programmes.spc import analyse
from programmes.timeline import add_months
from stp.models import RoleAssignment
from stp.workingdays import add_working_days

SCHEMA = 1
Confidence = StatusUpdate.Confidence
Status = AssuranceReport.Status
NOT_RATED = "Not rated"
# How a KPI's unit is written in the report's tables.
UNITS = {
    KPI.Unit.PERCENTAGE: "%",
    KPI.Unit.MONEY: "£",
    KPI.Unit.DAYS: "days",
    KPI.Unit.RATE_PER_1000: "per 1,000",
    KPI.Unit.RATE_PER_100000: "per 100,000",
    KPI.Unit.NUMBER: "number",
}
COMPLIANCE_LABELS = {"on_time": "On time", "late": "Late", "not_submitted": "Not submitted"}
# Updates sent to the SRO count as submitted; drafts and returned ones do not.
SUBMITTED = (StatusUpdate.Status.SUBMITTED, StatusUpdate.Status.APPROVED,
             StatusUpdate.Status.LOCKED)


# The report's row and its dates ---------------------------------------------------------------

def report_for(partnership, month):
    """The partnership's report for `month` (any day of it), created as a draft if new."""
    report, _ = (
        AssuranceReport.objects.select_related("partnership__region", "signed_off_by")
        .get_or_create(partnership=partnership, month=month.replace(day=1))
    )
    return report


def report_due_date(month):
    """The day a month's report must be published by: working days after the month ends."""
    return add_working_days(_month_end(month), settings.ASSURANCE_DUE_WORKING_DAYS)


def report_state(month, report, today, published=None):
    """How a partnership's report for `month` stands for NHS England: (code, words).

    published (a version exists, even while a correction is drafted), late (not published by
    the due date), or else not started, draft or signed off. `published` saves the query when
    the caller has read the versions already.
    """
    if published is None:
        published = report is not None and report.versions.exists()
    if published:
        return "published", "Published"
    if today > report_due_date(month):
        return "late", "Late"
    if report is None:
        return "not_started", "Not started"
    return report.status, Status(report.status).label


def latest_version(report):
    return AssuranceVersion.objects.filter(report=report).order_by("-number").first()


def report_downloads(report):
    """Every download of every version of the report, latest first, with who: one query."""
    return list(
        AssuranceDownload.objects.filter(version__report=report)
        .select_related("person__organisation", "version").order_by("-at", "-pk")
    )


def region_reports(partnerships, month, today):
    """Each partnership's report for `month` as NHS England sees it: three queries.

    A row per partnership: its report (or None), its latest published version (or None),
    `state`/`state_label` from report_state, and the version's overall rating and rating
    distribution (empty until published: drafts are never shown to NHS England).
    """
    partnerships = list(partnerships)
    month = month.replace(day=1)
    reports = {r.partnership_id: r for r in AssuranceReport.objects.filter(
        partnership__in=[p.pk for p in partnerships], month=month)}
    latest = {}
    for version in (AssuranceVersion.objects.filter(report__in=[r.pk for r in reports.values()])
                    .defer("data").order_by("report_id", "number")):
        latest[version.report_id] = version  # the highest number wins
    summaries = dict(
        AssuranceVersion.objects.filter(pk__in=[v.pk for v in latest.values()])
        .values_list("pk", "data__summary")
    ) if latest else {}
    rows = []
    for partnership in partnerships:
        report = reports.get(partnership.pk)
        version = latest.get(report.pk) if report is not None else None
        state, label = report_state(month, report, today, published=version is not None)
        summary = _as_dict(summaries.get(version.pk)) if version is not None else {}
        rows.append({
            "partnership": partnership, "report": report, "version": version,
            "state": state, "state_label": label,
            "overall_rating": summary.get("overall_rating", ""),
            "overall_rating_label": summary.get("overall_rating_label", ""),
            "distribution": summary.get("distribution", []),
        })
    return rows


def rating_trends(partnerships, months):
    """{partnership id: {month: overall rating}} of the latest published versions: one query.

    Drafts never count: a month without a published version is missing from the inner dict.
    """
    found = {}
    for partnership_id, month, _number, rating in (
        AssuranceVersion.objects.filter(report__partnership__in=[p.pk for p in partnerships],
                                        report__month__in=list(months))
        .order_by("report__partnership_id", "report__month", "number")
        .values_list("report__partnership_id", "report__month", "number",
                     "data__summary__overall_rating")
    ):
        found.setdefault(partnership_id, {})[month] = rating or ""
    return found


def _as_dict(value):
    """A JSON key read with values_list: a dict on PostgreSQL, a JSON string on some others."""
    if isinstance(value, str):
        return json.loads(value)
    return value or {}


def canonical_json(data):
    """The data as canonical JSON bytes: keys sorted, no spaces, so equal data hash equal."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(data):
    return hashlib.sha256(canonical_json(data)).hexdigest()


# Compiling --------------------------------------------------------------------------------

def compile_report(report, today=None):
    """The report's data from the live records (see the module's docstring); JSON types only.

    `report` preferably loaded with select_related("partnership__region", "signed_off_by").
    About twenty queries, the same however much data the partnership has.
    """
    today = today or timezone.localdate()
    partnership = report.partnership
    month = report.month
    workstreams = list(
        Workstream.objects.filter(partnership=partnership, status=Workstream.Status.ACTIVE)
        .select_related("programme").order_by("programme__name", "name", "pk")
    )
    programmes = list({w.programme_id: w.programme for w in workstreams}.values())
    attach_holders(programmes)
    updates = _updates(workstreams, month)
    lines = _workstream_lines(workstreams, updates, month)
    return {
        "schema": SCHEMA,
        "partnership": {
            "name": partnership.name, "slug": partnership.slug,
            "region": partnership.region.name if partnership.region_id else "",
        },
        "month": month.isoformat(),
        "month_label": format_date(month, "F Y"),
        "version": None,
        "reason": "",
        "status": report.status,
        "published_at": None,
        "published_by": "",
        "signed_off_at": _moment(report.signed_off_at),
        "signed_off_by": _name(report.signed_off_by) if report.signed_off_by_id else "",
        "compiled_on": today.isoformat(),
        "summary": _summary(report, lines),
        "programmes": _programmes(programmes, lines, month),
        "milestones": _milestones(workstreams, month),
        "kpis": _kpis(workstreams, month),
        "risks": _risks(partnership, month),
        "board": _board(partnership, month),
        **_compliance(workstreams, updates, month),
        "oversight": {
            "segment": report.oversight_segment,
            "segment_label": (AssuranceReport.Segment(report.oversight_segment).label
                              if report.oversight_segment else "Not set"),
            "support": report.support,
        },
    }


def _month_end(month):
    return add_months(month.replace(day=1), 1) - timedelta(days=1)


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _iso(day):
    return day.isoformat() if day else None


def _moment(when):
    return timezone.localtime(when).isoformat() if when else None


def _name(person):
    return (person.full_name or person.email) if person is not None else ""


def _label(rating):
    return Confidence(rating).label if rating else NOT_RATED


# Workstreams and the summary --------------------------------------------------------------

def _updates(workstreams, month):
    """{(workstream id, period): update} for this month and last: one query."""
    found = {}
    for update in StatusUpdate.objects.filter(
        workstream__in=[w.pk for w in workstreams], period__in=[month, add_months(month, -1)]
    ):
        found[(update.workstream_id, update.period)] = update
    return found


def _workstream_lines(workstreams, updates, month):
    last = add_months(month, -1)
    lines = []
    for workstream in workstreams:
        this = updates.get((workstream.pk, month))
        before = updates.get((workstream.pk, last))
        approved = this if this is not None and is_approved(this) else None
        previous = before if before is not None and is_approved(before) else None
        rating = approved.delivery_confidence if approved else ""
        last_rating = previous.delivery_confidence if previous else ""
        change = confidence_change(rating, last_rating)
        lines.append((workstream, {
            "name": workstream.name,
            "rating": rating, "rating_label": _label(rating),
            "last_rating": last_rating,
            "last_rating_label": _label(last_rating) if last_rating else "",
            "change": change.kind, "change_label": change.words,
            "summary": approved.summary if approved else "",
            "escalations": approved.escalations if approved else "",
            "submitted": approved is not None,
        }))
    return lines


def _summary(report, lines):
    this_month, last_month = {}, {}
    for _workstream, line in lines:
        this_month[line["rating"]] = this_month.get(line["rating"], 0) + 1
        last_month[line["last_rating"]] = last_month.get(line["last_rating"], 0) + 1
    distribution = []
    for rating in [*CONFIDENCE_ORDER, ""]:
        now, before = this_month.get(rating, 0), last_month.get(rating, 0)
        distribution.append({"rating": str(rating), "label": _label(rating), "this_month": now,
                             "last_month": before, "change": now - before})
    return {
        "overall_rating": report.overall_rating,
        "overall_rating_label": _label(report.overall_rating) if report.overall_rating else "",
        "narrative": report.narrative,
        "workstreams": len(lines),
        "distribution": distribution,
    }


def _programmes(programmes, lines, month):
    by_programme = {}
    for workstream, line in lines:
        by_programme.setdefault(workstream.programme_id, []).append(line)
    month_end = _month_end(month)
    rows = []
    for programme in programmes:
        sro = programme.holder(RoleAssignment.Role.SRO, on=month_end)
        rows.append({"name": programme.name, "sro": _name(sro),
                     "workstreams": by_programme[programme.pk]})
    return rows


# Milestones -----------------------------------------------------------------------------------

def _milestones(workstreams, month):
    """Completed in the month, due next month, slipped in the month, overdue at its end.

    Two queries: the milestones, and the history of those changed in the month.
    """
    by_id = {w.pk: w for w in workstreams}
    next_month = add_months(month, 1)
    month_end = next_month - timedelta(days=1)
    next_end = add_months(month, 2) - timedelta(days=1)
    milestones = list(
        Milestone.objects.filter(workstream__in=list(by_id)).select_related("owner")
        .order_by("pk")
    )
    slips = _slips(list(by_id), month)
    lists = {"completed": [], "due_next_month": [], "slipped": [], "overdue": []}
    for m in milestones:
        workstream = by_id[m.workstream_id]
        done_by_end = m.completed_on is not None and m.completed_on <= month_end
        if m.completed_on is not None and month <= m.completed_on <= month_end:
            lists["completed"].append(_milestone_row(m, workstream, month_end))
        due = m.due_date
        if not done_by_end and due is not None:
            if next_month <= due <= next_end:
                lists["due_next_month"].append(_milestone_row(m, workstream, month_end))
            elif due < next_month:
                lists["overdue"].append(_milestone_row(m, workstream, month_end))
        if m.pk in slips:
            forecast, reason = slips[m.pk]
            lists["slipped"].append(_milestone_row(m, workstream, month_end, forecast, reason))
    for name, rows in lists.items():
        key = "completed_on" if name == "completed" else "forecast_date"
        rows.sort(key=lambda r, key=key: (r[key] or r["baseline_date"] or "", r["title"]))
    return lists


def _slips(workstream_ids, month):
    """{milestone id: (forecast at the month's end, reason)} for those whose forecast moved
    later during the month: one query over the history of milestones changed in the month."""
    History = Milestone.history.model
    start, end = _midnight(month), _midnight(add_months(month, 1))
    changed = History.objects.filter(
        workstream_id__in=workstream_ids, history_date__gte=start, history_date__lt=end
    ).values("id")
    entries = (
        History.objects.filter(id__in=changed, history_date__lt=end)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "forecast_date", "baseline_date", "notes",
                     "history_change_reason")
    )
    timelines = {}
    for entry in entries:
        timelines.setdefault(entry[0], []).append(entry)
    slips = {}
    for milestone_id, timeline in timelines.items():
        before = [e for e in timeline if e[1] < start]
        during = [e for e in timeline if e[1] >= start]
        first = before[-1] if before else during[0]
        at_start = first[2] or first[3]
        previous, reason = at_start, ""
        for _id, _when, forecast, baseline, notes, why in during:
            due = forecast or baseline
            if previous is not None and due is not None and due > previous:
                reason = (why or notes or "").strip()
            previous = due if due is not None else previous
        at_end = during[-1][2] or during[-1][3]
        if at_start is not None and at_end is not None and at_end > at_start:
            slips[milestone_id] = (at_end, reason)
    return slips


def _milestone_row(m, workstream, month_end, forecast=None, reason=""):
    forecast = forecast or m.forecast_date
    expected = m.completed_on if m.completed_on and m.completed_on <= month_end else (
        forecast or m.baseline_date)
    days = (expected - m.baseline_date).days if m.baseline_date and expected else None
    return {
        "programme": workstream.programme.name,
        "workstream": workstream.name,
        "title": m.title,
        "owner": _name(m.owner) if m.owner_id else "",
        "baseline_date": _iso(m.baseline_date),
        "forecast_date": _iso(forecast),
        "completed_on": _iso(m.completed_on),
        "days_against_baseline": days,
        "reason": reason,
        "status_label": _milestone_status(m, workstream, month_end, forecast, days),
    }


def _milestone_status(m, workstream, month_end, forecast, days):
    """Complete, on track, at risk or late as the dates stood at the month's end."""
    if m.completed_on is not None and m.completed_on <= month_end:
        return MILESTONE_RAG_WORDS["blue"]
    due = forecast or m.baseline_date
    if due is not None and due <= month_end:
        return MILESTONE_RAG_WORDS["red"]
    if days is None:
        return "No baseline"
    if days <= 0:
        return MILESTONE_RAG_WORDS["green"]
    return MILESTONE_RAG_WORDS["amber" if days <= workstream.tolerance_days else "red"]


# KPIs -------------------------------------------------------------------------------------

def _kpis(workstreams, month):
    """Each KPI's latest actual in or before the month, trajectory, target, icons: 3 queries."""
    by_id = {w.pk: w for w in workstreams}
    kpis = list(KPI.objects.filter(workstream__in=list(by_id)).order_by("name", "pk"))
    ids = [kpi.pk for kpi in kpis]
    next_month = add_months(month, 1)
    actuals, planned = {}, {}
    for kpi_id, period, value in (
        KPIActual.objects.filter(kpi__in=ids, period__lt=next_month)
        .values_list("kpi_id", "period", "value").order_by("period")
    ):
        actuals.setdefault(kpi_id, {})[period] = float(value)
    for kpi_id, period, value in KPITrajectoryPoint.objects.filter(kpi__in=ids).values_list(
            "kpi_id", "period", "value"):
        planned.setdefault(kpi_id, {})[period] = float(value)
    order = {w.pk: n for n, w in enumerate(workstreams)}
    kpis.sort(key=lambda k: (order[k.workstream_id], k.name.lower(), k.pk))
    return [_kpi_row(kpi, by_id[kpi.workstream_id], actuals.get(kpi.pk, {}),
                     planned.get(kpi.pk, {})) for kpi in kpis]


def _kpi_row(kpi, workstream, actuals, planned):
    series = kpi_periods(kpi, list(actuals))
    target = float(kpi.target_value) if kpi.target_value is not None else None
    analysis = analyse([actuals.get(p) for p in series], kpi.improvement, target) if series \
        else None
    period = series[-1] if series else None
    variation = (analysis.variation or "") if analysis else ""
    assurance = (analysis.assurance or "") if analysis else ""
    return {
        "programme": workstream.programme.name,
        "workstream": workstream.name,
        "name": kpi.name,
        "unit": UNITS.get(kpi.unit, kpi.unit),
        "period": _iso(period),
        "actual": actuals.get(period) if period else None,
        "trajectory": planned.get(period) if period else None,
        "target": target,
        "variation": variation,
        "variation_label": variation_label(variation),
        "assurance": assurance,
        "assurance_label": assurance_label(assurance),
    }


# Risks ----------------------------------------------------------------------------------------

def _risks(partnership, month):
    """Open risks scored 15 or more; raised, closed and re-scored in the month: 3 queries."""
    next_month = add_months(month, 1)
    month_end = next_month - timedelta(days=1)
    scored_in_month = RiskScore.objects.filter(
        risk__partnership=partnership, scored_on__gte=month, scored_on__lte=month_end
    ).values("risk_id")
    wanted = Risk.objects.filter(partnership=partnership).filter(
        Q(status=Risk.Status.OPEN, current_score__gte=ESCALATION_SCORE)
        | Q(closed_on__gte=month, closed_on__lte=month_end)
        | Q(pk__in=scored_in_month)
    )
    risks = list(wanted.select_related("workstream__programme", "programme", "owner")
                 .order_by("-current_score", "title", "pk"))
    scores = {}
    for risk_id, scored_on, score in (
        RiskScore.objects.filter(risk__in=[r.pk for r in risks])
        .order_by("risk_id", "scored_on", "pk").values_list("risk_id", "scored_on", "score")
    ):
        scores.setdefault(risk_id, []).append((scored_on, score))
    banding = banding_for(partnership)
    lists = {"high": [], "new": [], "closed": [], "rescored": []}
    for risk in risks:
        history = scores.get(risk.pk, [])
        raised_on = history[0][0] if history else None
        trend_previous = history[-2][1] if len(history) > 1 else None

        def row(score, previous, risk=risk, raised_on=raised_on):
            return _risk_row(risk, banding, score, previous, raised_on)

        if risk.is_open and risk.current_score >= ESCALATION_SCORE:
            lists["high"].append(row(risk.current_score, trend_previous))
        if raised_on is not None and month <= raised_on <= month_end:
            lists["new"].append(row(risk.current_score, trend_previous))
        if risk.closed_on is not None and month <= risk.closed_on <= month_end:
            lists["closed"].append(row(risk.current_score, trend_previous))
        rescore = _rescore(history, month, month_end)
        if rescore is not None:
            lists["rescored"].append(row(*rescore))
    for name in ("new", "closed"):
        key = "raised_on" if name == "new" else "closed_on"
        lists[name].sort(key=lambda r, key=key: (r[key], r["title"]))
    return lists


def _rescore(history, month, month_end):
    """(score at the month's end, score before the month's first re-score) when they differ."""
    before, after = None, None
    for n, (scored_on, score) in enumerate(history):
        if scored_on > month_end:
            break
        if scored_on >= month and n > 0 and after is None:
            before = history[n - 1][1]
        if scored_on >= month and n > 0:
            after = score
    if before is None or after is None or before == after:
        return None
    return after, before


def _risk_row(risk, banding, score, previous, raised_on):
    band = banding.band(score)
    workstream = risk.workstream
    programme = workstream.programme if workstream is not None else risk.programme
    return {
        "reference": f"R{risk.pk:03d}",
        "title": risk.title,
        "programme": programme.name if programme is not None else "",
        "workstream": workstream.name if workstream is not None else "",
        "owner": _name(risk.owner) if risk.owner_id else "",
        "score": score,
        "previous_score": previous,
        "band": band.label if band is not None else "",
        "status_label": risk.get_status_display(),
        "raised_on": _iso(raised_on),
        "closed_on": _iso(risk.closed_on),
    }


# The board's decisions and actions --------------------------------------------------------

def _board(partnership, month):
    """Part 1 decisions and actions of the month's meetings; actions overdue at its end."""
    start, end = _midnight(month), _midnight(add_months(month, 1))
    month_end = _month_end(month)
    public = Q(item__part=AgendaItem.Part.PUBLIC)
    decisions = (
        Decision.objects.filter(meeting__board__partnership=partnership,
                                meeting__starts_at__gte=start, meeting__starts_at__lt=end)
        .filter(public).select_related("meeting__board", "item")
        .order_by("meeting__starts_at", "item__order", "pk")
    )
    in_month = Q(meeting__starts_at__gte=start, meeting__starts_at__lt=end)
    overdue = (Q(due_date__lte=month_end, meeting__starts_at__lt=end)
               & (Q(status=Action.Status.OPEN) | Q(closed_on__gt=month_end)))
    actions = list(
        Action.objects.filter(board__partnership=partnership)
        .filter(Q(item__isnull=True) | public).filter(in_month | overdue)
        .select_related("board", "meeting", "owner", "item")
        .order_by("due_date", "meeting__starts_at", "pk")
    )
    raised = [a for a in actions if start <= a.meeting.starts_at < end]
    raised.sort(key=lambda a: (a.meeting.starts_at, a.reference, a.pk))
    late = [a for a in actions if a.due_date <= month_end and (
        a.status == Action.Status.OPEN or (a.closed_on and a.closed_on > month_end))]
    return {
        "decisions": [{
            "board": d.meeting.board.name,
            "meeting_date": _iso(d.meeting.local_start.date()),
            "reference": d.reference,
            "item": f"{d.item.number} {d.item.title}",
            "text": d.resolution,
        } for d in decisions],
        "actions": [_action_row(a, month_end) for a in raised],
        "overdue_actions": [_action_row(a, month_end) for a in late],
    }


def _action_row(action, month_end):
    overdue = action.status == Action.Status.OPEN and action.due_date <= month_end
    return {
        "board": action.board.name,
        "meeting_date": _iso(action.meeting.local_start.date()),
        "reference": action.reference,
        "description": action.description,
        "owner": _name(action.owner),
        "due_date": _iso(action.due_date),
        "status_label": "Overdue" if overdue else action.get_status_display(),
    }


# Submission compliance --------------------------------------------------------------------

def _compliance(workstreams, updates, month):
    """Each workstream's update for the month: on time, late or not submitted (3 queries)."""
    due = update_deadlines(workstreams, month)
    rows, totals = [], dict.fromkeys(COMPLIANCE_LABELS, 0)
    for workstream in workstreams:
        update = updates.get((workstream.pk, month))
        sent = None
        if update is not None and update.status in SUBMITTED:
            sent = update.submitted_at or update.approved_at
        submitted_on = timezone.localdate(sent) if sent else None
        if submitted_on is None:
            state = "not_submitted"
        elif submitted_on <= due[workstream.pk]:
            state = "on_time"
        else:
            state = "late"
        totals[state] += 1
        rows.append({
            "programme": workstream.programme.name,
            "workstream": workstream.name,
            "due_date": _iso(due[workstream.pk]),
            "submitted_on": _iso(submitted_on),
            "state": state,
            "state_label": COMPLIANCE_LABELS[state],
        })
    return {"compliance": rows, "compliance_totals": totals}
