"""The monthly update page's forms: ratings and text, each open milestone, each KPI actual due.

`MonthlyUpdateForm` holds them together: bound and checked as one, turned into what
`monthly_update.save_monthly_update` takes, and rebuilt after a conflict with the person's own
changes laid over what the others saved.
"""

from decimal import Decimal

from django import forms
from django.utils.dateformat import format as format_date

from programmes.models import RAG, Milestone, StatusUpdate
from programmes.monthly_update import Typed, TypedActual, TypedMilestone
from stp.forms.fields import DateField

Confidence = StatusUpdate.Confidence
TEXT_FIELDS = ("summary", "achieved", "planned_next", "issues", "escalations",
               "decisions_requested")
RATING_FIELDS = ("milestones_rating", "kpis_rating", "finance_rating", "risks_rating")
TEXT_HINTS = {
    "summary": "What the board most needs to know this month, in a few sentences. "
               "You can save a draft without it, but not submit.",
    "achieved": "What was delivered since the last update.",
    "planned_next": "What will be delivered before the next update.",
    "issues": "Problems affecting delivery now, and what is being done about them.",
    "escalations": "What the programme board needs to act on, and why.",
    "decisions_requested": "Each decision as the board would resolve it, for example "
                           "\u201cApprove the revised go-live date of 1 June\u201d.",
}


class NeededToSubmit(forms.CharField):
    """Text the update needs before it is submitted, but a draft may be saved without it."""

    def validate(self, value):
        # The form checks it when the update is submitted (StatusUpdateForm.clean).
        pass


def _rag_field(label):
    return forms.ChoiceField(label=label, choices=RAG.choices, required=False,
                             widget=forms.RadioSelect)


class StatusUpdateForm(forms.Form):
    """The update's ratings and text. A plain form, so the update itself is never touched here."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    delivery_confidence = forms.ChoiceField(
        label="Delivery confidence", choices=Confidence.choices, required=False,
        widget=forms.RadioSelect,
    )
    milestones_rating = _rag_field("Milestones")
    kpis_rating = _rag_field("KPIs")
    finance_rating = _rag_field("Finance")
    risks_rating = _rag_field("Risks")
    summary = NeededToSubmit(label="Summary", widget=forms.Textarea({"rows": 4}))
    achieved = forms.CharField(label="Achieved this period", required=False,
                               widget=forms.Textarea({"rows": 5}))
    planned_next = forms.CharField(label="Planned next period", required=False,
                                   widget=forms.Textarea({"rows": 5}))
    issues = forms.CharField(label="Issues", required=False, widget=forms.Textarea({"rows": 4}))
    escalations = forms.CharField(label="Escalations", required=False,
                                  widget=forms.Textarea({"rows": 3}))
    decisions_requested = forms.CharField(label="Decisions the board is asked for",
                                          required=False, widget=forms.Textarea({"rows": 3}))

    use_required_attribute = False

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for name, hint in TEXT_HINTS.items():
            self.fields[name].help_text = hint

    def clean(self):
        data = super().clean()
        if self.submitting:
            if not data.get("delivery_confidence"):
                self.add_error("delivery_confidence",
                               "Choose the delivery confidence before submitting the update")
            if not (data.get("summary") or "").strip():
                self.add_error("summary", "Enter a summary before submitting the update")
        return data


class MilestoneForm(forms.Form):
    """One open milestone: when it is now forecast, its status, and when it was done."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    forecast_date = DateField(label="Forecast date", required=False,
                              help_text="When it is expected now. For example, 31 3 2027.")
    status = forms.ChoiceField(label="Status", choices=Milestone.Status.choices)
    completed_on = DateField(label="Actual completion date", required=False,
                             help_text="Only once it is complete.")

    use_required_attribute = False

    def __init__(self, *args, milestone_row, today, started_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = milestone_row
        self.milestone = milestone_row.milestone
        self.today = today
        self.started_on = started_on

    def clean(self):
        data = super().clean()
        forecast, done = data.get("forecast_date"), data.get("completed_on")
        status = data.get("status")
        if done and done > self.today:
            self.add_error("completed_on", "Enter an actual completion date that is today or "
                                           "in the past")
        elif status == Milestone.Status.COMPLETE and not done and "completed_on" in data:
            self.add_error("completed_on", "Enter the date the milestone was completed")
        elif done and status and status != Milestone.Status.COMPLETE:
            self.add_error("status", "Set the status to complete, or clear the actual "
                                     "completion date")
        if forecast and self.started_on and forecast < self.started_on:
            self.add_error("forecast_date", "Enter a forecast date on or after "
                                            f"{format_date(self.started_on, 'j F Y')}, when "
                                            "the workstream started")
        return data

    def typed(self):
        data = self.cleaned_data
        values = {name: data[name] for name in ("forecast_date", "status", "completed_on")}
        return TypedMilestone(self.milestone, data["version"], values)


class KPIActualForm(forms.Form):
    """The actual of one KPI for the period due; `seen` is what the page showed when opened."""

    seen = forms.DecimalField(widget=forms.HiddenInput, required=False)
    value = forms.DecimalField(
        required=False, max_digits=16, decimal_places=4,
        widget=forms.TextInput({"inputmode": "decimal", "class": "nhsuk-input--width-10",
                                "autocomplete": "off", "spellcheck": "false"}),
    )

    use_required_attribute = False

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        name = entry.kpi.name
        field = self.fields["value"]
        month = format_date(entry.period, "F Y")
        field.label = f"{name}: actual for {month}"
        if entry.planned is not None:
            field.help_text = f"Trajectory for {month}: {entry.planned_text}."
        else:
            field.help_text = f"No trajectory is set for {month}."
        if entry.previous:
            field.help_text += f" The actual before was {entry.previous_text}."
        field.error_messages.update({
            "invalid": f"Enter the actual for {name} as a number, like 95.2",
            "max_decimal_places": f"Enter the actual for {name} with no more than "
                                  "4 decimal places",
            "max_digits": f"Enter an actual for {name} with fewer digits",
            "max_whole_digits": f"Enter an actual for {name} with fewer digits",
        })

    def typed(self):
        data = self.cleaned_data
        return TypedActual(self.entry.kpi, self.entry.period, data["seen"], data["value"])


class MonthlyUpdateForm:
    """Every form of the monthly update page, bound and checked together."""

    def __init__(self, page, data=None, *, submitting=False, kept=None):
        update, today, started_on = page["update"], page["today"], page["started_on"]
        kept_update = kept.update if kept else {}
        kept_milestones = kept.milestones if kept else {}
        kept_actuals = kept.actuals if kept else {}
        self.refusals = []  # messages of the whole page: a refused submission ...

        initial = {name: getattr(update, name) for name in StatusUpdate.EDITABLE_FIELDS}
        self.update = StatusUpdateForm(
            data, prefix="update", submitting=submitting,
            initial={**initial, **kept_update, "version": update.version},
        )
        self.milestones = []
        for row in page["milestones"]:
            milestone = row.milestone
            prefix = f"milestone-{milestone.pk}"
            # Bound: the milestones the person was shown (one may have been completed since,
            # or added). Unbound: the open ones, and any the person changed before a conflict.
            if data is not None:
                if f"{prefix}-version" not in data:
                    continue
            elif milestone.is_complete and milestone.pk not in kept_milestones:
                continue
            initial = {"version": milestone.version, "forecast_date": milestone.forecast_date,
                       "status": milestone.status, "completed_on": milestone.completed_on,
                       **kept_milestones.get(milestone.pk, {})}
            self.milestones.append(MilestoneForm(
                data, prefix=prefix, initial=initial, milestone_row=row, today=today,
                started_on=started_on,
            ))
        self.kpis = []
        for entry in page["kpis"]:
            seen = entry.actual.value if entry.actual else None
            value = kept_actuals.get(entry.kpi.pk, seen)
            self.kpis.append(KPIActualForm(
                data, prefix=f"kpi-{entry.kpi.pk}", entry=entry,
                initial={"seen": _plain(seen), "value": _plain(value)},
            ))

    @property
    def forms(self):
        return [self.update, *self.milestones, *self.kpis]

    def is_valid(self):
        results = [form.is_valid() for form in self.forms]  # check all, to show every error
        return all(results)

    def typed(self):
        data = self.update.cleaned_data
        return Typed(
            version=data["version"],
            values={name: data[name] for name in StatusUpdate.EDITABLE_FIELDS},
            milestones=[form.typed() for form in self.milestones],
            actuals=[form.typed() for form in self.kpis],
        )

    def refuse(self, message):
        """A problem with the page as a whole, shown at the top of the error summary."""
        self.refusals.append(message)

    def errors(self):
        """(field, message) for the error summary, in page order; field None for the page."""
        found = [(None, message) for message in self.refusals]
        found += [(None, error) for error in self.update.non_field_errors()]
        for form in self.forms:
            prefix = f"{form.milestone.title}: " if isinstance(form, MilestoneForm) else ""
            for bound in form:
                for error in bound.errors:
                    found.append((bound, f"{prefix}{error}"))
        return found


class ReturnForm(forms.Form):
    """The SRO's reason for sending an update back to its lead."""

    comment = forms.CharField(
        label="What needs to change", widget=forms.Textarea({"rows": 4}),
        help_text="The lead sees this on the update form.",
        error_messages={"required": "Say what needs changing before returning the update"},
    )

    use_required_attribute = False


def _plain(value):
    """A decimal as typed: 95.2 rather than 95.2000, 100 rather than 1E+2."""
    return "" if value is None else f"{Decimal(value).normalize():f}"
