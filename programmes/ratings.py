"""Ratings suggested from the data for a workstream's monthly update; the lead has the last word.

- Milestones: the key milestones decide (all of them if none is marked key): any red (beyond
  the workstream's tolerance, or overdue) suggests red, any amber amber, else green; blue when
  every milestone is complete.
- KPIs: the worst rating of the KPIs' latest actuals against their trajectories.
- Risks: the band of the highest current score among open risks.
- Overall delivery confidence: the worst of these, on the five-point scale.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import get_text_list

from programmes.models import RAG, RiskBand, StatusUpdate, banding_for
from programmes.models.choices import worst

Confidence = StatusUpdate.Confidence

# A band's colour as a rating: moderate (yellow) risks are the routine business of a workstream.
BAND_RAG = {
    RiskBand.Colour.GREEN: RAG.GREEN,
    RiskBand.Colour.YELLOW: RAG.GREEN,
    RiskBand.Colour.AMBER: RAG.AMBER,
    RiskBand.Colour.RED: RAG.RED,
}
CONFIDENCE_FOR = {
    RAG.BLUE: Confidence.GREEN,
    RAG.GREEN: Confidence.GREEN,
    RAG.AMBER: Confidence.AMBER,
    RAG.RED: Confidence.RED,
}


@dataclass(frozen=True)
class Suggested:
    """A suggested rating (RAG or None: nothing to go on) and why, in a sentence."""

    rating: str | None
    reason: str


@dataclass(frozen=True)
class Suggestion:
    milestones: Suggested
    kpis: Suggested
    risks: Suggested
    finance: Suggested
    overall: str | None  # a StatusUpdate.Confidence


def rate_milestones(milestones, tolerance_days, today=None):
    """The milestones rating of a workstream, from its milestones."""
    milestones = list(milestones)
    if not milestones:
        return Suggested(None, "There are no milestones yet.")
    if all(m.is_complete for m in milestones):
        return Suggested(RAG.BLUE, f"All {len(milestones)} milestones are complete.")
    key = [m for m in milestones if m.is_key]
    noun = "key milestone" if key else "milestone"
    judged = [m for m in (key or milestones) if not m.is_complete]
    if not judged:
        return Suggested(RAG.GREEN, "Every key milestone is complete.")
    rated = [(m.title, m.rag(today, tolerance_days)) for m in judged]
    red = [title for title, rag in rated if rag == RAG.RED]
    if red:
        return Suggested(RAG.RED, _count(red, noun) + " overdue or more than "
                         f"{tolerance_days} days late: {get_text_list(red, 'and')}.")
    amber = [title for title, rag in rated if rag == RAG.AMBER]
    if amber:
        return Suggested(RAG.AMBER, _count(amber, noun) + " forecast late, within "
                         f"{tolerance_days} days: {get_text_list(amber, 'and')}.")
    return Suggested(RAG.GREEN, f"Every {noun} is forecast on or before its baseline.")


def rate_kpis(kpis, period):
    """The KPIs rating for a month: each KPI's latest actual by then against its trajectory."""
    rated = []
    for kpi in kpis:
        _, rating = kpi.latest_rating(period)
        if rating:
            rated.append((kpi.name, rating))
    if not rated:
        return Suggested(None, "No KPI has an actual and a trajectory to compare by "
                               f"{format_date(period, 'F Y')}.")
    rating = worst(r for _, r in rated)
    if rating == RAG.GREEN:
        return Suggested(rating, "Every KPI is on or better than its trajectory.")
    names = [name for name, r in rated if r == rating]
    how = "outside its tolerance" if rating == RAG.RED else "short of the trajectory"
    return Suggested(rating, f"{_count(names, 'KPI')} {how}: {get_text_list(names, 'and')}.")


def rate_risks(risks, banding):
    """The risks rating: the band of the highest current score among open risks."""
    open_risks = [r for r in risks if r.is_open]
    if not open_risks:
        return Suggested(None, "There are no open risks.")
    top = max(open_risks, key=lambda r: r.current_score)
    band = banding.band(top.current_score)
    if band is None:
        return Suggested(None, f"No risk band covers a score of {top.current_score}.")
    return Suggested(
        BAND_RAG[band.colour],
        f"The highest open risk scores {top.current_score} ({band.label}): {top.title}.",
    )


def overall_confidence(*ratings):
    """The worst of some RAG ratings on the five-point delivery confidence scale, or None."""
    rating = worst(ratings)
    return CONFIDENCE_FOR[rating] if rating else None


def suggest_ratings(workstream, period, today=None):
    """Every suggested rating for a workstream's update of `period`, in six queries."""
    today = today or timezone.localdate()
    milestones = rate_milestones(workstream.milestones.all(), workstream.tolerance_days, today)
    kpis = rate_kpis(workstream.kpis.prefetch_related("actuals", "trajectory"), period)
    risks = rate_risks(workstream.risks.open(), banding_for(workstream.partnership_id))
    finance = Suggested(None, "Finance is rated by the lead: there are no figures to go on.")
    return Suggestion(
        milestones=milestones, kpis=kpis, risks=risks, finance=finance,
        overall=overall_confidence(milestones.rating, kpis.rating, risks.rating),
    )


def _count(items, noun):
    return f"1 {noun} is" if len(items) == 1 else f"{len(items)} {noun}s are"
