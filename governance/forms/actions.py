"""The action log's filters, and reporting progress on an action."""

from django import forms

from governance.models import Action, Board
from stp.forms.helpers import NHSFormMixin


class ActionFilterForm(forms.Form):
    """The log's filters, read from the query string (a GET form)."""

    STATUS_CHOICES = [("", "Any status"), ("open", "Open"), ("overdue", "Overdue"),
                      ("done", "Done"), ("dropped", "Dropped")]

    board = forms.ModelChoiceField(queryset=Board.objects.none(), required=False,
                                   empty_label="All boards")
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)

    def __init__(self, data, *, partnership):
        super().__init__(data)
        self.fields["board"].queryset = Board.objects.filter(partnership=partnership)

    def filters(self):
        """The valid filters (an invalid one is left out and shown at its field)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items()
                if value not in (None, "")}


class ActionUpdateForm(NHSFormMixin, forms.Form):
    submit_label = "Save progress"

    note = forms.CharField(
        label="Progress", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has been done since the last update; it appears in the action log.",
    )
    status = forms.ChoiceField(label="Status", choices=Action.Status.choices,
                               widget=forms.RadioSelect)

    def __init__(self, *args, action, **kwargs):
        kwargs.setdefault("initial", {"status": action.status})
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        data = super().clean()
        if not data.get("note", "").strip() and data.get("status") == self.action.status:
            self.add_error("note", "Enter the progress made, or change the status")
        return data
