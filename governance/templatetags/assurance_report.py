"""Filters for showing an assurance report's data (governance.assurance_tables: its ISO dates
and times, KPI values with their units, the title and status in words) in its templates."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from governance import assurance_tables
from programmes.registers import UNIT_SUFFIXES, format_value

register = template.Library()

# The data may carry a unit's code ("percentage") or its symbol ("%").
UNIT_CODES = {suffix: code for code, suffix in UNIT_SUFFIXES.items() if suffix}
RISK_BAND_TAGS = {"low": "low", "moderate": "moderate", "high": "high", "extreme": "extreme"}


@register.filter
def iso_date(value):
    """An ISO date ("2026-10-31") as a date, for the `date` filter; None when missing."""
    return assurance_tables.as_date(value) if isinstance(value, str) else value


@register.filter
def iso_datetime(value):
    """An ISO datetime with its offset as the local (UK) time, for the `date` filter."""
    if not value:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(moment, datetime):
        return timezone.localtime(moment)
    return moment if isinstance(moment, date) else None


@register.filter
def kpi_value(value, unit):
    """84.2 with unit "percentage" (or "%") as "84.2%"; "" when there is no value."""
    if value is None or value == "":
        return ""
    return format_value(Decimal(str(value)), UNIT_CODES.get(unit, unit))


@register.filter
def days_against_baseline(days):
    """A milestone's days against its baseline in words: "12 days late", "3 days early"."""
    if days is None or days == "":
        return ""
    if days == 0:
        return "On baseline"
    count = abs(int(days))
    return f"{count} day{'' if count == 1 else 's'} {'late' if days > 0 else 'early'}"


@register.filter
def risk_band_tag(band):
    """The tag class's ending for a band's label ("Extreme" -> "extreme"); "" if unknown."""
    return RISK_BAND_TAGS.get(str(band).strip().lower(), "")


@register.filter
def report_title(data):
    return assurance_tables.report_title(data)


@register.filter
def report_status(data):
    return assurance_tables.status_words(data)


@register.filter
def rating_totals(data):
    """The summary's total row: workstreams this month and last, and the change."""
    return assurance_tables.summary_table(data).totals[0]
