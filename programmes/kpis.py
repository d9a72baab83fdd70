"""Recording a KPI's actuals and setting its trajectory."""

from django.db import transaction

from programmes.models import KPIActual, KPITrajectoryPoint
from programmes.models.kpis import first_of_month


def record_actual(kpi, period, value, by, note=""):
    """Enter (or correct) the actual for a month; validated as the form would."""
    with transaction.atomic():
        actual = (
            KPIActual.objects.select_for_update()
            .filter(kpi=kpi, period=first_of_month(period)).first()
            or KPIActual(kpi=kpi, period=period)
        )
        actual.value, actual.note, actual.entered_by = value, note, by
        actual.full_clean(validate_unique=False, validate_constraints=False)
        actual._history_user = by
        actual.save()
    return actual


def set_trajectory(kpi, values, by):
    """Plan the KPI's value for each month given (period -> value); other months are kept."""
    with transaction.atomic():
        existing = {p.period: p for p in KPITrajectoryPoint.objects.select_for_update()
                    .filter(kpi=kpi)}
        for period, value in values.items():
            period = first_of_month(period)
            point = existing.get(period) or KPITrajectoryPoint(kpi=kpi, period=period)
            point.value = value
            point.full_clean(validate_unique=False, validate_constraints=False)
            point._history_user = by
            point.save()
