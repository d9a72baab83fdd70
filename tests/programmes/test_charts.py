"""SPC chart geometry, its text alternative and the Making Data Count icon words."""

import re
import xml.etree.ElementTree as ElementTree
from itertools import pairwise
from pathlib import Path

import pytest

from programmes.charts import (
    ASSURANCE_LABELS,
    COLOURS,
    TARGET_COLOUR,
    VARIATION_LABELS,
    assurance_label,
    spc_chart,
    variation_label,
)
from programmes.spc import analyse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SVG = "{http://www.w3.org/2000/svg}"


def months_from_april_2024(count):
    return [f"{MONTHS[(3 + i) % 12]} {2024 + (3 + i) // 12}" for i in range(count)]


def chart_of(values, improvement="increase", target=None, **options):
    options.setdefault("title", "Emergency admissions for falls")
    labels = months_from_april_2024(len(values))
    return spc_chart(analyse(values, improvement, target), labels, **options)


def test_a_gap_breaks_the_data_line_into_two_segments():
    chart = chart_of([10, 12, 11, None, 13, 12])
    assert len(chart.segments) == 2
    assert [len(segment.split()) for segment in chart.segments] == [3, 2]
    assert len(chart.markers) == 5  # the gap has no marker


def test_a_lone_value_between_gaps_has_a_marker_but_no_line():
    chart = chart_of([10, 12, None, 11, None, 13, 12])
    assert [len(segment.split()) for segment in chart.segments] == [2, 2]
    assert len(chart.markers) == 5


def test_points_run_left_to_right_in_period_order_including_gaps():
    chart = chart_of([10, None, 12])
    first, last = chart.markers
    assert first.x == chart.left and last.x == chart.right


def test_the_target_line_is_drawn_only_when_there_is_a_target():
    assert chart_of([10, 12, 11, 15, 12]).target_y is None
    with_target = chart_of([10, 12, 11, 15, 12], target=14)
    assert with_target.target_y is not None
    assert with_target.target_colour == TARGET_COLOUR
    assert "Target" in [entry.label for entry in with_target.legend]


def test_higher_values_are_drawn_higher_up():
    # [10, 12, 11, 15, 12]: mean 12, limits 5.35 and 18.65, target 14
    chart = chart_of([10, 12, 11, 15, 12], target=14)
    assert chart.upper_limit_y < chart.target_y < chart.mean_y < chart.lower_limit_y
    assert chart.markers[3].y < chart.markers[0].y  # 15 above 10


@pytest.mark.parametrize(
    "values, target",
    [
        ([10, 12, 11, 15, 12], 14),
        ([84.1, 86.3, 79.8, 88.0, 90.2, 85.5] * 6, 95),
        ([5] * 12, None),  # no spread at all
        ([-3.5, 2.25, -1.0, 0.5], None),
        ([1200, 1450, 1380, 1610], 1000),
        ([0.012, 0.018, 0.015], None),
    ],
)
def test_four_to_six_evenly_spaced_y_ticks_cover_the_data_limits_and_target(values, target):
    chart = chart_of(values, target=target)
    positions = [tick.position for tick in chart.y_ticks]
    assert 4 <= len(positions) <= 6
    gaps = {round(lower - upper, 1) for lower, upper in pairwise(positions)}
    assert max(gaps) - min(gaps) <= 0.2  # equal steps, allowing for rounding to 0.1 px
    drawn = [marker.y for marker in chart.markers]
    lines = (chart.lower_limit_y, chart.upper_limit_y, chart.target_y)
    drawn += [y for y in lines if y is not None]
    assert min(positions) <= min(drawn) and max(drawn) <= max(positions)
    assert (chart.top, chart.bottom) == (min(positions), max(positions))


def test_y_tick_labels_are_round_numbers_with_the_unit():
    # mean 12, limits 5.35 to 18.65: round ticks such as 5, 10, 15, 20 (or 4, 8, ... 20)
    chart = chart_of([10, 12, 11, 15, 12], unit="%")
    numbers = [float(tick.label.rstrip("%")) for tick in chart.y_ticks]
    assert all(tick.label.endswith("%") for tick in chart.y_ticks)
    step = numbers[1] - numbers[0]
    assert step in (1, 2, 2.5, 4, 5)
    assert all(number % step == 0 for number in numbers)
    assert numbers[0] <= 5.35 and numbers[-1] >= 18.65


def test_at_most_twelve_period_labels_show_and_the_latest_is_one_of_them():
    chart = chart_of(list(range(36)))
    shown = [label.label for label in chart.x_labels]
    assert 2 <= len(shown) <= 12
    assert shown[-1] == "Mar 2027"  # April 2024 + 35 months
    assert chart.x_labels[-1].position == chart.right


def test_every_period_label_shows_on_a_short_series():
    chart = chart_of([10, 12, 11, 15, 12])
    assert [label.label for label in chart.x_labels] == months_from_april_2024(5)


def test_the_text_alternative_reads_like_the_chart():
    # [10, 12, 10, 12, 10]: mean 54 / 5 = 10.8; every moving range 2, so limits 10.8 -/+ 5.32
    # = 5.48 and 16.12; target 5 lies below the lower limit with higher better: passing.
    chart = chart_of([10, 12, 10, 12, 10], target=5, unit="%", title="Vaccination uptake")
    assert chart.description == (
        "Vaccination uptake: latest value 10% in Aug 2024; mean 10.8%, process limits 5.5% to "
        "16.1% (trial limits: fewer than 15 points); variation: common cause; assurance: "
        "consistently passing the target of 5%."
    )


def test_the_text_alternative_names_special_cause_and_hit_and_miss():
    # 8, 12 alternating twenty times, then 30: mean 230 / 21 = 10.95, MRbar 94 / 20 = 4.7,
    # limits -1.55 to 23.45: 30 is special cause high and the target 20 lies between the limits.
    chart = chart_of([8, 12] * 10 + [30], target=20)
    assert "latest value 30 in Dec 2025" in chart.description
    assert "variation: special cause improvement (high)" in chart.description
    assert "assurance: hit and miss against the target of 20." in chart.description
    assert "trial limits" not in chart.description


def test_the_text_alternative_uses_the_latest_present_value_and_says_when_limits_are_missing():
    chart = chart_of([7, None], title="Delayed transfers of care")
    assert chart.description.startswith(
        "Delayed transfers of care: latest value 7 in Apr 2024; mean 7.0; too few points"
    )
    assert chart_of([None, None]).description == "Emergency admissions for falls: no data yet."


def test_special_cause_points_differ_in_shape_and_size_as_well_as_colour():
    # 8, 12 ... then 30 (outside, high) and -30 (outside, low: mean 200/22 = 9.09,
    # MRbar (76 + 18 + 60) / 21 = 7.33, lower limit 9.09 - 19.5 = -10.4).
    chart = chart_of([8, 12] * 10 + [30, -30])
    common, improvement, concern = chart.markers[0], chart.markers[20], chart.markers[21]
    assert (common.colour, improvement.colour, concern.colour) == (
        COLOURS["common"],
        COLOURS["improvement"],
        COLOURS["concern"],
    )
    assert improvement.radius > common.radius and improvement.polygon == ""
    assert len(concern.polygon.split()) == 4  # a diamond
    assert improvement.title == "Dec 2025: 30. Special cause: improvement (high)"
    assert concern.title == "Jan 2026: -30. Special cause: concern (low)"
    assert chart.rows[21].kind == "Special cause: concern (low)"


def test_the_data_table_has_a_row_per_period_including_gaps():
    chart = chart_of([84.1, None, 86.25], unit="%")
    assert [(row.period, row.value, row.kind) for row in chart.rows] == [
        ("Apr 2024", "84.10%", "Common cause"),
        ("May 2024", "No data", ""),
        ("Jun 2024", "86.25%", "Common cause"),
    ]


def test_labels_must_match_the_points():
    with pytest.raises(ValueError, match="2 labels given for 3 points"):
        spc_chart(analyse([1, 2, 3], "increase"), ["Apr 2024", "May 2024"], title="A")


def test_chart_ids_are_stable_and_differ_between_charts():
    assert chart_of([1, 2, 3]).id == chart_of([1, 2, 3]).id
    assert chart_of([1, 2, 3]).id != chart_of([1, 2, 4]).id
    assert re.fullmatch(r"[a-z0-9-]+", chart_of([1, 2], title="A&E 4-hour").id)


def test_icon_words_say_what_the_icons_mean():
    assert variation_label("improvement_high") == "Special cause variation: improvement (high)"
    assert variation_label("concern_low") == "Special cause variation: concern (low)"
    assert variation_label("common") == "Common cause variation"
    assert assurance_label("pass") == "Consistently passing the target"
    assert assurance_label("fail") == "Consistently failing the target"
    assert assurance_label("hit_and_miss") == (
        "Hit and miss: the target lies within the process limits"
    )
    assert variation_label(None) == assurance_label(None) == ""


def test_there_are_words_for_every_code_the_analysis_can_return():
    assert set(VARIATION_LABELS) == {
        "common",
        "improvement_high",
        "improvement_low",
        "concern_high",
        "concern_low",
        "neither_high",
        "neither_low",
    }
    assert set(ASSURANCE_LABELS) == {"pass", "fail", "hit_and_miss"}


def test_the_icon_template_uses_the_same_words_as_the_labels():
    template = (TEMPLATES / "programmes/includes/mdc_icons.html").read_text()
    for words in [*VARIATION_LABELS.values(), *ASSURANCE_LABELS.values()]:
        assert words in template


# Rendering needs Django; the geometry above does not.


@pytest.fixture
def render():
    pytest.importorskip("django")
    from django.conf import settings
    from django.template import Context, Engine

    if not settings.configured:
        settings.configure()
    engine = Engine(dirs=[str(TEMPLATES)], libraries={
        "l10n": "django.templatetags.l10n", "spc_charts": "programmes.templatetags.spc_charts"})
    return lambda name, **context: engine.get_template(name).render(Context(context))


def test_the_chart_renders_as_labelled_well_formed_svg_with_a_data_table(render):
    chart = chart_of([84.1, 86.3, None, 79.8, 88.0], target=95, unit="%", title="A&E 4-hour")
    html = render("programmes/includes/spc_chart.html", chart=chart)
    markup = re.search(r"<svg.*?</svg>", html, re.S).group()
    svg = ElementTree.fromstring(markup)  # noqa: S314 (our own template's output)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    desc = svg.find(f"{SVG}desc")
    assert desc.get("id") == desc_id and desc.text == chart.description
    assert len(svg.findall(f"{SVG}polyline")) == 2
    assert any(line.get("stroke") == TARGET_COLOUR for line in svg.iter(f"{SVG}line"))
    assert 'class="nhsuk-details"' in html and "Show the data as a table" in html
    assert html.count('<tr class="nhsuk-table__row">') == 1 + 5  # header and a row a period
    assert "A&amp;E 4-hour" in html
    # Nothing to fetch or run: the same markup must print to PDF offline.
    assert "<script" not in html
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")


def test_the_icons_render_letter_and_words_together(render):
    html = render(
        "programmes/includes/mdc_icons.html", variation="concern_low", assurance="hit_and_miss"
    )
    assert ">L</text>" in html and "Special cause variation: concern (low)" in html
    assert ">?</text>" in html and "Hit and miss: the target lies within the process limits" in html
    assert COLOURS["concern"] in html
    nothing = render("programmes/includes/mdc_icons.html", variation=None, assurance=None)
    assert nothing.strip() == ""


def test_the_text_alternative_names_a_target_that_has_no_assurance_icon():
    # [1, 2, 3, 2, 1]: mean 9 / 5 = 1.8, every moving range 1: limits 1.8 -/+ 2.66.
    chart = chart_of([1, 2, 3, 2, 1], improvement="neither", target=2, title="Referrals")
    assert chart.description == (
        "Referrals: latest value 1 in Aug 2024; mean 1.8, process limits -0.9 to 4.5 "
        "(trial limits: fewer than 15 points); variation: common cause; "
        "target 2 (no assurance icon)."
    )
