"""Forms of the register pages: the KPI actuals upload, the risk register's filters, a risk, and
a PID draft with its planned milestones and benefits."""

from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.db.models import Exists, Q
from django.forms import BaseInlineFormSet, inlineformset_factory

from programmes import kpi_upload
from programmes.models import (
    KPI,
    PID,
    Benefit,
    Consequence,
    Likelihood,
    PlannedMilestone,
    Programme,
    Risk,
    RiskBand,
    Workstream,
    banding_for,
)
from programmes.registers import risk_owner_choices
from stp.forms.helpers import NHSFormHelper, NHSFormMixin, Submit
from stp.models import User
from stp.permissions import may

# The KPI actuals upload ----------------------------------------------------------------------


class KPIUploadForm(NHSFormMixin, forms.Form):
    """A CSV or XLSX of actuals: the file is read and every row checked here; nothing is saved."""

    submit_label = "Check and save the actuals"

    file = forms.FileField(
        label="Spreadsheet of KPI actuals",
        help_text=f"A CSV or Excel (.xlsx) file, smaller than {kpi_upload.MAX_UPLOAD_LABEL}.",
        error_messages={"required": "Select a CSV or Excel (.xlsx) file",
                        "empty": "The selected file is empty"},
    )

    def __init__(self, *args, partnership, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership, self.user = partnership, user
        self.checked = None
        self.helper.form_id = "upload-form"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > kpi_upload.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {kpi_upload.MAX_UPLOAD_LABEL}"
            )
        try:
            rows = kpi_upload.read_rows(upload)
        except kpi_upload.UploadRefused as refused:
            raise forms.ValidationError(refused.message) from None
        self.checked = kpi_upload.check_rows(rows, self.partnership, self.user)
        problems = self.checked.problems
        if problems:
            rows_with = len({p.row for p in problems})
            noun = "row has a problem" if rows_with == 1 else "rows have problems"
            raise forms.ValidationError(
                f"{rows_with} {noun}, so nothing has been saved: correct the rows listed "
                "under the form, then upload the file again"
            )
        return upload


# The risk register's filters -----------------------------------------------------------------


class RiskFilterForm(forms.Form):
    """The register's filters, read from the query string (a GET form)."""

    STATUS_CHOICES = [("open", "Open"), ("closed", "Closed"), ("all", "Open and closed")]
    ESCALATED_CHOICES = [("", "Escalated or not"), ("yes", "Escalated to the board"),
                         ("no", "Not escalated")]

    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), required=False,
                                       empty_label="All programmes")
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.none(), required=False,
                                        empty_label="All workstreams")
    owner = forms.ModelChoiceField(queryset=None, required=False, empty_label="Anyone")
    band = forms.ModelChoiceField(queryset=RiskBand.objects.none(), required=False,
                                  empty_label="Any band", label="Current score band")
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    escalated = forms.ChoiceField(choices=ESCALATED_CHOICES, required=False)
    likelihood = forms.TypedChoiceField(choices=Likelihood.choices, coerce=int, required=False,
                                        widget=forms.HiddenInput)
    consequence = forms.TypedChoiceField(choices=Consequence.choices, coerce=int,
                                         required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, partnership):
        data = data.copy()
        data.setdefault("status", "open")
        super().__init__(data)
        self.fields["programme"].queryset = Programme.objects.filter(partnership=partnership)
        self.fields["workstream"].queryset = (
            Workstream.objects.filter(partnership=partnership).select_related("programme")
            .order_by("programme__name", "name")
        )
        self.fields["workstream"].label_from_instance = (
            lambda w: f"{w.name} ({w.programme.name})"
        )
        self.fields["owner"].queryset = (
            User.objects.filter(owned_risks__partnership=partnership).distinct()
            .order_by("full_name")
        )
        # The partnership's own bands, or the defaults when it has none (as banding_for).
        own = RiskBand.objects.filter(partnership=partnership)
        self.fields["band"].queryset = RiskBand.objects.filter(
            Q(partnership=partnership) | (Q(partnership=None) & ~Exists(own))
        ).order_by("min_score")
        self.fields["band"].label_from_instance = (
            lambda b: f"{b.label} ({b.min_score} to {b.max_score})"
        )

    def filters(self):
        """The valid filters (an invalid one is left out and shown at its field)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items()
                if value not in (None, "")}


# A risk --------------------------------------------------------------------------------------

def _score_field(kind, which, label):
    """A likelihood or consequence, 1 to 5, with messages that say the scale."""
    choices = Likelihood.choices if kind == "likelihood" else Consequence.choices
    ends = "1 (rare) to 5 (almost certain)" if kind == "likelihood" else \
        "1 (negligible) to 5 (catastrophic)"
    article = {"": "a", "initial": "an initial", "target": "a target"}[which]
    return forms.TypedChoiceField(
        label=label, coerce=int, choices=[("", f"Select a {kind}")] + list(choices),
        error_messages={
            "required": f"Select the {which or 'current'} {kind}",
            "invalid_choice": f"Enter {article} {kind} from {ends}",
        },
    )


class RiskForm(NHSFormMixin, forms.ModelForm):
    """Raise or change a risk. A new current likelihood or consequence is kept as a re-score."""

    belongs_to = forms.ChoiceField(
        label="Workstream or programme",
        help_text="Choose a programme only for a risk to the whole programme.",
        error_messages={"required": "Select the workstream or programme the risk belongs to",
                        "invalid_choice": "Select a workstream or programme you look after"},
    )
    initial_likelihood = _score_field("likelihood", "initial", "Initial likelihood")
    initial_consequence = _score_field("consequence", "initial", "Initial consequence")
    likelihood = _score_field("likelihood", "", "Current likelihood")
    consequence = _score_field("consequence", "", "Current consequence")
    target_likelihood = _score_field("likelihood", "target", "Target likelihood")
    target_consequence = _score_field("consequence", "target", "Target consequence")
    rescore_note = forms.CharField(
        label="Why the current score changed", required=False, widget=forms.Textarea(
            attrs={"rows": 2}),
        help_text="Kept with the re-score in the risk's history.",
    )
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Risk
        fields = [
            "title", "owner", "cause", "event", "effect", "consequence_domain",
            "initial_likelihood", "initial_consequence", "likelihood", "consequence",
            "target_likelihood", "target_consequence", "controls", "gaps_in_control",
            "further_actions", "review_date", "status", "escalated",
        ]
        labels = {"cause": "Cause", "event": "Event", "effect": "Effect",
                  "consequence_domain": "Consequence judged against",
                  "gaps_in_control": "Gaps in control", "escalated": "Escalated to the board"}
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in (
            "cause", "event", "effect", "controls", "gaps_in_control", "further_actions")}
        widgets["status"] = forms.RadioSelect
        error_messages = {
            "title": {"required": "Enter a title for the risk"},
            "cause": {"required": "Enter the cause of the risk (“Because of …”)"},
            "event": {"required": "Enter the risk itself (“… there is a risk that …”)"},
            "effect": {"required": "Enter the effect if it happens (“… which would mean …”)"},
        }

    def __init__(self, *args, partnership, user, seen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership, self.user = partnership, user
        creating = self.instance.pk is None
        self.fields["owner"].queryset = risk_owner_choices(partnership, self.instance.owner_id)
        self.fields["owner"].empty_label = "Select the risk's owner"
        self.fields["owner"].error_messages["required"] = "Select the risk's owner"
        self.fields["owner"].required = True
        self.fields["belongs_to"].choices = self._places(creating)
        if not creating:
            self.fields["belongs_to"].initial = _place_key(self.instance.belongs_to)
            self.fields["seen"].initial = seen
        else:
            del self.fields["status"], self.fields["rescore_note"]
        self.helper = NHSFormHelper(self, submit_label=None)
        self.helper.add_input(Submit("save", "Raise the risk" if creating else "Save changes"))
        bands = "; ".join(f"{b.min_score} to {b.max_score} {b.label.lower()}"
                          for b in banding_for(partnership).bands)
        score_hint = HTML(
            '<p class="nhsuk-body-s">Score = likelihood × consequence, from 1 to 25. '
            f"Bands: {bands}.</p>"
        )
        self.helper.layout = Layout(
            Fieldset("The risk", "title", "belongs_to", "owner", "cause", "event", "effect"),
            Fieldset(
                "Scores", score_hint, "consequence_domain",
                "initial_likelihood", "initial_consequence",
                "likelihood", "consequence",
                *([] if creating else ["rescore_note"]),
                "target_likelihood", "target_consequence",
            ),
            Fieldset(
                "Managing the risk", "controls", "gaps_in_control", "further_actions",
                "review_date", *([] if creating else ["status"]), "escalated",
            ),
            "seen",
        )

    def _places(self, creating):
        """Programmes and workstreams this person may put a risk in (and the risk's own)."""
        current = None if creating else _place_key(self.instance.belongs_to)
        programmes = list(Programme.objects.filter(partnership=self.partnership))
        workstreams = list(
            Workstream.objects.filter(partnership=self.partnership).order_by("name")
        )
        self._records = {_place_key(r): r for r in [*programmes, *workstreams]}
        groups = []
        for programme in programmes:
            options = []
            if current == _place_key(programme) or may(self.user, "edit_programme", programme):
                options.append((_place_key(programme), f"{programme.name}: the whole programme"))
            options += [
                (_place_key(w), w.name) for w in workstreams
                if w.programme_id == programme.pk
                and (current == _place_key(w) or may(self.user, "edit_workstream", w))
            ]
            if options:
                groups.append((programme.name, options))
        return [("", "Select a workstream or programme"), *groups]

    def clean(self):
        cleaned = super().clean()
        record = self._records.get(cleaned.get("belongs_to"))
        if record is not None:
            is_workstream = isinstance(record, Workstream)
            self.instance.workstream = record if is_workstream else None
            self.instance.programme = None if is_workstream else record
            self.instance.partnership_id = record.partnership_id
        return cleaned

    def _post_clean(self):
        # Without a place the model's own check would name a field the form does not have.
        if self.instance.workstream_id or self.instance.programme_id:
            super()._post_clean()

    def changes(self):
        """Field -> value for change_risk: every field of the form, the place included."""
        names = [n for n in self.Meta.fields if n in self.cleaned_data]
        values = {name: self.cleaned_data[name] for name in names}
        values["workstream"] = self.instance.workstream
        values["programme"] = self.instance.programme
        return values

    def new_risk(self):
        """The risk to raise (unsaved), with its place, partnership and scores set."""
        risk = self.save(commit=False)
        risk.initial_score = risk.initial_likelihood * risk.initial_consequence
        risk.current_score = risk.likelihood * risk.consequence
        risk.target_score = risk.target_likelihood * risk.target_consequence
        return risk


def _place_key(record):
    return f"{'workstream' if isinstance(record, Workstream) else 'programme'}-{record.pk}"


# A PID draft ---------------------------------------------------------------------------------


class PIDForm(NHSFormMixin, forms.ModelForm):
    """The text of a PID draft and the KPIs it commits to."""

    class Meta:
        model = PID
        fields = [*PID.CONTENT_FIELDS, "kpis"]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 4}) for name in PID.CONTENT_FIELDS},
            "kpis": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpis"].queryset = KPI.objects.filter(
            workstream=self.instance.workstream_id
        ).order_by("name")
        self.fields["kpis"].help_text = "The workstream's KPIs this version commits to."


class PlannedMilestoneForm(NHSFormMixin, forms.ModelForm):
    class Meta:
        model = PlannedMilestone
        fields = ["title", "planned_date", "is_key"]
        labels = {"title": "Milestone", "planned_date": "Planned date"}
        error_messages = {"title": {"required": "Enter the milestone"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_date"].error_messages["required"] = (
            "Enter the planned date, like 31 3 2027"
        )


class BenefitForm(NHSFormMixin, forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["description", "kind", "measure", "baseline", "target", "target_date",
                  "owner"]
        labels = {"description": "Benefit", "kind": "Kind of benefit"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "description": {"required": "Enter the benefit"},
            "measure": {"required": "Enter how the benefit will be measured"},
        }

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partnership is not None:
            self.fields["owner"].queryset = risk_owner_choices(partnership,
                                                               self.instance.owner_id)


class PIDPartFormSet(BaseInlineFormSet):
    """Milestones or benefits of a draft: one blank form to add another, a box to remove one."""

    remove_label = "Remove"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.remove_label


class PlannedMilestoneFormSetBase(PIDPartFormSet):
    remove_label = "Remove this milestone"


class BenefitFormSetBase(PIDPartFormSet):
    remove_label = "Remove this benefit"


PlannedMilestoneFormSet = inlineformset_factory(
    PID, PlannedMilestone, form=PlannedMilestoneForm, formset=PlannedMilestoneFormSetBase,
    extra=1, can_delete=True,
)
BenefitFormSet = inlineformset_factory(
    PID, Benefit, form=BenefitForm, formset=BenefitFormSetBase, extra=1, can_delete=True
)


def pid_forms(pid, data=None):
    """The three parts of the PID edit page, bound to `data` when it was posted."""
    partnership = pid.workstream.partnership
    return (
        PIDForm(data, instance=pid),
        PlannedMilestoneFormSet(data, instance=pid, prefix="milestones"),
        BenefitFormSet(data, instance=pid, prefix="benefits",
                       form_kwargs={"partnership": partnership}),
    )
