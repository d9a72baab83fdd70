"""Making Data Count XmR analysis of a KPI series: limits, special cause and icons."""

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import groupby, pairwise

# The rules and their edge cases are pinned in CONVENTIONS.md section 2.

LIMIT_FACTOR = Fraction("2.66")
NEAR_LIMIT_FACTOR = 2 * LIMIT_FACTOR / 3  # the "2-sigma" lines, ~1.7733
# The same factors over a common denominator: 2.66 = 399/150 and 1.7733... = 266/150.
LIMIT_DENOMINATOR = 150
LIMIT_NUMERATOR = int(LIMIT_FACTOR * LIMIT_DENOMINATOR)
NEAR_LIMIT_NUMERATOR = int(NEAR_LIMIT_FACTOR * LIMIT_DENOMINATOR)
SHIFT_LENGTH = 7
TREND_LENGTH = 7
MIN_POINTS_FOR_LIMITS = 15
IMPROVEMENT_DIRECTIONS = ("increase", "decrease", "neither")

HIGH, LOW = "high", "low"


@dataclass(frozen=True)
class Point:
    value: float | None
    special_cause: bool = False
    kind: str = "common"  # common, improvement, concern or neither
    rule: str | None = None  # outside, trend, two_of_three or shift
    # Which way the special cause points: the side of the mean, or a trend's direction.
    high_or_low: str | None = None


@dataclass(frozen=True)
class Analysis:
    points: list
    improvement: str
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    lower_near_limit: float | None
    upper_near_limit: float | None
    variation: str | None  # None only when there is no value at all
    assurance: str | None
    trial_limits: bool
    target: float | None


def analyse(values, improvement, target=None):
    """Analyse a series in time order; None marks a missing period (drawn as a gap)."""
    if improvement not in IMPROVEMENT_DIRECTIONS:
        raise ValueError(
            f"improvement must be 'increase', 'decrease' or 'neither', not {improvement!r}"
        )
    # Exact integer arithmetic, so that a point on the mean or a target on a limit is exactly
    # that, as the strict inequalities intend. Every value is scaled to a whole number of
    # 1/(denominator * scale): the mean and both pairs of limits are then whole numbers too.
    ratios = [None if value is None else _ratio(value) for value in values]
    denominator = math.lcm(*(ratio[1] for ratio in ratios if ratio is not None))
    whole = [None if r is None else r[0] * (denominator // r[1]) for r in ratios]
    present = [index for index, value in enumerate(whole) if value is not None]
    # A moving range needs two neighbouring periods; one next to a gap is itself missing.
    moving_ranges = [
        abs(current - previous)
        for previous, current in pairwise(whole)
        if previous is not None and current is not None
    ]
    count, ranges = len(present), len(moving_ranges)
    # 2.66 = 399/150 and 2 x 2.66 / 3 = 266/150: a scale of n x m x 150 clears every fraction.
    scale = (count or 1) * (ranges or 1) * LIMIT_DENOMINATOR
    exact = [None if value is None else value * scale for value in whole]
    series = [exact[index] for index in present]
    unit = denominator * scale

    mean = sum(series) // count if series else None  # exact: scale is a multiple of count
    if moving_ranges:
        spread = count * sum(moving_ranges)  # the average moving range, scaled, over 150
        lower, upper = mean - LIMIT_NUMERATOR * spread, mean + LIMIT_NUMERATOR * spread
        near_lower = mean - NEAR_LIMIT_NUMERATOR * spread
        near_upper = mean + NEAR_LIMIT_NUMERATOR * spread
    else:
        lower = upper = near_lower = near_upper = None

    signals = _special_cause(series, mean, lower, upper, near_lower, near_upper)
    points = [Point(value=None if value is None else value / denominator) for value in whole]
    for position, index in enumerate(present):
        if position in signals:
            rule, high_or_low = signals[position]
            points[index] = Point(
                value=points[index].value,
                special_cause=True,
                kind=_kind(high_or_low, improvement),
                rule=rule,
                high_or_low=high_or_low,
            )

    target = None if target is None else Fraction(*_ratio(target)) * unit

    def as_float(value):
        return None if value is None else float(value / unit)

    return Analysis(
        points=points,
        improvement=improvement,
        mean=as_float(mean),
        lower_limit=as_float(lower),
        upper_limit=as_float(upper),
        lower_near_limit=as_float(near_lower),
        upper_near_limit=as_float(near_upper),
        variation=_variation(points[present[-1]]) if present else None,
        assurance=_assurance(target, lower, upper, improvement),
        trial_limits=len(present) < MIN_POINTS_FOR_LIMITS,
        target=as_float(target),
    )


def _ratio(value):
    """A value as (numerator, denominator); a float counts as the decimal it prints as."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif isinstance(value, Fraction):
        return value.numerator, value.denominator
    return value.as_integer_ratio()


def _special_cause(series, mean, lower, upper, near_lower, near_upper):
    """Map positions in the series of present values to (rule, high or low), by precedence."""
    if not series:
        return {}
    sides = [(value > mean) - (value < mean) for value in series]
    outside = close = [False] * len(series)  # without limits only the run rules can apply
    if lower is not None:
        outside = [value > upper or value < lower for value in series]
        close = [
            not out and (value > near_upper or value < near_lower)
            for value, out in zip(series, outside, strict=True)
        ]
    found = (_outside(outside, sides), _trends(series), _two_of_three(close, sides), _shifts(sides))
    signals = {}
    # Earlier rules win: outside > trend > two_of_three > shift.
    for rule_signals in found:
        for position, signal in rule_signals.items():
            signals.setdefault(position, signal)
    return signals


def _direction(side):
    return HIGH if side > 0 else LOW


def _outside(outside, sides):
    return {p: ("outside", _direction(sides[p])) for p, out in enumerate(outside) if out}


def _trends(series):
    # +1 for a rise, -1 for a fall, 0 for a tie, which breaks a trend either way.
    steps = [(later > earlier) - (later < earlier) for earlier, later in pairwise(series)]
    signals = {}
    for start in range(len(series) - TREND_LENGTH + 1):
        run_steps = steps[start : start + TREND_LENGTH - 1]
        if all(step == 1 for step in run_steps):
            direction = HIGH
        elif all(step == -1 for step in run_steps):
            direction = LOW
        else:
            continue
        # Overwriting lets the turning point between two trends take the later one.
        for position in range(start, start + TREND_LENGTH):
            signals[position] = ("trend", direction)
    return signals


def _two_of_three(close, sides):
    signals = {}
    for start in range(len(sides) - 2):
        window = range(start, start + 3)
        same_side = abs(sum(sides[p] for p in window)) == 3
        if same_side and sum(close[p] for p in window) >= 2:
            for position in window:
                if close[position]:
                    signals[position] = ("two_of_three", _direction(sides[position]))
    return signals


def _shifts(sides):
    signals = {}
    position = 0
    for side, run in groupby(sides):
        length = len(list(run))
        # A point on the mean (side 0) belongs to no shift and so breaks the run.
        if side != 0 and length >= SHIFT_LENGTH:
            for p in range(position, position + length):
                signals[p] = ("shift", _direction(side))
        position += length
    return signals


def _kind(high_or_low, improvement):
    if improvement == "neither":
        return "neither"
    better = HIGH if improvement == "increase" else LOW
    return "improvement" if high_or_low == better else "concern"


def _variation(point):
    return f"{point.kind}_{point.high_or_low}" if point.special_cause else "common"


def _assurance(target, lower, upper, improvement):
    if target is None or improvement == "neither" or lower is None:
        return None
    # A target exactly on a limit is within reach of both outcomes: hit and miss.
    if improvement == "increase":
        passes, fails = target < lower, target > upper
    else:
        passes, fails = target > upper, target < lower
    return "pass" if passes else "fail" if fails else "hit_and_miss"
