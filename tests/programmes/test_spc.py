"""Making Data Count XmR rules (CONVENTIONS.md §2), with every expected figure worked by hand."""

from decimal import Decimal

import pytest

from programmes.spc import MIN_POINTS_FOR_LIMITS, SHIFT_LENGTH, TREND_LENGTH, analyse

# A background that alternates 8, 12, 8, 12 ...: mean 10, every moving range 4, and no run
# longer than one point on either side of the mean. 20 values: sum 200, 19 moving ranges of 4.
BACKGROUND = [8, 12] * 10


def flagged(analysis):
    return [index for index, point in enumerate(analysis.points) if point.special_cause]


def test_rule_lengths_are_the_published_seven_and_fifteen():
    assert (SHIFT_LENGTH, TREND_LENGTH, MIN_POINTS_FOR_LIMITS) == (7, 7, 15)


def test_limits_of_a_small_series_are_mean_plus_or_minus_2_66_mean_moving_ranges():
    # mean = (10 + 12 + 11 + 15 + 12) / 5 = 12; moving ranges 2, 1, 4, 3: MRbar = 10 / 4 = 2.5
    # limits 12 -/+ 2.66 * 2.5 = 12 -/+ 6.65; 2-sigma lines 12 -/+ 1.77333 * 2.5 = 12 -/+ 4.43333
    analysis = analyse([10, 12, 11, 15, 12], "increase")
    assert analysis.mean == pytest.approx(12)
    assert analysis.lower_limit == pytest.approx(5.35)
    assert analysis.upper_limit == pytest.approx(18.65)
    assert analysis.lower_near_limit == pytest.approx(7.566667, abs=1e-6)
    assert analysis.upper_near_limit == pytest.approx(16.433333, abs=1e-6)
    assert flagged(analysis) == []
    assert analysis.variation == "common"


def test_decimal_values_give_the_same_limits_as_integers():
    analysis = analyse([Decimal("10.0"), Decimal("12"), 11, 15.0, Decimal("12.00")], "increase")
    assert (analysis.lower_limit, analysis.upper_limit) == pytest.approx((5.35, 18.65))
    assert [point.value for point in analysis.points] == [10.0, 12.0, 11.0, 15.0, 12.0]


def test_no_moving_range_is_taken_across_a_gap():
    # present 10, 12, 20, 18: mean 60 / 4 = 15; moving ranges |12-10| = 2 and |18-20| = 2 only
    # (|20-12| = 8 spans the gap): MRbar 2, limits 15 -/+ 5.32. Across the gap it would be 4.
    analysis = analyse([10, 12, None, 20, 18], "increase")
    assert analysis.mean == pytest.approx(15)
    assert (analysis.lower_limit, analysis.upper_limit) == pytest.approx((9.68, 20.32))


def test_a_missing_value_is_a_common_cause_point_with_no_value():
    analysis = analyse([10, 12, None, 20, 18], "increase")
    missing = analysis.points[2]
    assert (missing.value, missing.special_cause, missing.kind, missing.rule) == (
        None,
        False,
        "common",
        None,
    )


def test_a_point_above_the_upper_limit_is_special_cause():
    # BACKGROUND + 30: mean 230 / 21 = 10.952; MRs 76 + |30-12| = 94 over 20: MRbar 4.7;
    # upper limit 10.952 + 12.502 = 23.454 < 30
    analysis = analyse(BACKGROUND + [30], "increase")
    assert flagged(analysis) == [20]
    assert analysis.points[20].rule == "outside"
    assert analysis.points[20].kind == "improvement"
    assert analysis.variation == "improvement_high"


@pytest.mark.parametrize(
    "improvement, kind, variation",
    [
        ("increase", "concern", "concern_low"),
        ("decrease", "improvement", "improvement_low"),
        ("neither", "neither", "neither_low"),
    ],
)
def test_a_point_below_the_lower_limit_is_coloured_by_the_improvement_direction(
    improvement, kind, variation
):
    # BACKGROUND + -10: mean 190 / 21 = 9.048; MRs 76 + 22 = 98 over 20: MRbar 4.9;
    # lower limit 9.048 - 13.034 = -3.986 > -10
    analysis = analyse(BACKGROUND + [-10], improvement)
    assert flagged(analysis) == [20]
    assert analysis.points[20].kind == kind
    assert analysis.variation == variation


@pytest.mark.parametrize(
    "improvement, variation",
    [("increase", "improvement_high"), ("decrease", "concern_high"), ("neither", "neither_high")],
)
def test_a_point_above_the_upper_limit_maps_to_each_direction(improvement, variation):
    assert analyse(BACKGROUND + [30], improvement).variation == variation


# Seven points above the mean after an alternating start: 4, 16, 4, 16, 4, 16, 4 then
# 12, 11, 12, 11, 12, 11, 12. Sum 64 + 81 = 145 over 14: mean 10.357. MRs six of 12, one of 8,
# six of 1 = 86 over 13: MRbar 6.615; limits 10.357 -/+ 17.597 and 2-sigma lines
# 10.357 -/+ 11.731 = -1.374 and 22.088, so no point is outside or close; no trend (zigzag).
SEVEN_ABOVE = [4, 16, 4, 16, 4, 16, 4, 12, 11, 12, 11, 12, 11, 12]


def test_seven_points_above_the_mean_are_a_shift():
    analysis = analyse(SEVEN_ABOVE, "increase")
    assert flagged(analysis) == list(range(7, 14))
    assert {analysis.points[i].rule for i in range(7, 14)} == {"shift"}
    assert analysis.variation == "improvement_high"


def test_six_points_above_the_mean_are_not_a_shift():
    # Without the last 12: sum 133 over 13, mean 10.231, so 11 and 12 are still above it;
    # MRs 72 + 8 + 5 = 85 over 12, MRbar 7.083, 2-sigma lines 10.231 -/+ 12.561: none close.
    analysis = analyse(SEVEN_ABOVE[:-1], "increase")
    assert flagged(analysis) == []


def test_a_point_exactly_on_the_mean_breaks_a_shift():
    # 5, 15, 5, 15, 5, 15, 0 then 11, 12, 11, [10], 12, 11, 12, 11: sum 60 + 90 = 150 over 15,
    # mean exactly 10, so the 10 sits on the mean and splits the run into 3 and 4.
    # MRs 10 x 5 + 15 + 11 + (1+1+1+2+1+1+1) = 84 over 14: MRbar 6; limits 10 -/+ 15.96,
    # 2-sigma lines 10 -/+ 10.64: nothing outside or close.
    on_the_mean = [5, 15, 5, 15, 5, 15, 0, 11, 12, 11, 10, 12, 11, 12, 11]
    assert flagged(analyse(on_the_mean, "increase")) == []
    # Control: 10.5 instead (mean 150.5 / 15 = 10.033) is above, making a run of 8.
    nudged = on_the_mean[:10] + [10.5] + on_the_mean[11:]
    assert flagged(analyse(nudged, "increase")) == list(range(7, 15))


def test_a_shift_is_counted_over_present_points_across_a_gap():
    # SEVEN_ABOVE with a gap inside the run: the mean is unchanged (145 / 14) and the
    # seven present points above it are still consecutive once the gap is skipped.
    with_gap = SEVEN_ABOVE[:10] + [None] + SEVEN_ABOVE[10:]
    analysis = analyse(with_gap, "increase")
    assert flagged(analysis) == [7, 8, 9, 11, 12, 13, 14]
    assert analysis.points[10].special_cause is False


# 0, 20, 0, 20, 0, 20 then 4, 5, 6, 7, 8, 9, 10: 20 -> 4 falls, then six rises.
# Sum 60 + 49 = 109 over 13: mean 8.385. MRs 5 x 20 + 16 + 6 x 1 = 122 over 12: MRbar 10.167;
# limits 8.385 -/+ 27.043, 2-sigma lines 8.385 -/+ 18.029 = -9.64 and 26.41: none outside or close.
# Below the mean run 4..8 (5 points): no shift.
RISING = [0, 20, 0, 20, 0, 20, 4, 5, 6, 7, 8, 9, 10]


def test_seven_rising_points_are_a_trend_and_all_of_them_are_flagged():
    analysis = analyse(RISING, "increase")
    assert flagged(analysis) == list(range(6, 13))
    assert {(analysis.points[i].rule, analysis.points[i].kind) for i in range(6, 13)} == {
        ("trend", "improvement")
    }


def test_six_rising_points_are_not_a_trend():
    # RISING without its first 4 and with 20 -> 5 falling: 5..10 is six points.
    # Sum 60 + 45 = 105 over 12, mean 8.75; MRs 100 + 15 + 5 = 120 over 11, MRbar 10.91.
    analysis = analyse(RISING[:6] + RISING[7:], "increase")
    assert flagged(analysis) == []


def test_a_tie_breaks_a_trend():
    # 4, 5, 6, 6, 8, 9, 10: the repeated 6 splits six steps into 2 rises and 3 rises.
    # Sum 60 + 48 = 108 over 13: mean 8.308; below it 4, 5, 6, 6, 8 (5 points): no shift.
    analysis = analyse(RISING[:9] + [6, 8, 9, 10], "increase")
    assert flagged(analysis) == []


def test_a_trend_is_counted_over_present_points_across_a_gap():
    analysis = analyse(RISING[:9] + [None] + RISING[9:], "increase")
    assert flagged(analysis) == [6, 7, 8, 10, 11, 12, 13]


# 10, 0, 10, 0, 10, 0 then 17, 16, 15, 14, 13, 12, 11: six falls, all above the mean.
# Sum 30 + 98 = 128 over 13: mean 9.846. MRs 5 x 10 + 17 + 6 x 1 = 73 over 12: MRbar 6.083;
# upper limit 9.846 + 16.182 = 26.03, upper 2-sigma line 9.846 + 10.788 = 20.63: none close.
# The seven points are both a falling trend and a shift above the mean.
FALLING_ABOVE_THE_MEAN = [10, 0, 10, 0, 10, 0, 17, 16, 15, 14, 13, 12, 11]


@pytest.mark.parametrize(
    "improvement, kind, variation",
    [
        ("increase", "concern", "concern_low"),
        ("decrease", "improvement", "improvement_low"),
        ("neither", "neither", "neither_low"),
    ],
)
def test_a_falling_trend_above_the_mean_is_low_and_beats_the_shift(improvement, kind, variation):
    analysis = analyse(FALLING_ABOVE_THE_MEAN, improvement)
    assert flagged(analysis) == list(range(6, 13))
    labels = {(p.rule, p.high_or_low, p.kind) for p in analysis.points[6:]}
    assert labels == {("trend", "low", kind)}
    assert analysis.variation == variation


def test_the_turning_point_between_two_trends_takes_the_later_trend():
    # 0, 20, 0, 20, 0, 20 then 11 .. 17 rising and 17 .. 11 falling; 17 (index 12) is in both.
    # Sum 60 + 98 + 81 = 239 over 19: mean 12.58. MRs 100 + 9 + 12 = 121 over 18: MRbar 6.72;
    # upper limit 12.58 + 17.88 = 30.46: nothing outside. The zeros are close below (under
    # 12.58 - 11.92 = 0.66) but alternate with 20s, so no two-out-of-three.
    values = [0, 20, 0, 20, 0, 20, 11, 12, 13, 14, 15, 16, 17, 16, 15, 14, 13, 12, 11]
    analysis = analyse(values, "increase")
    assert flagged(analysis) == list(range(6, 19))
    assert analysis.points[11].high_or_low == "high"
    assert (analysis.points[12].rule, analysis.points[12].kind) == ("trend", "concern")
    assert analysis.points[12].high_or_low == "low"


def test_two_close_points_out_of_three_on_one_side_flag_only_the_close_points():
    # BACKGROUND + 20, 13, 20: sum 253 over 23: mean 11; MRs 76 + 8 + 7 + 7 = 98 over 22:
    # MRbar 4.4545; upper 2-sigma line 11 + 7.899 = 18.90, upper limit 11 + 11.849 = 22.85.
    # Both 20s are close; 13 is above the mean but not close.
    analysis = analyse(BACKGROUND + [20, 13, 20], "increase")
    assert flagged(analysis) == [20, 22]
    assert {analysis.points[i].rule for i in (20, 22)} == {"two_of_three"}
    assert analysis.variation == "improvement_high"


def test_one_close_point_out_of_three_does_not_flag():
    # BACKGROUND + 20, 13, 14: sum 247 over 23: mean 10.739; MRs 76 + 8 + 7 + 1 = 92 over 22:
    # MRbar 4.1818; upper 2-sigma line 10.739 + 7.416 = 18.155: only 20 is close.
    assert flagged(analyse(BACKGROUND + [20, 13, 14], "increase")) == []


def test_two_close_points_either_side_of_a_point_below_the_mean_do_not_flag():
    # BACKGROUND + 20, 9, 20: sum 249 over 23: mean 10.826; MRs 76 + 8 + 11 + 11 = 106 over 22:
    # MRbar 4.818; upper 2-sigma line 10.826 + 8.544 = 19.37: both 20s close, but 9 is below.
    assert flagged(analyse(BACKGROUND + [20, 9, 20], "increase")) == []


def test_a_point_beyond_the_limits_does_not_count_towards_two_out_of_three():
    # BACKGROUND + 30, 13, 22: sum 265 over 23: mean 11.522; MRs 76 + 18 + 17 + 9 = 120 over 22:
    # MRbar 5.4545; upper limit 11.522 + 14.509 = 26.03 (30 outside), upper 2-sigma line
    # 11.522 + 9.673 = 21.195 (22 close). One close point in the window: 22 is not flagged.
    analysis = analyse(BACKGROUND + [30, 13, 22], "increase")
    assert flagged(analysis) == [20]
    assert analysis.points[20].rule == "outside"
    assert analysis.variation == "common"


def test_a_point_outside_the_limits_is_labelled_outside_even_when_it_ends_a_trend():
    # 0, 20, 0, 20, 0, 20 then 4, 5, 6, 7, 8, 9, 60: sum 60 + 39 + 60 = 159 over 13: mean 12.23;
    # MRs 100 + 16 + 5 + 51 = 172 over 12: MRbar 14.33; upper limit 12.23 + 38.13 = 50.36 < 60.
    analysis = analyse([0, 20, 0, 20, 0, 20, 4, 5, 6, 7, 8, 9, 60], "increase")
    assert flagged(analysis) == list(range(6, 13))
    assert [p.rule for p in analysis.points[6:]] == ["trend"] * 6 + ["outside"]


def test_trend_labels_close_points_before_two_out_of_three():
    # 5, 15, 5, 15, 5, 15 then 10, 11, 12, 13, 14, 24, 25 rising: sum 60 + 109 = 169 over 13:
    # mean 13; MRs 50 + 5 + 4 + 10 + 1 = 70 over 12: MRbar 5.833; upper 2-sigma line
    # 13 + 10.344 = 23.34, upper limit 13 + 15.517 = 28.52: 24 and 25 are close, with 14 above.
    analysis = analyse([5, 15, 5, 15, 5, 15, 10, 11, 12, 13, 14, 24, 25], "increase")
    assert flagged(analysis) == list(range(6, 13))
    assert {p.rule for p in analysis.points[6:]} == {"trend"}


def test_two_out_of_three_labels_close_points_inside_a_shift():
    # BACKGROUND + 13, 13, 20, 20, 13, 13, 13: sum 305 over 27: mean 11.296, so the last 12 of
    # BACKGROUND starts a run of 8 above it. MRs 76 + 1 + 0 + 7 + 0 + 7 + 0 + 0 = 91 over 26:
    # MRbar 3.5; upper 2-sigma line 11.296 + 6.207 = 17.50, upper limit 11.296 + 9.31 = 20.61.
    analysis = analyse(BACKGROUND + [13, 13, 20, 20, 13, 13, 13], "increase")
    assert flagged(analysis) == list(range(19, 27))
    assert [p.rule for p in analysis.points[19:]] == (
        ["shift"] * 3 + ["two_of_three"] * 2 + ["shift"] * 3
    )


def test_variation_describes_the_latest_point_not_an_earlier_one():
    # BACKGROUND + 30, 10: mean 240 / 22 = 10.91; MRs 76 + 18 + 20 = 114 over 21: MRbar 5.43;
    # upper limit 10.91 + 14.44 = 25.35: 30 is outside, but the latest point 10 is common cause.
    analysis = analyse(BACKGROUND + [30, 10], "increase")
    assert flagged(analysis) == [20]
    assert analysis.variation == "common"


def test_variation_skips_a_missing_latest_period():
    assert analyse(BACKGROUND + [30, None], "increase").variation == "improvement_high"


# [10, 12, 11, 15, 12]: mean 12, limits exactly 5.35 and 18.65 (see the first test).
LIMITS_5_35_TO_18_65 = [10, 12, 11, 15, 12]


@pytest.mark.parametrize(
    "improvement, target, assurance",
    [
        ("increase", 5, "pass"),  # even the lower limit beats the target
        ("increase", 19, "fail"),  # even the upper limit misses it
        ("increase", 12, "hit_and_miss"),
        ("decrease", 19, "pass"),
        ("decrease", 5, "fail"),
        ("decrease", 12, "hit_and_miss"),
        ("increase", 5.35, "hit_and_miss"),  # exactly on a limit
        ("increase", Decimal("18.65"), "hit_and_miss"),
        ("decrease", 18.65, "hit_and_miss"),
        ("decrease", Decimal("5.35"), "hit_and_miss"),
    ],
)
def test_assurance_compares_the_target_with_the_process_limits(improvement, target, assurance):
    analysis = analyse(LIMITS_5_35_TO_18_65, improvement, target=target)
    assert analysis.assurance == assurance
    assert analysis.target == pytest.approx(float(target))


def test_there_is_no_assurance_without_a_target_or_without_an_improvement_direction():
    assert analyse(LIMITS_5_35_TO_18_65, "increase").assurance is None
    assert analyse(LIMITS_5_35_TO_18_65, "neither", target=5).assurance is None


def test_limits_from_fewer_than_fifteen_points_are_trial_limits():
    assert analyse([8, 12] * 7, "increase").trial_limits is True
    assert analyse([8, 12] * 7 + [8], "increase").trial_limits is False
    # Missing periods do not count towards the fifteen.
    assert analyse([8, 12] * 7 + [None], "increase").trial_limits is True


def test_identical_values_have_limits_on_the_mean_and_no_special_cause():
    # Every moving range is 0, so both limits equal the mean 5; by strict inequality nothing
    # is outside, every point sits on the mean (no shift) and every step is a tie (no trend).
    analysis = analyse([5] * 20, "increase", target=5)
    assert (analysis.mean, analysis.lower_limit, analysis.upper_limit) == (5, 5, 5)
    assert flagged(analysis) == []
    assert analysis.variation == "common"
    assert analysis.assurance == "hit_and_miss"  # the target is exactly on both limits
    assert analyse([5] * 20, "increase", target=4).assurance == "pass"


def test_identical_decimal_values_stay_exactly_on_their_mean():
    # 0.1 cannot be held exactly in binary; a float mean of twenty of them could drift off 0.1
    # and turn the whole series into a shift.
    assert flagged(analyse([0.1] * 20, "increase")) == []
    assert flagged(analyse([Decimal("84.3")] * 20, "decrease")) == []


def test_a_single_value_has_a_mean_but_no_limits():
    analysis = analyse([7], "increase", target=5)
    assert analysis.mean == 7
    assert (analysis.lower_limit, analysis.upper_limit) == (None, None)
    assert analysis.variation == "common"
    assert analysis.assurance is None
    assert analysis.trial_limits is True


def test_values_separated_by_gaps_have_no_moving_range_and_so_no_limits():
    analysis = analyse([7, None, 9], "increase", target=5)
    assert analysis.mean == 8
    assert analysis.upper_limit is None
    assert analysis.assurance is None


@pytest.mark.parametrize("values", [[], [None, None, None]])
def test_a_series_with_no_values_has_nothing_to_report(values):
    analysis = analyse(values, "increase", target=5)
    assert len(analysis.points) == len(values)
    assert (analysis.mean, analysis.upper_limit, analysis.variation, analysis.assurance) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize("improvement", ["up", "Increase", "", None])
def test_an_unknown_improvement_direction_is_refused(improvement):
    with pytest.raises(ValueError, match="'increase', 'decrease' or 'neither'"):
        analyse([1, 2, 3], improvement)


def test_results_cannot_be_changed_after_the_analysis():
    analysis = analyse([1, 2, 3], "increase")
    with pytest.raises(AttributeError):
        analysis.mean = 0
    with pytest.raises(AttributeError):
        analysis.points[0].kind = "concern"
