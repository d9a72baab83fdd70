"""SVG geometry and words for Making Data Count charts and icons, for web pages and PDFs."""

import math
import re
import zlib
from dataclasses import dataclass
from typing import NamedTuple

# Making Data Count colours (CONVENTIONS.md §2).
COLOURS = {
    "common": "#a6a6a6",
    "improvement": "#00b0f0",
    "concern": "#e46c0a",
    "neither": "#490092",
}
TARGET_COLOUR = "#de1b1b"
MEAN_COLOUR = "#000000"
# Darker than the MDC grey so that the line and limits keep 3:1 contrast on white (WCAG 1.4.11).
LINE_COLOUR = "#768692"
LIMIT_DASH = "6 4"

# Shape as well as colour tells the kinds apart, in print and for colour-blind readers.
MARKER_SHAPES = {
    "common": "circle",
    "improvement": "circle",
    "concern": "diamond",
    "neither": "square",
}
COMMON_RADIUS, SPECIAL_RADIUS = 3, 5
MAX_X_LABELS = 12
MIN_X_LABEL_SPACING = 50  # px: room for "Sep 2026" in 11px type
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 28, 12, 28  # room for tick labels
MAX_DECIMALS = 3

VARIATION_LABELS = {
    "common": "Common cause variation",
    "improvement_high": "Special cause variation: improvement (high)",
    "improvement_low": "Special cause variation: improvement (low)",
    "concern_high": "Special cause variation: concern (high)",
    "concern_low": "Special cause variation: concern (low)",
    "neither_high": "Special cause variation: neither improvement nor concern (high)",
    "neither_low": "Special cause variation: neither improvement nor concern (low)",
}
ASSURANCE_LABELS = {
    "pass": "Consistently passing the target",
    "fail": "Consistently failing the target",
    "hit_and_miss": "Hit and miss: the target lies within the process limits",
}
KIND_WORDS = {
    "common": "Common cause",
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neither": "Special cause: neither improvement nor concern",
}
DIRECTION_NOTES = {
    "increase": "Higher is better",
    "decrease": "Lower is better",
    "neither": "Neither higher nor lower is better",
}


def variation_label(code):
    """Words for a variation icon code from `spc.analyse`; empty when there is no data."""
    return VARIATION_LABELS[code] if code else ""


def assurance_label(code):
    """Words for an assurance icon code from `spc.analyse`; empty when there is no icon."""
    return ASSURANCE_LABELS[code] if code else ""


# A chart's parts are named tuples: a pack draws thousands, and tuples build fastest.
class Tick(NamedTuple):
    position: float
    label: str


class Marker(NamedTuple):
    x: float
    y: float
    kind: str
    colour: str
    radius: float
    polygon: str  # points of a diamond or square; empty for a circle
    title: str


class LegendEntry(NamedTuple):
    symbol: str  # circle, diamond, square, line or dashed
    colour: str
    label: str


class Row(NamedTuple):
    period: str
    value: str
    kind: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    y_ticks: list
    x_labels: list
    segments: list  # polyline "x,y x,y" strings, one per unbroken run of values
    markers: list
    mean_y: float | None
    lower_limit_y: float | None
    upper_limit_y: float | None
    target_y: float | None
    line_colour: str
    mean_colour: str
    limit_colour: str
    limit_dash: str
    target_colour: str
    legend: list
    direction_note: str
    trial_limits: bool
    rows: list


def spc_chart(analysis, labels, *, title, unit="", width=640, height=260, chart_id=None):
    """Lay out an `spc.Analysis` with one period label per point as an SVG chart."""
    points = analysis.points
    if len(labels) != len(points):
        raise ValueError(f"{len(labels)} labels given for {len(points)} points")
    values = [point.value for point in points if point.value is not None]
    data_decimals = max((_decimals(value) for value in values), default=0)
    stat_decimals = max(data_decimals, 1)

    def value_text(value):
        return _format(value, data_decimals, unit)

    left, top = MARGIN_LEFT, MARGIN_TOP
    right, bottom = width - MARGIN_RIGHT, height - MARGIN_BOTTOM
    lines = [analysis.mean, analysis.lower_limit, analysis.upper_limit, analysis.target]
    ticks = _nice_ticks(values + [value for value in lines if value is not None])
    low, high = ticks[0], ticks[-1]

    def y_of(value):
        if value is None:
            return None
        return round(bottom - (value - low) / (high - low) * (bottom - top), 1)

    step = (right - left) / (len(points) - 1) if len(points) > 1 else 0

    def x_of(index):
        if len(points) == 1:
            return round((left + right) / 2, 1)
        return round(left + index * step, 1)

    markers, rows, segments, run = [], [], [], []
    scale = (bottom - top) / (high - low)
    for index, (label, point) in enumerate(zip(labels, points, strict=True)):
        if point.value is None:
            rows.append(Row(label, "No data", ""))
            segments.append(run)
            run = []
            continue
        x, y = x_of(index), round(bottom - (point.value - low) * scale, 1)
        text, words = value_text(point.value), _point_words(point)
        rows.append(Row(label, text, words))
        run.append(f"{x:g},{y:g}")
        markers.append(_marker(x, y, point.kind, f"{label}: {text}. {words}"))
    segments.append(run)
    tick_decimals = max(_decimals(tick) for tick in ticks)

    return Chart(
        id=chart_id or _chart_id(title, labels, points),
        title=title,
        description=_description(analysis, labels, title, unit, data_decimals, stat_decimals),
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        y_ticks=[Tick(y_of(tick), _format(tick, tick_decimals, unit)) for tick in ticks],
        x_labels=[Tick(x_of(i), labels[i]) for i in _thinned(len(points), right - left)],
        segments=[" ".join(run) for run in segments if len(run) > 1],
        markers=markers,
        mean_y=y_of(analysis.mean),
        lower_limit_y=y_of(analysis.lower_limit),
        upper_limit_y=y_of(analysis.upper_limit),
        target_y=y_of(analysis.target),
        line_colour=LINE_COLOUR,
        mean_colour=MEAN_COLOUR,
        limit_colour=LINE_COLOUR,
        limit_dash=LIMIT_DASH,
        target_colour=TARGET_COLOUR,
        legend=_legend(analysis, {marker.kind for marker in markers}),
        direction_note=DIRECTION_NOTES[analysis.improvement],
        trial_limits=analysis.trial_limits,
        rows=rows,
    )


def _legend(analysis, kinds):
    legend = [
        LegendEntry(MARKER_SHAPES[kind], COLOURS[kind], KIND_WORDS[kind])
        for kind in COLOURS
        if kind in kinds
    ]
    legend.append(LegendEntry("line", MEAN_COLOUR, "Mean"))
    if analysis.upper_limit is not None:
        legend.append(LegendEntry("dashed", LINE_COLOUR, "Process limits"))
    if analysis.target is not None:
        legend.append(LegendEntry("line", TARGET_COLOUR, "Target"))
    return legend


def _description(analysis, labels, title, unit, data_decimals, stat_decimals):
    """The text alternative: what a sighted reader takes from the chart, in one sentence."""
    present = [index for index, point in enumerate(analysis.points) if point.value is not None]
    if not present:
        return f"{title}: no data yet."
    latest = present[-1]
    parts = [
        f"{title}: latest value {_format(analysis.points[latest].value, data_decimals, unit)} "
        f"in {labels[latest]}"
    ]
    mean = _format(analysis.mean, stat_decimals, unit)
    if analysis.upper_limit is None:
        parts.append(f"mean {mean}; too few points for process limits")
    else:
        lower = _format(analysis.lower_limit, stat_decimals, unit)
        upper = _format(analysis.upper_limit, stat_decimals, unit)
        trial = " (trial limits: fewer than 15 points)" if analysis.trial_limits else ""
        parts.append(f"mean {mean}, process limits {lower} to {upper}{trial}")
    parts.append(f"variation: {_variation_phrase(analysis.variation)}")
    if analysis.target is not None:
        target = _format(analysis.target, _decimals(analysis.target), unit)
        phrases = {
            "pass": f"consistently passing the target of {target}",
            "fail": f"consistently failing the target of {target}",
            "hit_and_miss": f"hit and miss against the target of {target}",
        }
        if analysis.assurance:
            parts.append(f"assurance: {phrases[analysis.assurance]}")
        else:  # no improvement direction, or too few points for limits
            parts.append(f"target {target} (no assurance icon)")
    return "; ".join(parts) + "."


def _variation_phrase(code):
    if code == "common":
        return "common cause"
    kind, high_or_low = code.rsplit("_", 1)
    kind_words = "neither improvement nor concern" if kind == "neither" else kind
    return f"special cause {kind_words} ({high_or_low})"


def _point_words(point):
    if not point.special_cause:
        return KIND_WORDS["common"]
    return f"{KIND_WORDS[point.kind]} ({point.high_or_low})"


def _marker(x, y, kind, title):
    if kind == "common":
        return Marker(x, y, kind, COLOURS[kind], COMMON_RADIUS, "", title)
    radius = SPECIAL_RADIUS
    shape = MARKER_SHAPES[kind]
    if shape == "diamond":
        corners = [(x, y - radius), (x + radius, y), (x, y + radius), (x - radius, y)]
    elif shape == "square":
        side = radius * 0.85  # a square looks bigger than a circle of the same width
        corners = [
            (x - side, y - side),
            (x + side, y - side),
            (x + side, y + side),
            (x - side, y + side),
        ]
    else:
        corners = []
    polygon = " ".join(f"{round(cx, 1):g},{round(cy, 1):g}" for cx, cy in corners)
    return Marker(x, y, kind, COLOURS[kind], radius, polygon, title)


def _nice_ticks(values):
    """4 to 6 round-numbered ticks that cover every value."""
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if low == high:
        padding = abs(low) * 0.1 or 1.0
        low, high = low - padding, high + padding
    magnitude = 10 ** math.floor(math.log10((high - low) / 5))

    def ticks_for(step):
        first, last = math.floor(low / step), math.ceil(high / step)
        return [round(n * step, 10) for n in range(first, last + 1)]

    candidates = [ticks_for(factor * magnitude) for factor in (1, 2, 2.5, 5, 10, 20)]
    return min(candidates, key=lambda ticks: (not 4 <= len(ticks) <= 6, abs(len(ticks) - 5)))


def _thinned(count, plot_width):
    """Indices of the period labels to show, counting back from the latest so it always shows."""
    most = max(2, min(MAX_X_LABELS, int(plot_width // MIN_X_LABEL_SPACING)))
    every = math.ceil(count / most) if count else 1
    return sorted(range(count - 1, -1, -every))


def _decimals(value):
    text = f"{value:.{MAX_DECIMALS}f}".rstrip("0")
    return len(text) - text.index(".") - 1


def _format(value, decimals, unit):
    text = f"{value:,.{decimals}f}"
    if unit == "%":
        return f"{text}%"
    if unit in ("£", "$", "€"):
        return f"-{unit}{text[1:]}" if text.startswith("-") else f"{unit}{text}"
    return f"{text} {unit}" if unit else text


def _chart_id(title, labels, points):
    # Stable across renders (PDFs compare), distinct for different charts on one page.
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "chart"
    digest = zlib.crc32(repr((title, labels, [p.value for p in points])).encode())
    return f"spc-{slug}-{digest:08x}"
