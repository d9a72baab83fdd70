"""Scheduling or changing a meeting, and approving its minutes."""

import re
from datetime import datetime, time

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone

from governance.models import Meeting
from stp.forms.fields import DateField
from stp.forms.helpers import NHSFormMixin

TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


class MeetingForm(NHSFormMixin, forms.Form):
    """When and where a meeting is held; the date and time are UK time."""

    submit_label = "Schedule the meeting"

    date = DateField(label="Date", help_text="For example, 3 12 2026")
    time = forms.CharField(
        label="Start time", max_length=5,
        help_text="Use the 24-hour clock, like 14:00 for 2pm",
        error_messages={"required": "Enter the start time, like 14:00"},
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5", "inputmode": "numeric"}),
    )
    location = forms.CharField(
        label="Place", required=False, max_length=200,
        help_text="The room and building, if it meets in person",
    )
    online_link = forms.URLField(
        label="Online meeting link", required=False, max_length=200, assume_scheme="https",
        help_text="For example a Microsoft Teams link, starting https://",
        error_messages={"invalid": "Enter the online meeting link as a web address, starting "
                                   "https://"},
    )
    held_in_public = forms.BooleanField(
        label="Held in public", required=False,
        help_text="Part 1 is open to the public; part 2 items are taken in private.",
    )

    def __init__(self, *args, board, meeting=None, **kwargs):
        if meeting is not None and "initial" not in kwargs:
            start = meeting.local_start
            kwargs["initial"] = {
                "date": start.date(), "time": f"{start:%H:%M}", "location": meeting.location,
                "online_link": meeting.online_link, "held_in_public": meeting.held_in_public,
            }
        super().__init__(*args, **kwargs)
        self.board, self.meeting = board, meeting
        if meeting is not None:
            self.helper.inputs[0].value = "Save the meeting"
        self.helper.layout = Layout(
            Fieldset("When", "date", "time"),
            Fieldset("Where", "location", "online_link", "held_in_public"),
        )

    def clean_time(self):
        found = TIME.match(self.cleaned_data["time"])
        if not found:
            raise forms.ValidationError("Enter the start time like 14:00, using the 24-hour clock")
        return time(int(found.group(1)), int(found.group(2)))

    def clean(self):
        data = super().clean()
        if not data.get("location", "").strip() and not data.get("online_link"):
            self.add_error("location", "Enter the place, an online meeting link, or both")
        day, start = data.get("date"), data.get("time")
        if day and start:
            data["starts_at"] = datetime.combine(day, start,
                                                 tzinfo=timezone.get_current_timezone())
            clash = Meeting.objects.filter(board=self.board, starts_at=data["starts_at"])
            if self.meeting is not None:
                clash = clash.exclude(pk=self.meeting.pk)
            if clash.exists():
                self.add_error("date", f"{self.board.name} already meets at this date and time")
        return data

    def meeting_fields(self):
        data = self.cleaned_data
        return {"starts_at": data["starts_at"], "location": data["location"].strip(),
                "online_link": data["online_link"], "held_in_public": data["held_in_public"]}


class ApproveMinutesForm(NHSFormMixin, forms.Form):
    """The later meeting at which the board approved these minutes."""

    submit_label = "Record the minutes as approved"

    at_meeting = forms.ModelChoiceField(
        label="Approved at the meeting of", queryset=Meeting.objects.none(),
        error_messages={"required": "Select the meeting at which the minutes were approved"},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["at_meeting"]
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        field.choices = [(m.pk, m.date_label) for m in meetings]
        if meetings:
            field.initial = meetings[0].pk
