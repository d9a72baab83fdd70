"""How each person wants their reminders, and the PMO's filters of what was sent."""

from crispy_forms.layout import HTML, Layout
from django import forms
from django.utils.html import escape

from reminders.kinds import DELIVERY_WORDS, KINDS
from reminders.models import Reminder
from stp.forms.helpers import NHSFormHelper, NHSFormMixin


class PreferencesForm(NHSFormMixin, forms.Form):
    """One question per kind: in the daily e-mail, straight away (where allowed), or not at all
    (where optional). Escalations to the SRO offer no "do not send"."""

    submit_label = "Save choices"

    def __init__(self, *args, current, **kwargs):
        kwargs.setdefault("initial", current)
        super().__init__(*args, **kwargs)
        layout, heading = [], None
        for kind in KINDS.values():
            choices = kind.choices()
            if kind.optional:
                invalid = f"Select how you want to get “{kind.label}”"
            else:
                invalid = (f"“{kind.label}” cannot be turned off: select the daily e-mail or "
                           "straight away")
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label, help_text=kind.hint, widget=forms.RadioSelect,
                choices=[(choice, DELIVERY_WORDS[choice]) for choice in choices],
                error_messages={"required": f"Select how you want to get “{kind.label}”",
                                "invalid_choice": invalid},
            )
            if kind.heading != heading:
                heading = kind.heading
                layout.append(HTML(f'<h2 class="nhsuk-heading-m">{escape(heading)}</h2>'))
            layout.append(kind.code)
        self.helper = NHSFormHelper(self, submit_label=self.submit_label)
        self.helper.label_class = "nhsuk-fieldset__legend--s"
        self.helper.layout = Layout(*layout)

    def choices(self):
        """{kind: choice} as submitted (valid forms only)."""
        return {code: self.cleaned_data[code] for code in KINDS}


class ReminderFilterForm(forms.Form):
    """The PMO page's filters, read from the query string (a GET form)."""

    status = forms.ChoiceField(
        label="Status", required=False,
        choices=[("", "Any status"), *Reminder.Status.choices],
    )
    kind = forms.ChoiceField(
        label="Kind", required=False,
        choices=[("", "Every kind"), *((k.code, k.label) for k in KINDS.values())],
    )

    def filters(self):
        """The valid filters (an invalid one is left out and shown at its field)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items()
                if value}


