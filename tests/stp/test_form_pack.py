"""The NHS.UK form pack: error summary, fields tied to their hints and errors, date boxes."""

from datetime import date

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.template import Context, Template
from django.test.html import Element, parse_html

from stp.forms.fields import DateField
from stp.forms.helpers import NHSFormMixin, Submit

RATINGS = [("green", "Green"), ("amber", "Amber"), ("red", "Red")]


class UpdateForm(NHSFormMixin, forms.Form):
    submit_label = "Save update"

    title = forms.CharField(label="Title", help_text="What the board will see")
    due = DateField(label="Due date", help_text="For example, 31 3 2026")
    started = forms.DateField(label="Start date", required=False)
    rating = forms.ChoiceField(
        label="Delivery confidence", choices=RATINGS, widget=forms.RadioSelect
    )
    areas = forms.MultipleChoiceField(
        label="Areas", choices=RATINGS, required=False, widget=forms.CheckboxSelectMultiple
    )
    checked = forms.BooleanField(label="I have checked the figures")
    owner = forms.ChoiceField(label="Owner", choices=[("", "Choose"), ("a", "Alex")])
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)

    def clean(self):
        if self.data.get("title") == "clash":
            raise forms.ValidationError("An update for this month already exists")
        return super().clean()


def render(form, tag="{% crispy form %}"):
    html = Template("{% load crispy_forms_tags %}" + tag).render(Context({"form": form}))
    return html, parse_html(f"<div>{html}</div>")  # one root, so the form is a child


def elements(node):
    """Every element under `node`, depth first."""
    for child in getattr(node, "children", []):
        if isinstance(child, Element):
            yield child
            yield from elements(child)


def attr(element, name):
    return dict(element.attributes).get(name)


def by_id(tree, id_):
    return next((e for e in elements(tree) if attr(e, "id") == id_), None)


def text(element):
    return " ".join(
        (text(c) if isinstance(c, Element) else str(c)) for c in element.children
    ).strip()


def with_class(tree, css_class):
    return [e for e in elements(tree) if css_class in (attr(e, "class") or "").split()]


def summary_links(tree):
    (summary,) = with_class(tree, "nhsuk-error-summary")
    return {attr(a, "href"): text(a) for a in elements(summary) if a.name == "a"}


def test_the_error_summary_links_to_every_field_with_an_error():
    form = UpdateForm(data={"title": "", "owner": ""})
    _, tree = render(form)

    links = summary_links(tree)
    assert set(links) == {"#id_title", "#id_due-day", "#id_rating_0", "#id_checked", "#id_owner"}
    for href in links:
        assert by_id(tree, href[1:]) is not None, f"nothing on the page has the id {href}"
    (summary,) = with_class(tree, "nhsuk-error-summary")
    assert attr(summary, "tabindex") == "-1"
    assert any(attr(e, "role") == "alert" for e in elements(summary))
    assert "There is a problem" in text(summary)


def test_the_error_summary_lists_problems_with_the_whole_form():
    form = UpdateForm(
        data={
            "title": "clash",
            "due-day": "1",
            "due-month": "4",
            "due-year": "2026",
            "rating": "green",
            "checked": "on",
            "owner": "a",
        }
    )
    _, tree = render(form)
    (summary,) = with_class(tree, "nhsuk-error-summary")
    assert "An update for this month already exists" in text(summary)


def test_a_missing_answer_says_what_to_do_unless_the_form_has_its_own_words():
    form = UpdateForm(data={})
    assert form.errors["title"] == ["Enter the title"]
    assert form.errors["rating"] == ["Select the delivery confidence"]
    assert form.errors["checked"] == ["Select \u201cI have checked the figures\u201d"]

    class Worded(NHSFormMixin, forms.Form):
        name = forms.CharField(error_messages={"required": "Enter your full name"})

    assert Worded(data={}).errors["name"] == ["Enter your full name"]


def test_a_valid_form_has_no_error_summary_and_a_date():
    form = UpdateForm(
        data={
            "title": "Frailty",
            "due-day": "31",
            "due-month": "March",
            "due-year": "2026",
            "rating": "amber",
            "checked": "on",
            "owner": "a",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"] == date(2026, 3, 31)
    assert form.cleaned_data["started"] is None
    html, tree = render(form)
    assert not with_class(tree, "nhsuk-error-summary")
    assert "nhsuk-error-message" not in html


def test_a_date_missing_its_month_keeps_what_was_typed_and_says_so():
    form = UpdateForm(data={"due-day": "31", "due-month": "", "due-year": "2026"})
    assert form.errors["due"] == ["Due date must include a month"]
    _, tree = render(form)

    assert attr(by_id(tree, "id_due-day"), "value") == "31"
    assert attr(by_id(tree, "id_due-year"), "value") == "2026"
    assert attr(by_id(tree, "id_due-day"), "name") == "due-day"
    assert "nhsuk-input--error" in attr(by_id(tree, "id_due-month"), "class")
    assert "nhsuk-input--error" not in attr(by_id(tree, "id_due-day"), "class")
    assert attr(by_id(tree, "id_due-day"), "inputmode") == "numeric"
    assert summary_links(tree)["#id_due-day"] == "Due date must include a month"


def test_an_impossible_date_must_be_a_real_date_and_is_not_lost():
    form = UpdateForm(data={"due-day": "30", "due-month": "2", "due-year": "2026"})
    assert form.errors["due"] == ["Due date must be a real date"]
    _, tree = render(form)
    assert [attr(by_id(tree, f"id_due-{p}"), "value") for p in ("day", "month", "year")] == [
        "30",
        "2",
        "2026",
    ]


def test_an_empty_date_asks_for_it_with_an_example():
    form = UpdateForm(data={})
    assert form.errors["due"] == ["Enter the due date, like 31 3 2026"]


def test_a_two_digit_year_is_refused():
    form = UpdateForm(data={"due-day": "1", "due-month": "4", "due-year": "26"})
    assert form.errors["due"] == ["Due date must include a year with 4 numbers, like 2026"]


def test_a_date_sent_as_one_value_is_understood():
    field = DateField(label="Due date")
    widget = field.widget
    assert field.clean(widget.value_from_datadict({"due": "2026-03-31"}, {}, "due")) == date(
        2026, 3, 31
    )


def test_a_plain_django_date_field_gets_day_month_and_year_boxes():
    form = UpdateForm()
    assert isinstance(form.fields["started"], DateField)
    assert form.fields["started"].label == "Start date"
    _, tree = render(form)
    assert by_id(tree, "id_started-month") is not None


def test_hint_and_error_are_tied_to_the_input_with_aria_describedby():
    form = UpdateForm(data={"title": ""})
    _, tree = render(form)

    title = by_id(tree, "id_title")
    assert attr(title, "aria-describedby") == "id_title-hint id_title-error"
    assert "nhsuk-input" in attr(title, "class") and "nhsuk-input--error" in attr(title, "class")
    assert text(by_id(tree, "id_title-hint")) == "What the board will see"
    error = by_id(tree, "id_title-error")
    assert "nhsuk-error-message" in attr(error, "class")
    assert text(error) == "Error: Enter the title"

    # Several boxes: the fieldset carries the hint and error, not each box.
    fieldset = next(
        e for e in elements(tree) if e.name == "fieldset" and by_id(e, "id_due-day") is not None
    )
    assert attr(fieldset, "aria-describedby") == "id_due-hint id_due-error"
    assert attr(by_id(tree, "id_due-day"), "aria-describedby") is None


def test_each_kind_of_field_has_its_nhsuk_markup():
    form = UpdateForm(data={"title": ""})
    _, tree = render(form)
    assert "nhsuk-radios__input" in attr(by_id(tree, "id_rating_0"), "class")
    assert "nhsuk-checkboxes__input" in attr(by_id(tree, "id_areas_0"), "class")
    assert "nhsuk-checkboxes__input" in attr(by_id(tree, "id_checked"), "class")
    assert "nhsuk-select--error" in attr(by_id(tree, "id_owner"), "class")
    assert "nhsuk-textarea" in attr(by_id(tree, "id_notes"), "class")
    legends = [text(e) for e in elements(tree) if e.name == "legend"]
    assert "Delivery confidence" in legends and "Due date" in legends
    labels = [text(e) for e in elements(tree) if e.name == "label"]
    assert "Notes (optional)" in labels
    # The server says what is missing, in our words, not the browser.
    assert not [e for e in elements(tree) if "required" in dict(e.attributes)]


def test_the_form_posts_with_its_submit_button_and_no_browser_validation():
    _, tree = render(UpdateForm())
    (form,) = [e for e in elements(tree) if e.name == "form"]
    assert attr(form, "method") == "post" and "novalidate" in dict(form.attributes)
    (button,) = [e for e in elements(tree) if e.name == "button"]
    assert text(button) == "Save update"
    assert attr(button, "class") == "nhsuk-button" and attr(button, "type") == "submit"


def test_a_layout_groups_fields_and_offers_a_secondary_button():
    form = UpdateForm()
    form.helper.layout = Layout(Fieldset("About the update", "title", "due"))
    form.helper.add_input(Submit("draft", "Save as draft", secondary=True))
    _, tree = render(form)
    assert "About the update" in [text(e) for e in elements(tree) if e.name == "legend"]
    buttons = {text(b): attr(b, "class") for b in elements(tree) if b.name == "button"}
    assert buttons["Save as draft"] == "nhsuk-button nhsuk-button--secondary"


def test_the_crispy_filter_renders_the_same_error_summary():
    form = UpdateForm(data={"title": ""})
    _, tree = render(form, "{{ form|crispy }}")
    assert "#id_title" in summary_links(tree)
