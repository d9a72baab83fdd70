"""Form fields of the NHS.UK form pack: a date typed as day, month and year."""

import calendar
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

from stp.forms.widgets import PARTS, DateInput

# "3", "03", "mar", "March" and "Sept" all mean March: people type months all these ways.
MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}


class DateField(forms.Field):
    """A date typed into day, month and year boxes, with messages that say what to fix.

    Messages name the field by its label: "Start date must include a month". An invalid
    date is not lost: the form shows the boxes as the person filled them.
    """

    widget = DateInput
    default_error_messages = {
        "required": "Enter the %(lower_label)s, like 31 3 2026",
        "incomplete": "%(label)s must include a %(missing)s",
        "year": "%(label)s must include a year with 4 numbers, like 2026",
        "invalid": "%(label)s must be a real date",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "")
        super().__init__(**kwargs)
        self.message_label = self.label or "Date"

    def get_bound_field(self, form, field_name):
        # The form, not the field, knows the name; messages need it when there is no label.
        self.message_label = self.label or pretty_name(field_name)
        return super().get_bound_field(form, field_name)

    def _error(self, code, **params):
        label = str(self.message_label)
        params = {"label": label, "lower_label": lower_first(label), **params}
        return ValidationError(self.error_messages[code], code=code, params=params)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            value = DateInput().decompress(value)
        day, month, year = (str(part or "").strip() for part in value)
        if not (day or month or year):
            return None
        missing = [part for part, text in zip(PARTS, (day, month, year), strict=True) if not text]
        if missing:
            raise self._error("incomplete", missing=" and ".join(missing), parts=missing)
        month_number = MONTHS.get(month.lower(), month)
        if not (day.isdigit() and str(month_number).isdigit() and year.isdigit()):
            raise self._error("invalid", parts=list(PARTS))
        if len(year) != 4:
            raise self._error("year", parts=["year"])
        try:
            return date(int(year), int(month_number), int(day))
        except ValueError:
            raise self._error("invalid", parts=list(PARTS)) from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise self._error("required", parts=list(PARTS))

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        return initial != data


def lower_first(label):
    """'Start date' -> 'start date', but 'SRO review date' keeps its capitals."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]
