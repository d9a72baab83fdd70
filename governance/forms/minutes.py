"""Attendance, and an item's minutes: the discussion, declarations, decisions and actions."""

from crispy_forms.layout import Div, Layout
from django import forms

from governance.models import Attendance, BoardMembership, Interest
from governance.pages import partnership_people
from stp.forms.fields import DateField
from stp.forms.helpers import NHSFormHelper, NHSFormMixin


class AttendanceForm(NHSFormMixin, forms.Form):
    """One question per seat on the board: present, apologies, a deputy, or absent."""

    submit_label = "Save attendance"

    def __init__(self, *args, members, recorded, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        rows = []
        for seat in members:
            status, deputy = f"status_{seat.pk}", f"deputy_{seat.pk}"
            who = seat.person.full_name
            self.fields[status] = forms.ChoiceField(
                label=f"{who} ({seat.get_role_display()}, {seat.represents})",
                choices=Attendance.Status.choices, widget=forms.RadioSelect,
                error_messages={"required": f"Select whether {who} was present, sent "
                                            "apologies, sent a deputy or was absent"},
            )
            self.fields[deputy] = forms.CharField(
                label=f"Name of {who}’s deputy", required=False, max_length=150,
                help_text="Only if represented by a deputy",
            )
            if seat.pk in recorded:
                self.fields[status].initial = recorded[seat.pk].status
                self.fields[deputy].initial = recorded[seat.pk].deputy_name
            rows.append(Div(status, deputy, css_class="app-attendance-row"))
        self.helper.layout = Layout(*rows)

    def clean(self):
        data = super().clean()
        for seat in self.members:
            status = data.get(f"status_{seat.pk}")
            if status == Attendance.Status.DEPUTY and not data.get(f"deputy_{seat.pk}", "").strip():
                self.add_error(f"deputy_{seat.pk}",
                               f"Enter the name of {seat.person.full_name}’s deputy")
        return data

    def rows(self):
        return [
            (seat, self.cleaned_data[f"status_{seat.pk}"],
             self.cleaned_data.get(f"deputy_{seat.pk}", ""))
            for seat in self.members
        ]


class _ItemForm(NHSFormMixin, forms.Form):
    """One of the forms of the item minutes page: its submit button names the form."""

    form_name = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.form_name)
        super().__init__(*args, **kwargs)
        # No layout: every field the form ends up with (subclasses drop some) is rendered.
        self.helper = NHSFormHelper(submit_label=self.submit_label, submit_name=self.form_name)
        self.helper.form_id = f"{self.form_name}-form"


class ItemMinutesForm(_ItemForm):
    form_name = "minutes"
    submit_label = "Save the minutes"
    minutes = forms.CharField(
        label="Minutes of the discussion", required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="As they will read in the minutes: who presented, what was discussed.",
    )

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("initial", {"minutes": item.minutes})
        super().__init__(*args, **kwargs)
        if item.standing == item.Standing.ANY_OTHER_BUSINESS:
            self.fields["minutes"].label = "Any other business"


class DeclarationForm(_ItemForm):
    form_name = "declaration"
    submit_label = "Record the declaration"

    person = forms.ModelChoiceField(
        label="Member declaring", queryset=None, empty_label="Select the member",
        error_messages={"required": "Select the member who declared an interest"},
    )
    interest = forms.ModelChoiceField(
        label="Entry in the register of interests", queryset=None, required=False,
        empty_label="None, or not in the register",
    )
    description = forms.CharField(
        label="Interest declared", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the interest as it should be minuted"},
    )
    excluded = forms.BooleanField(
        label="Left the item", required=False, initial=True,
        help_text="Took no part in the discussion or any vote on this item",
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = item.meeting
        day = meeting.local_start.date()
        seats = BoardMembership.objects.current(day).filter(board=meeting.board_id)
        person = self.fields["person"]
        person.queryset = (
            partnership_people(meeting.board.partnership)
            .filter(board_memberships__in=seats).distinct()
        )
        self.fields["interest"].queryset = (
            Interest.objects.filter(partnership=meeting.board.partnership, nil_return=False)
            .select_related("person").order_by("person__full_name", "-declared_on")
        )
        self.fields["interest"].label_from_instance = (
            lambda i: f"{i.person.full_name}: {i.description[:80]}"
        )

    def clean(self):
        data = super().clean()
        interest, person = data.get("interest"), data.get("person")
        if interest and person and interest.person_id != person.pk:
            self.add_error("interest", f"Select one of {person.full_name}’s own entries, "
                                       "or none")
        return data


class DecisionForm(_ItemForm):
    form_name = "decision"
    submit_label = "Record the decision"

    resolution = forms.CharField(
        label="RESOLVED", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As minuted, e.g. “The Board approved the PID version 2.”",
        error_messages={"required": "Enter what the board resolved"},
    )
    votes_for = forms.IntegerField(label="Votes for", required=False, min_value=0)
    votes_against = forms.IntegerField(label="Votes against", required=False, min_value=0)
    abstentions = forms.IntegerField(label="Abstentions", required=False, min_value=0)
    approves_pid = forms.BooleanField(required=False)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("votes_for", "votes_against", "abstentions"):
            field = self.fields[name]
            field.widget.attrs.update({"class": "nhsuk-input--width-3", "inputmode": "numeric"})
            field.error_messages.update({
                "invalid": f"Enter the {field.label.lower()} as a whole number",
                "min_value": f"The {field.label.lower()} cannot be negative",
            })
        self.fields["votes_for"].help_text = "Only if the board voted"
        if item.pid_id:
            self.fields["approves_pid"].label = f"This decision approves {item.pid}"
            self.fields["approves_pid"].help_text = (
                "The PID becomes the workstream's approved baseline, with this decision's "
                "reference."
            )
        else:
            del self.fields["approves_pid"]

    def clean(self):
        data = super().clean()
        votes = [data.get(n) for n in ("votes_for", "votes_against", "abstentions")]
        if any(v is not None for v in votes) and data.get("votes_for") is None:
            self.add_error("votes_for", "Enter the votes for, as well as those against and "
                                        "abstentions")
        return data

    def decision_fields(self):
        data = self.cleaned_data
        return {"resolution": data["resolution"], "votes_for": data.get("votes_for"),
                "votes_against": data.get("votes_against"),
                "abstentions": data.get("abstentions"),
                "approves_pid": bool(data.get("approves_pid"))}


class ActionForm(_ItemForm):
    form_name = "action"
    submit_label = "Add the action"

    description = forms.CharField(
        label="Action", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is to be done, e.g. “Bring the revised trajectory to the next meeting”",
        error_messages={"required": "Enter the action"},
    )
    owner = forms.ModelChoiceField(
        label="Owner", queryset=None, empty_label="Select the owner",
        error_messages={"required": "Select who owns the action"},
    )
    due_date = DateField(label="Due date", help_text="For example, 7 1 2027")

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = partnership_people(item.meeting.board.partnership)


ITEM_FORMS = {form.form_name: form for form in (ItemMinutesForm, DeclarationForm, DecisionForm,
                                                 ActionForm)}

