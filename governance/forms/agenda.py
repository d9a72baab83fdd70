"""An agenda item: what it is, who presents it, its paper and cover sheet, risks and PID."""

from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from governance.models import AgendaItem
from governance.pages import partnership_people
from governance.uploads import check_paper, max_upload_mb
from programmes.models import PID, Risk
from stp.forms.helpers import NHSFormMixin


class AgendaItemForm(NHSFormMixin, forms.ModelForm):
    submit_label = "Save the agenda item"

    paper = forms.FileField(
        label="Paper", required=False,
        error_messages={"empty": "The selected paper is empty"},
    )
    remove_paper = forms.BooleanField(label="Remove the current paper", required=False)

    class Meta:
        model = AgendaItem
        fields = [
            "title", "presenter", "purpose", "minutes_allotted", "part", "pid", "author",
            "sponsor", "assurance_level", "summary", "recommendations", "risks",
            "equality_impact", "financial_implications", "quality_implications",
            "previously_considered_by",
        ]
        labels = {"title": "Title", "pid": "PID for approval", "risks": "Linked risks",
                  "minutes_allotted": "Time allotted (minutes)", "author": "Author",
                  "equality_impact": "Equality impact",
                  "previously_considered_by": "Previously considered by"}
        help_texts = {
            "minutes_allotted": "For example, 15",
            "previously_considered_by": "The committee or group, and the date",
            "recommendations": "What the board is asked to do, e.g. “Approve the business case”",
            "equality_impact": "For example, “No negative impact identified”",
        }
        widgets = {
            "purpose": forms.RadioSelect, "part": forms.RadioSelect,
            "risks": forms.CheckboxSelectMultiple,
            "minutes_allotted": forms.TextInput(attrs={"class": "nhsuk-input--width-3",
                                                       "inputmode": "numeric"}),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in (
                "summary", "recommendations", "equality_impact", "financial_implications",
                "quality_implications")},
        }
        error_messages = {
            "title": {"required": "Enter the title of the item"},
            "purpose": {"required": "Select what the item is for"},
            "minutes_allotted": {
                "required": "Enter the time allotted in minutes, like 15",
                "invalid": "Enter the time allotted as a whole number of minutes, like 15",
                "min_value": "The time allotted must be at least 1 minute",
                "max_value": "The time allotted must be 240 minutes or fewer",
            },
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        partnership = meeting.board.partnership
        item = self.instance
        presenter = self.fields["presenter"]
        presenter.queryset = partnership_people(partnership, include=[item.presenter_id])
        presenter.empty_label = "Select the presenter"
        presenter.label = "Presenter"
        self.fields["part"].label = "Part"
        self.fields["purpose"].label = "Purpose"
        self.fields["assurance_level"].label = "Level of assurance offered"
        pid = self.fields["pid"]
        pid.queryset = (
            PID.objects.filter(
                Q(workstream__partnership=partnership, status=PID.Status.SUBMITTED)
                | Q(pk=item.pid_id or 0)
            ).select_related("workstream").order_by("workstream__name", "version")
        )
        pid.empty_label = "No PID"
        pid.help_text = "Only PIDs submitted for approval are listed."
        linked = list(item.risks.values_list("pk", flat=True)) if item.pk else []
        risks = self.fields["risks"]
        risks.queryset = Risk.objects.filter(
            Q(partnership=partnership, status=Risk.Status.OPEN) | Q(pk__in=linked)
        ).order_by("title")
        risks.help_text = "Open risks of the partnership this paper addresses"
        self.fields["paper"].help_text = self._paper_hint()
        if not item.paper:
            del self.fields["remove_paper"]
        self.helper.layout = Layout(
            Fieldset("The item", "title", "presenter", "purpose", "minutes_allotted", "part"),
            Fieldset(
                "The paper", HTML(self._current_paper()), "paper",
                *(["remove_paper"] if item.paper else []),
            ),
            Fieldset(
                "Cover sheet", "author", "sponsor", "assurance_level", "summary",
                "recommendations", "equality_impact", "financial_implications",
                "quality_implications", "previously_considered_by",
            ),
            Fieldset("Links", "risks", "pid"),
        )

    def _paper_hint(self):
        hint = f"A PDF or Word (DOCX) file, smaller than {max_upload_mb()} MB."
        if self.instance.paper:
            hint += " If you do not choose a file, the paper already uploaded is kept."
        if self.is_bound and self.files.get("paper"):
            hint += " If the form shows a problem, choose the file again before saving."
        return hint

    def _current_paper(self):
        item = self.instance
        if not item.paper:
            return ""
        url = reverse("agenda_paper", kwargs={
            "partnership": self.meeting.board.partnership.slug, "meeting": self.meeting.pk,
            "item": item.pk})
        return format_html(
            '<p class="nhsuk-body-s">Current paper: <a href="{}">{}</a></p>',
            url, item.paper_name or "the paper",
        )

    def clean_paper(self):
        upload = self.cleaned_data.get("paper")
        if upload:
            check_paper(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("paper") and data.get("remove_paper"):
            self.add_error("remove_paper", "Choose a new paper or remove the current one, "
                                           "not both")
        return data
