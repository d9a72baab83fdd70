"""The milestone timeline of a workstream page: each milestone's baseline against its forecast.

Plain SVG geometry, drawn by the server: no script, so it prints and works without JavaScript.
The table beside it on the page carries the same facts in words; the drawing repeats them.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as format_date
from django.utils.text import Truncator

from programmes.models import RAG

WIDTH = 960
LABEL_WIDTH = 330  # room for a milestone's title, left of the time axis
RIGHT_MARGIN = 24
ROW_HEIGHT = 34
TOP, BOTTOM = 28, 34  # room for the month labels above and the legend below
MAX_TICKS = 8
LABEL_CHARS = 38

# Text colours of NHS.UK frontend; red, amber and green as its tags use them.
COLOURS = {
    RAG.BLUE: "#005eb8",
    RAG.GREEN: "#007f3b",
    RAG.AMBER: "#ffb81c",
    RAG.RED: "#d5281b",
    None: "#768692",
}
BASELINE_COLOUR = "#212b32"
TODAY_COLOUR = "#330072"
GRID_COLOUR = "#d8dde0"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Row:
    milestone_id: int
    y: float
    label: str
    title: str  # the full words, for the row's tooltip and screen readers
    baseline_x: float | None
    due_x: float | None
    complete: bool
    colour: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    ticks: list
    rows: list
    today_x: float | None
    today_label: str
    legend_y: float
    description: str
    baseline_colour: str = BASELINE_COLOUR
    today_colour: str = TODAY_COLOUR
    grid_colour: str = GRID_COLOUR


def milestone_timeline(milestones, today, tolerance_days):
    """Lay out `milestones` (with their words from `milestone_words`) on one time axis, or None."""
    dated = [m for m in milestones if m.baseline_date or m.completed_on or m.due_date]
    if not dated:
        return None
    dates = [today]
    for m in dated:
        dates += [d for d in (m.baseline_date, m.forecast_date, m.completed_on) if d]
    start = date(min(dates).year, min(dates).month, 1)
    end = add_months(date(max(dates).year, max(dates).month, 1), 1)
    left, right = float(LABEL_WIDTH), float(WIDTH - RIGHT_MARGIN)
    span = (end - start).days

    def x_of(day):
        if day is None:
            return None
        return round(left + (day - start).days / span * (right - left), 1)

    rows = []
    for index, m in enumerate(dated):
        done = m.completed_on if m.is_complete else None
        rag = m.rag(today, tolerance_days)
        rows.append(Row(
            milestone_id=m.pk,
            y=TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2,
            label=Truncator(m.title).chars(LABEL_CHARS),
            title=f"{m.title}: {milestone_words(m, today, tolerance_days)}",
            baseline_x=x_of(m.baseline_date),
            due_x=x_of(done or m.due_date),
            complete=m.is_complete,
            colour=COLOURS.get(rag, COLOURS[None]),
        ))
    bottom = TOP + len(rows) * ROW_HEIGHT
    late = sum(1 for m in dated if m.rag(today, tolerance_days) == RAG.RED)
    return Timeline(
        width=WIDTH, height=int(bottom + BOTTOM), left=left, right=right, top=TOP, bottom=bottom,
        ticks=[Tick(x_of(month), format_date(month, "M Y")) for month in _months(start, end)],
        rows=rows, today_x=x_of(today), today_label=f"Today, {format_date(today, 'j M Y')}",
        legend_y=bottom + 22,
        description=(
            f"Timeline of {len(dated)} milestone{'s' if len(dated) != 1 else ''} from "
            f"{format_date(start, 'F Y')} to {format_date(add_months(end, -1), 'F Y')}: "
            f"{late} late or beyond tolerance. The table below gives each date in words."
        ),
    )


def milestone_words(milestone, today, tolerance_days):
    """How a milestone stands, in words: "Complete", "45 days late", "On track" ..."""
    if milestone.is_complete:
        return f"Complete on {format_date(milestone.completed_on, 'j F Y')}"
    slippage = milestone.slippage_days
    if milestone.is_overdue(today):
        overdue = (today - milestone.due_date).days
        return f"Overdue by {overdue} day{'s' if overdue != 1 else ''}"
    if slippage is None:
        return "No baseline to compare with"
    if slippage > 0:
        within = "within" if slippage <= tolerance_days else "beyond"
        return f"Forecast {slippage} day{'s' if slippage != 1 else ''} late ({within} tolerance)"
    if slippage < 0:
        return f"Forecast {-slippage} day{'s' if slippage != -1 else ''} early"
    return "On track for its baseline"


def _months(start, end):
    count = (end.year - start.year) * 12 + end.month - start.month
    every = max(1, -(-count // MAX_TICKS))
    return [add_months(start, n) for n in range(0, count + 1, every)]


def add_months(month, n):
    """The first of the month `n` months after `month` (before it, for negative `n`)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)
