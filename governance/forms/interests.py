"""An entry in the register of interests (CONVENTIONS §5)."""

from crispy_forms.layout import Fieldset, Layout
from django import forms

from governance.models import Interest
from governance.pages import partnership_people
from stp.forms.helpers import NHSFormMixin


class InterestForm(NHSFormMixin, forms.ModelForm):
    submit_label = "Save the entry"

    class Meta:
        model = Interest
        fields = [
            "person", "nil_return", "category", "description", "organisation", "declared_on",
            "start_date", "end_date", "management", "published", "withheld_reason",
        ]
        labels = {
            "person": "Person", "nil_return": "Nil return: no interests to declare",
            "category": "Category", "description": "Interest",
            "organisation": "Organisation concerned", "declared_on": "Declared on",
            "start_date": "Interest began", "end_date": "Interest ended",
            "management": "How it is managed", "published": "Publish in the register",
            "withheld_reason": "Reason for withholding",
        }
        help_texts = {
            "nil_return": "The person declared that they have no interests; leave the category "
                          "and interest blank.",
            "start_date": "Optional",
            "end_date": "Leave blank while the interest continues",
            "published": "Untick to withhold the entry from the published register, for "
                         "privacy or legal reasons, and give the reason below.",
        }
        widgets = {
            "category": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "management": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"person": {"required": "Select the person declaring"}}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        person = self.fields["person"]
        person.queryset = partnership_people(partnership, include=[self.instance.person_id])
        person.empty_label = "Select the person"
        category = self.fields["category"]
        category.choices = [c for c in category.choices if c[0]]
        self.helper.layout = Layout(
            Fieldset("Who", "person", "nil_return"),
            Fieldset("The interest", "category", "description", "organisation",
                     "declared_on", "start_date", "end_date", "management"),
            Fieldset("Publication", "published", "withheld_reason"),
        )
