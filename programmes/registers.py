"""What the register pages show (a KPI, the risk register, a risk, a PID), each read in a fixed
number of queries, and the writes those pages make that span records.

Views call one function here (or in programmes.risks, programmes.pids, programmes.kpi_upload)
and render what it returns.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.http import urlencode
from django.utils.text import slugify

from programmes.charts import KIND_WORDS, assurance_label, spc_chart, variation_label
from programmes.concurrency import Change, EditConflict, shown
from programmes.exceptions import TransitionNotAllowed
from programmes.kpi_upload import period_label, quarter_name
from programmes.models import (
    KPI,
    PID,
    RAG,
    Consequence,
    Likelihood,
    Risk,
    RiskBand,
    RiskScore,
    banding_for,
)
from programmes.models.kpis import QUARTER_START_MONTHS
from programmes.spc import analyse
from programmes.timeline import add_months
from stp.models import RoleAssignment, User
from stp.permissions import RULES, Role, may, rule

# The tag classes of templates (frontend/app.scss): words always beside the colour.
RAG_TAGS = {RAG.BLUE: "app-tag--blue", RAG.GREEN: "app-tag--green",
            RAG.AMBER: "app-tag--amber", RAG.RED: "app-tag--red"}
BAND_TAGS = {
    RiskBand.Colour.GREEN: "app-tag--risk-low",
    RiskBand.Colour.YELLOW: "app-tag--risk-moderate",
    RiskBand.Colour.AMBER: "app-tag--risk-high",
    RiskBand.Colour.RED: "app-tag--risk-extreme",
}
# How a KPI's unit is written beside its values on the chart and in tables.
UNIT_SUFFIXES = {
    KPI.Unit.PERCENTAGE: "%",
    KPI.Unit.MONEY: "£",
    KPI.Unit.DAYS: "days",
    KPI.Unit.RATE_PER_1000: "per 1,000",
    KPI.Unit.RATE_PER_100000: "per 100,000",
    KPI.Unit.NUMBER: "",
}
# The chart's tick labels have room for a short unit only; longer ones go in its title.
CHART_UNITS = {KPI.Unit.PERCENTAGE: "%", KPI.Unit.MONEY: "£"}
TRENDS = {
    Risk.Trend.UP: ("↑", "Up from {previous}"),
    Risk.Trend.DOWN: ("↓", "Down from {previous}"),
    Risk.Trend.SAME: ("→", "No change from {previous}"),
}


# Permissions the register pages need that rules.py does not have --------------------------

def _raise_risk(access, partnership):
    """The PMO, and anyone leading a programme or workstream there (they pick one of theirs)."""
    return access.has_role(
        partnership, Role.PMO, Role.PROGRAMME_DIRECTOR, Role.SRO, Role.WORKSTREAM_LEAD
    )


if "raise_risk" not in RULES:  # rules.py may come to hold it; then it decides
    rule("raise_risk")(_raise_risk)


# Links ---------------------------------------------------------------------------------------

def crumbs(partnership, *records):
    """Breadcrumbs from home down to `records`: model instances, or (title, url) pairs."""
    trail = [{"title": "Home", "url": reverse("home")},
             {"title": partnership.short_name, "url": partnership.get_absolute_url()}]
    for record in records:
        title, url = record if isinstance(record, tuple) else (str(record),
                                                                record.get_absolute_url())
        trail.append({"title": title, "url": url})
    return trail


def register_crumb(partnership):
    return ("Risk register", reverse("risk_register", kwargs={"partnership": partnership.slug}))


# KPIs ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodRow:
    period: datetime.date
    label: str
    actual: str | None
    planned: str | None
    rating: str | None
    rating_label: str
    rating_tag: str
    variation: str
    note: str
    entered_by: object


def kpi_page(kpi, user):
    """A KPI: its definition, its XmR chart and icons, and each period's actual against plan.

    `kpi` loaded with select_related("workstream__programme"). Two queries, however many
    actuals: the actuals with who entered them, and the trajectory.
    """
    actuals = {a.period: a for a in kpi.actuals.select_related("entered_by")}
    planned = {p.period: p.value for p in kpi.trajectory.all()}
    series = kpi_periods(kpi, sorted(actuals))
    values = [float(actuals[p].value) if p in actuals else None for p in series]
    target = float(kpi.target_value) if kpi.target_value is not None else None
    analysis = analyse(values, kpi.improvement, target)
    chart = None
    if series:
        unit = CHART_UNITS.get(kpi.unit, "")
        suffix = UNIT_SUFFIXES.get(kpi.unit, "")
        named = f" ({suffix})" if suffix and not unit else ""
        chart = spc_chart(
            analysis, [_short_label(kpi, p) for p in series],
            title=f"{kpi.name}{named}: XmR chart", unit=unit,
        )
    point_of = dict(zip(series, analysis.points, strict=True))
    rows = []
    for period in sorted(set(series) | set(planned)):
        actual = actuals.get(period)
        rating = kpi.rate(actual.value if actual else None, planned.get(period))
        point = point_of.get(period)
        rows.append(PeriodRow(
            period=period,
            label=period_label(kpi, period),
            actual=format_value(actual.value, kpi.unit) if actual else None,
            planned=format_value(planned[period], kpi.unit) if period in planned else None,
            rating=rating,
            rating_label=RAG(rating).label if rating else "",
            rating_tag=RAG_TAGS.get(rating, ""),
            variation=_point_words(point),
            note=actual.note if actual else "",
            entered_by=actual.entered_by if actual else None,
        ))
    special = [p for p in analysis.points if p.special_cause]
    return {
        "kpi": kpi,
        "workstream": kpi.workstream,
        "analysis": analysis,
        "chart": chart,
        "rows": rows,
        "points": len([v for v in values if v is not None]),
        "special_cause_count": len(special),
        "mean": _stat(analysis.mean, kpi.unit),
        "lower_limit": _stat(analysis.lower_limit, kpi.unit),
        "upper_limit": _stat(analysis.upper_limit, kpi.unit),
        "variation_words": variation_label(analysis.variation),
        "assurance_words": assurance_label(analysis.assurance),
        "baseline": format_value(kpi.baseline_value, kpi.unit),
        "target": format_value(kpi.target_value, kpi.unit),
        "warnings": kpi.warnings(),
        "may_upload": may(user, "upload_kpi_actuals", kpi.workstream.partnership),
        "may_enter": may(user, "enter_kpi_actuals", kpi),
        "breadcrumbs": crumbs(kpi.workstream.partnership, kpi.workstream.programme,
                              kpi.workstream),
    }


def kpi_periods(kpi, present):
    """Every period from the first actual to the last, by the KPI's frequency; gaps included.

    `present` are the periods with an actual, oldest first (the KPI page, the pack, the report).
    """
    if not present:
        return []
    step = 3 if kpi.frequency == KPI.Frequency.QUARTERLY else 1
    periods, current = [], present[0]
    while current <= present[-1]:
        periods.append(current)
        current = add_months(current, step)
    # An actual off the quarterly grid (entered before the KPI became quarterly) still shows.
    return sorted(set(periods) | set(present))


def _short_label(kpi, period):
    if kpi.frequency == KPI.Frequency.QUARTERLY and period.month in QUARTER_START_MONTHS:
        return quarter_name(period).replace(" 20", " ")  # "Q3 26/27": fits under a point
    return format_date(period, "M Y")


def _point_words(point):
    if point is None or point.value is None:
        return ""
    if not point.special_cause:
        return KIND_WORDS["common"]
    return f"{KIND_WORDS[point.kind]} ({point.high_or_low})"


def _stat(value, unit):
    return None if value is None else format_value(Decimal(str(round(value, 2))), unit)


def format_value(value, unit):
    """A KPI value as people read it: 85.2%, £1,200, 14 days; '' for none."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():,f}"
    if unit == KPI.Unit.PERCENTAGE:
        return f"{text}%"
    if unit == KPI.Unit.MONEY:
        return f"-£{text[1:]}" if text.startswith("-") else f"£{text}"
    suffix = UNIT_SUFFIXES.get(unit, "")
    return f"{text} {suffix}" if suffix else text


def kpi_upload_page(partnership, user):
    """The KPIs this person may enter actuals for, with their ids and latest actual: one query."""
    kpis = (
        KPI.objects.filter(workstream__partnership=partnership)
        .select_related("workstream__programme")
        .annotate(latest_period=Max("actuals__period"))
        .order_by("workstream__programme__name", "workstream__name", "name")
    )
    enterable = [kpi for kpi in kpis if may(user, "enter_kpi_actuals", kpi)]
    for kpi in enterable:
        kpi.latest_label = period_label(kpi, kpi.latest_period) if kpi.latest_period else ""
    return {
        "partnership": partnership,
        "kpis": enterable,
        "breadcrumbs": crumbs(partnership, ("Programmes", reverse(
            "programme_list", kwargs={"partnership": partnership.slug}))),
    }




# The risk register ---------------------------------------------------------------------------

@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    consequence: int
    score: int
    count: int
    band: object
    tag: str
    url: str | None
    description: str
    chosen: bool  # the cell the register below is filtered to


def risk_register(partnership, filters, user, today=None):
    """The register: filtered rows, a 5x5 heat map of open risks and a summary in words.

    `filters` comes from RiskFilterForm.filters(). Five queries however many risks: the bands,
    the rows (with owner, programme, workstream and the previous score), the heat map counts,
    the escalated and overdue counts, and nothing per row.
    """
    today = today or timezone.localdate()
    banding = banding_for(partnership)
    scoped = _scoped(Risk.objects.filter(partnership=partnership), filters, banding)

    rows = scoped
    if filters.get("status") in (Risk.Status.OPEN, Risk.Status.CLOSED):
        rows = rows.filter(status=filters["status"])
    if filters.get("likelihood") and filters.get("consequence"):
        rows = rows.filter(likelihood=filters["likelihood"], consequence=filters["consequence"])
    risks = list(
        rows.select_related("owner", "workstream__programme", "programme")
        .with_previous_score()
        .order_by("-current_score", "review_date", "title")
    )
    for risk in risks:
        _describe(risk, banding, today)

    counts = {
        (c["likelihood"], c["consequence"]): c["n"]
        for c in scoped.open().values("likelihood", "consequence").annotate(n=Count("pk"))
    }
    heat_map = _heat_map(partnership, counts, banding, filters)
    totals = scoped.open().aggregate(
        escalated=Count("pk", filter=Q(escalated=True)),
        overdue=Count("pk", filter=Q(review_date__lt=today)),
    )
    return {
        "partnership": partnership,
        "risks": risks,
        "heat_map": heat_map,
        "consequences": [(value, label) for value, label in Consequence.choices],
        "summary": _summary(counts, banding, totals),
        "cell": _cell_words(filters),
        "without_cell_url": _register_url(partnership, filters, cell=None),
        "bands": banding.bands,
        "may_raise": may(user, "raise_risk", partnership),
        "breadcrumbs": crumbs(partnership),
    }


def _scoped(risks, filters, banding):
    """The filters that the heat map follows too: all but status and the chosen cell."""
    if filters.get("programme"):
        programme = filters["programme"]
        risks = risks.filter(Q(programme=programme) | Q(workstream__programme=programme))
    if filters.get("workstream"):
        risks = risks.filter(workstream=filters["workstream"])
    if filters.get("owner"):
        risks = risks.filter(owner=filters["owner"])
    if filters.get("band"):
        band = filters["band"]
        risks = risks.filter(current_score__gte=band.min_score, current_score__lte=band.max_score)
    if filters.get("escalated") == "yes":
        risks = risks.filter(escalated=True)
    elif filters.get("escalated") == "no":
        risks = risks.filter(escalated=False)
    return risks


def _describe(risk, banding, today):
    """Set what a row of the register shows, from the risk's loaded fields (no queries)."""
    risk._band = banding.band(risk.current_score)
    risk.band_tag = BAND_TAGS.get(getattr(risk._band, "colour", None), "")
    risk.target_band = banding.band(risk.target_score)
    risk.target_band_tag = BAND_TAGS.get(getattr(risk.target_band, "colour", None), "")
    risk.review_overdue = bool(risk.is_open and risk.review_date and risk.review_date < today)
    trend = risk.trend
    if trend is None:
        risk.trend_arrow, risk.trend_words = "", "First score"
    else:
        arrow, words = TRENDS[trend]
        risk.trend_arrow, risk.trend_words = arrow, words.format(previous=risk.previous_score)
    return risk


def _heat_map(partnership, counts, banding, filters):
    chosen = (filters.get("likelihood"), filters.get("consequence"))
    return heat_map(
        counts, banding, chosen=chosen,
        cell_url=lambda cell: _register_url(partnership, filters, cell=cell),
    )


def heat_map(counts, banding, chosen=None, cell_url=None):
    """The 5x5 grid of open risks, likelihood down and consequence across, each cell described
    in words; `cell_url(cell)` links a cell that holds risks (the register filters by it)."""
    rows = []
    for likelihood, likelihood_label in reversed(Likelihood.choices):
        cells = []
        for consequence, consequence_label in Consequence.choices:
            score = likelihood * consequence
            band = banding.band(score)
            count = counts.get((likelihood, consequence), 0)
            band_words = band.label if band else "No band"
            noun = "open risk" if count == 1 else "open risks"
            cells.append(HeatCell(
                likelihood=likelihood, consequence=consequence, score=score, count=count,
                band=band, tag=BAND_TAGS.get(getattr(band, "colour", None), ""),
                url=cell_url((likelihood, consequence)) if count and cell_url else None,
                description=(f"{count} {noun} with likelihood {likelihood_label} and "
                             f"consequence {consequence_label}: score {score}, {band_words}"),
                chosen=chosen == (likelihood, consequence),
            ))
        rows.append({"likelihood": likelihood, "label": likelihood_label, "cells": cells})
    return rows


def _register_url(partnership, filters, cell):
    query = {}
    for name in ("programme", "workstream", "owner", "band"):
        value = filters.get(name)
        if value:
            query[name] = value.pk
    if filters.get("escalated"):
        query["escalated"] = filters["escalated"]
    if cell:
        query.update(status=Risk.Status.OPEN, likelihood=cell[0], consequence=cell[1])
    elif filters.get("status"):
        query["status"] = filters["status"]
    url = reverse("risk_register", kwargs={"partnership": partnership.slug})
    return f"{url}?{urlencode(query)}" if query else url


def _summary(counts, banding, totals):
    """The heat map in words: how many open risks in each band, escalated, overdue."""
    by_band = {}
    for (likelihood, consequence), count in counts.items():
        band = banding.band(likelihood * consequence)
        by_band[band] = by_band.get(band, 0) + count
    total = sum(counts.values())
    parts = [
        {"band": band, "count": by_band[band], "tag": BAND_TAGS.get(band.colour, "")}
        for band in sorted(banding.bands, key=lambda b: -b.min_score)
        if by_band.get(band)
    ]
    return {"total": total, "bands": parts, "escalated": totals["escalated"] or 0,
            "overdue": totals["overdue"] or 0}


def _cell_words(filters):
    if not (filters.get("likelihood") and filters.get("consequence")):
        return None
    likelihood = Likelihood(filters["likelihood"]).label
    consequence = Consequence(filters["consequence"]).label
    return f"likelihood {likelihood} and consequence {consequence}"


# A risk --------------------------------------------------------------------------------------

def risk_page(risk, user, today=None):
    """A risk with all its fields, its three scores with bands, and every re-score: 2 queries.

    `risk` loaded with select_related("owner", "workstream__programme", "programme").
    """
    today = today or timezone.localdate()
    banding = banding_for(risk.partnership_id)
    scores = list(risk.scores.select_related("scored_by"))
    risk.previous_score = scores[1].score if len(scores) > 1 else None
    _describe(risk, banding, today)
    history = []
    for position, score in enumerate(scores):
        band = banding.band(score.score)
        before = scores[position + 1].score if position + 1 < len(scores) else None
        history.append({
            "score": score, "band": band, "tag": BAND_TAGS.get(getattr(band, "colour", None), ""),
            "change": _change_words(score.score, before),
        })
    initial_band = banding.band(risk.initial_score)
    programme = risk.programme or risk.workstream.programme
    return {
        "risk": risk,
        "scores": [
            _score_row("Initial", risk.initial_likelihood, risk.initial_consequence,
                       risk.initial_score, initial_band),
            _score_row("Current", risk.likelihood, risk.consequence, risk.current_score,
                       risk.band),
            _score_row("Target", risk.target_likelihood, risk.target_consequence,
                       risk.target_score, risk.target_band),
        ],
        "history": history,
        "warnings": risk.warnings(),
        "may_edit": may(user, "edit_risk", risk),
        "breadcrumbs": crumbs(risk.partnership, register_crumb(risk.partnership)),
        "programme": programme,
    }


def _score_row(name, likelihood, consequence, score, band):
    return {"name": name, "likelihood": Likelihood(likelihood).label,
            "consequence": Consequence(consequence).label, "score": score, "band": band,
            "tag": BAND_TAGS.get(getattr(band, "colour", None), "")}


def _change_words(score, before):
    if before is None:
        return "First score"
    if score > before:
        return f"Up from {before}"
    if score < before:
        return f"Down from {before}"
    return f"No change from {before}"


def risk_form_page(partnership, risk=None):
    """What the risk form shows around its fields."""
    bands = banding_for(partnership).bands
    trail = [register_crumb(partnership)]
    if risk is not None:
        trail.append((risk.title, reverse("risk", kwargs={"partnership": partnership.slug,
                                                          "risk": risk.pk})))
    return {"partnership": partnership, "risk": risk, "bands": bands,
            "band_tags": {b.pk: BAND_TAGS.get(b.colour, "") for b in bands},
            "breadcrumbs": crumbs(partnership, *trail)}


def latest_history_id(record):
    """The id of a record's latest history entry: what an edit form was loaded at."""
    return record.history.order_by("-history_date", "-history_id").values_list(
        "history_id", flat=True
    ).first()


def change_risk(risk, changes, by, note="", seen=None, today=None):
    """Save changes to a risk in one transaction; a new current score is kept as a re-score.

    `changes` maps field names to values (RiskForm.changes()). `seen` is the history entry
    the editor's form was loaded at: if someone saved the risk since, nothing is saved and
    EditConflict says who changed what. Closing sets the closed date; reopening clears it.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        stored = Risk.objects.select_for_update().get(pk=risk.pk)
        if seen is not None:
            _refuse_if_changed_since(stored, seen, changes)
        rescored = (changes.get("likelihood", stored.likelihood),
                    changes.get("consequence", stored.consequence)) != (stored.likelihood,
                                                                         stored.consequence)
        was_open = stored.is_open
        for name, value in changes.items():
            setattr(stored, name, value)
        if was_open and stored.status == Risk.Status.CLOSED:
            stored.closed_on = today
        elif not was_open and stored.is_open:
            stored.closed_on = None
        stored._history_user = by
        stored.save()
        if rescored:
            score = RiskScore(risk=stored, likelihood=stored.likelihood,
                              consequence=stored.consequence, scored_on=today, scored_by=by,
                              note=note.strip())
            score._history_user = by
            score.save()
    return stored


def _refuse_if_changed_since(stored, seen, attempted):
    later = list(
        stored.history.filter(history_id__gt=seen)
        .select_related("history_user").order_by("history_date", "history_id")
    )
    if not later:
        return
    started = stored.history.filter(history_id=seen).first() or later[0].prev_record
    changes = []
    if started is not None:
        delta = later[-1].diff_against(started, foreign_keys_are_objs=True)
        for change in delta.changes:
            field = Risk._meta.get_field(change.field)
            if not field.editable:
                continue
            changes.append(Change(change.field, field.verbose_name.capitalize(),
                                  shown(field, change.old), shown(field, change.new)))
    people = []
    for entry in later:
        if entry.history_user is not None and entry.history_user not in people:
            people.append(entry.history_user)
    conflict = EditConflict(stored, seen, later[-1].history_id, changes, people)
    conflict.attempted = dict(attempted)
    raise conflict


def risk_owner_choices(partnership, current_owner_id=None):
    """People who may own a risk: anyone with a current role in the partnership."""
    holders = RoleAssignment.objects.current().filter(partnership=partnership)
    condition = Q(role_assignments__in=holders)
    if current_owner_id:
        condition |= Q(pk=current_owner_id)
    return User.objects.filter(condition).distinct().order_by("full_name")


# PIDs ----------------------------------------------------------------------------------------

def pid_page(pid, user):
    """A PID version: its sections, milestones, benefits, KPIs, lifecycle and other versions.

    `pid` loaded with select_related of its workstream, programme and the lifecycle people.
    Four queries: milestones, benefits with owners, KPIs, the workstream's versions.
    """
    document = pid_document(pid)
    workstream = pid.workstream
    versions = [
        v for v in PID.objects.filter(workstream=workstream).select_related("workstream")
        .order_by("-version")
        if may(user, "view_pid", v)
    ]
    in_progress = any(v.status in (PID.Status.DRAFT, PID.Status.SUBMITTED) for v in versions)
    document.update({
        "versions": versions,
        "may_edit": may(user, "edit_pid", pid),
        "may_submit": may(user, "submit_pid", pid),
        "may_start_version": (
            pid.status == PID.Status.APPROVED and not in_progress
            and may(user, "edit_workstream", workstream)
        ),
        "missing": pid.missing_for_submission() if pid.is_editable else [],
        "breadcrumbs": crumbs(pid.partnership, workstream.programme, workstream),
    })
    return document


def pid_document(pid):
    """Everything in a PID version, as the page, the print view and the PDF show it."""
    milestones = list(pid.planned_milestones.select_related("milestone"))
    benefits = list(pid.benefits.select_related("owner"))
    kpis = list(pid.kpis.order_by("name"))
    for kpi in kpis:
        kpi.target_text = format_value(kpi.target_value, kpi.unit)
        kpi.baseline_text = format_value(kpi.baseline_value, kpi.unit)
    sections = [
        (PID._meta.get_field(name).verbose_name.capitalize(), getattr(pid, name), name)
        for name in PID.CONTENT_FIELDS
    ]
    return {
        "pid": pid,
        "workstream": pid.workstream,
        "programme": pid.workstream.programme,
        "partnership": pid.partnership,
        "sections": [{"title": t, "text": text, "id": f"section-{n.replace('_', '-')}"}
                     for t, text, n in sections],
        "milestones": milestones,
        "benefits": benefits,
        "kpis": kpis,
        "status_tag": PID_STATUS_TAGS.get(pid.status, ""),
        "title": f"{pid.workstream.name} PID version {pid.version}",
    }


PID_STATUS_TAGS = {
    PID.Status.DRAFT: "nhsuk-tag--grey",
    PID.Status.SUBMITTED: "nhsuk-tag--blue",
    PID.Status.APPROVED: "nhsuk-tag--green",
    PID.Status.SUPERSEDED: "nhsuk-tag--white",
}


def pid_filename(pid):
    """PID-suicide-prevention-v2.pdf"""
    return f"PID-{slugify(pid.workstream.name) or 'workstream'}-v{pid.version}.pdf"


def save_pid_draft(pid, form, milestones, benefits, by):
    """Save a draft's text, KPIs, planned milestones and benefits together, or none of them."""
    with transaction.atomic():
        status = PID.objects.select_for_update().filter(pk=pid.pk).values_list(
            "status", flat=True
        ).first()
        if status != PID.Status.DRAFT:
            pid.refresh_from_db()
            raise TransitionNotAllowed(pid.read_only_message())
        pid = form.save(commit=False)
        pid._history_user = by
        pid.save()
        form.save_m2m()
        for formset in (milestones, benefits):
            for part in formset.save(commit=False):
                part.pid = pid
                part._history_user = by
                part.save()
            for part in formset.deleted_objects:
                part._history_user = by
                part.delete()
    return pid
