"""Widgets of the NHS.UK form pack that Django lacks: the day / month / year date input."""

import re
from datetime import date

from django import forms
from django.forms.renderers import TemplatesSetting

PARTS = ("day", "month", "year")

# Separators people type between day, month and year when a date arrives as one value.
_SEPARATORS = re.compile(r"[\s/.\-]+")


class DateInput(forms.MultiWidget):
    """A date as three boxes, day, month and year, in the NHS.UK date input pattern.

    The boxes are named `<name>-day`, `<name>-month` and `<name>-year`, with ids
    `<id>-day` ... The value is the list of what was typed, kept as typed so a person who
    made a mistake sees their own words again; `DateField` turns it into a date.
    """

    template_name = "nhsuk/widgets/date_input.html"
    widths = {"day": 2, "month": 2, "year": 4}
    labels = {"day": "Day", "month": "Month", "year": "Year"}

    def __init__(self, attrs=None):
        super().__init__(dict.fromkeys(PARTS, forms.TextInput), attrs)
        self.widgets_names = [f"-{part}" for part in PARTS]

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value.strip():
            return split_date_text(value)
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = super().value_from_datadict(data, files, name)
        if all(part is None for part in parts) and name in data:
            # One value under the field's own name (a link, a script, a test): split it.
            return self.decompress(data.get(name))
        return parts

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and name not in data

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else id_

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        # The form pack says which boxes to mark as wrong (e.g. only the missing month).
        error_parts = attrs.pop("nhsuk_error_parts", None)
        if error_parts is None:
            error_parts = PARTS if attrs.get("aria-invalid") == "true" else ()
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        container_id = widget["attrs"].get("id")
        extra_classes = widget["attrs"].get("class", "")
        for part, subwidget in zip(PARTS, widget["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            # The fieldset around the boxes carries the hint and error; the boxes do not.
            sub_attrs.pop("aria-describedby", None)
            if part not in error_parts:
                sub_attrs.pop("aria-invalid", None)
            if container_id:
                sub_attrs["id"] = f"{container_id}-{part}"
            classes = [
                "nhsuk-input",
                "nhsuk-date-input__input",
                f"nhsuk-input--width-{self.widths[part]}",
            ]
            if part in error_parts:
                classes.append("nhsuk-input--error")
            sub_attrs["class"] = " ".join(classes)
            sub_attrs["inputmode"] = "numeric"
            subwidget["part"] = part
            subwidget["label"] = self.labels[part]
            subwidget["has_error"] = part in error_parts
        widget["container_class"] = " ".join(["nhsuk-date-input", *_not_nhsuk_input(extra_classes)])
        return context

    def _render(self, template_name, context, renderer=None):
        # The template lives in the project's templates folder, which Django's default form
        # renderer does not search; the project's own template settings do.
        return super()._render(template_name, context, TemplatesSetting())


def split_date_text(text):
    """'2026-03-31', '31/3/2026' or '31 3 2026' as [day, month, year] strings."""
    pieces = [p for p in _SEPARATORS.split(text.strip()) if p]
    if len(pieces) == 3 and len(pieces[0]) == 4 and pieces[0].isdigit():
        year, month, day = pieces  # ISO order, as machines write it
        return [day, month, year]
    if len(pieces) == 3:
        return pieces
    return (pieces + ["", "", ""])[:3]


def _not_nhsuk_input(classes):
    # Classes given to the whole widget (a layout's css_class) go on the container, except
    # the ones the form pack puts on single inputs.
    return [c for c in classes.split() if not c.startswith("nhsuk-input")]
