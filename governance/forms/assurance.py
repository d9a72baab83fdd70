"""The assurance report's forms: the programme director's assessment, publishing a version (with
the reason a correction is needed), and the region page's month picker."""

from django import forms
from django.utils.dateformat import format as format_date

from governance.models import AssuranceReport
from programmes.models import StatusUpdate
from stp.forms.helpers import NHSFormHelper, NHSFormMixin


class AssessmentForm(NHSFormMixin, forms.Form):
    """What the programme director tells NHS England. Every field may be saved blank while the
    report is a draft; signing off needs the rating and the narrative."""

    submit_label = "Save the assessment"

    overall_rating = forms.ChoiceField(
        label="Overall delivery confidence", required=False, widget=forms.RadioSelect,
        choices=StatusUpdate.Confidence.choices,
        help_text="Your rating of the whole programme for the month. Needed to sign off.",
    )
    narrative = forms.CharField(
        label="Narrative for NHS England", required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="How the month went, what is at risk and what the partnership is doing about "
                  "it. Needed to sign off.",
    )
    oversight_segment = forms.TypedChoiceField(
        label="NHS oversight segment", required=False, widget=forms.RadioSelect,
        choices=AssuranceReport.Segment.choices, coerce=int, empty_value=None,
        help_text="The partnership's current segment in the NHS Oversight Framework.",
    )
    support = forms.CharField(
        label="Support asked of NHS England", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the partnership asks of the regional team, if anything.",
    )

    def __init__(self, *args, report, **kwargs):
        kwargs.setdefault("initial", {
            "overall_rating": report.overall_rating,
            "narrative": report.narrative,
            "oversight_segment": report.oversight_segment,
            "support": report.support,
        })
        super().__init__(*args, **kwargs)
        self.fields["overall_rating"].error_messages["invalid_choice"] = (
            "Choose an overall rating from the five-point scale")
        self.fields["oversight_segment"].error_messages["invalid_choice"] = (
            "Choose an oversight segment from 1 to 4")


class PublishForm(NHSFormMixin, forms.Form):
    """Publishing a signed-off report as its next version; a correction says why."""

    reason = forms.CharField(
        required=True, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="NHS England reads this with the report: say what was wrong and what changed.",
    )

    def __init__(self, *args, next_version, **kwargs):
        super().__init__(*args, **kwargs)
        self.next_version = next_version
        self.helper = NHSFormHelper(self, submit_label=f"Publish version {next_version}")
        if next_version > 1:
            reason = self.fields["reason"]
            reason.label = f"Why version {next_version} corrects version {next_version - 1}"
            reason.error_messages["required"] = (
                f"Say why version {next_version} corrects version {next_version - 1}")
        else:
            del self.fields["reason"]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"])
        return reason


class MonthPickerForm(forms.Form):
    """The region page's month (a GET form): one of the last reporting months."""

    month = forms.ChoiceField(label="Month reported on", required=False)

    def __init__(self, data, *, months):
        super().__init__(data)
        self.months = months
        self.fields["month"].choices = [(m.strftime("%Y-%m"), format_date(m, "F Y"))
                                        for m in months]
        self.fields["month"].error_messages["invalid_choice"] = (
            "Choose a month from the list: reports of the last twelve months are shown")

    def chosen(self):
        """The month chosen, or the latest when none (or a wrong one) was."""
        if self.is_valid() and self.cleaned_data["month"]:
            wanted = self.cleaned_data["month"]
            return next(m for m in self.months if m.strftime("%Y-%m") == wanted)
        return self.months[0]
