"""How forms get the NHS.UK form pack: a helper with sensible defaults and a mixin that adds it.

    class MilestoneForm(NHSFormMixin, forms.ModelForm):
        submit_label = "Save milestone"

        class Meta: ...

    {% load crispy_forms_tags %}
    {% crispy form %}

renders the error summary, every field in NHS.UK markup, day / month / year boxes for dates,
and a "Save milestone" button. For a layout, set `self.helper.layout = Layout(...)` after
`super().__init__()`, using crispy's `Fieldset`, `Div`, `HTML` and the buttons below; add more
buttons with `self.helper.add_input(Submit("draft", "Save as draft", secondary=True))`.
"""

from crispy_forms import layout
from crispy_forms.helper import FormHelper
from django import forms
from django.forms.utils import pretty_name

from stp.forms.fields import DateField, lower_first


class Submit(layout.Submit):
    """The NHS.UK button; `secondary=True` for the secondary (white) one, e.g. "Save as draft"."""

    field_classes = "nhsuk-button"

    def __init__(self, name, value, *, secondary=False, css_class=None, **kwargs):
        if secondary:
            css_class = f"nhsuk-button--secondary {css_class or ''}".strip()
        super().__init__(name, value, css_class=css_class, **kwargs)


class Button(layout.Button):
    """A button that does not submit (for scripts); secondary style."""

    field_classes = "nhsuk-button nhsuk-button--secondary"


class NHSFormHelper(FormHelper):
    """A crispy helper for a form in the NHS.UK pack: posts, with one submit button."""

    def __init__(self, form=None, *, submit_label="Continue", submit_name="submit"):
        super().__init__(form)
        self.form_tag = True
        self.form_method = "post"
        if submit_label:
            self.add_input(Submit(submit_name, submit_label))


class NHSFormMixin:
    """Gives a form an `NHSFormHelper` and NHS.UK date inputs, so forms need no boilerplate.

    Set `submit_label` on the form class to word its button; `helper` can be replaced or
    changed in `__init__` after calling `super().__init__()`.
    """

    submit_label = "Continue"
    # Errors come from the server, in our words, not from the browser's own pop-ups.
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_date_inputs(self)
        say_what_is_missing(self)
        if getattr(self, "helper", None) is None:
            self.helper = NHSFormHelper(self, submit_label=self.submit_label)


def use_date_inputs(form):
    """Swap Django's one-box date fields (e.g. from a model's DateField) for day / month / year."""
    for name, field in list(form.fields.items()):
        if isinstance(field, forms.DateField) and not isinstance(field, DateField):
            form.fields[name] = DateField(
                required=field.required,
                label=field.label,
                initial=field.initial,
                help_text=field.help_text,
                disabled=field.disabled,
                validators=field.validators,
                show_hidden_initial=field.show_hidden_initial,
            )


DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
CHOOSING = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput)


def say_what_is_missing(form):
    """Replace Django's "This field is required." with what to do: "Enter the title"."""
    for name, field in form.fields.items():
        if field.error_messages.get("required") != DJANGO_REQUIRED:
            continue  # the form says it in its own words
        label = str(field.label or pretty_name(name))
        if isinstance(field.widget, forms.CheckboxInput):
            message = f"Select \u201c{label}\u201d"
        elif isinstance(field.widget, CHOOSING):
            message = f"Select the {lower_first(label)}"
        else:
            message = f"Enter the {lower_first(label)}"
        field.error_messages["required"] = message
