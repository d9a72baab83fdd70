"""Template tags of the NHS.UK form pack (templates/nhsuk/): which markup a field needs, its
ids, and its widget rendered with NHS.UK classes and tied to its hint and error."""

from django import forms, template

from stp.forms.widgets import DateInput

register = template.Library()

# The NHS.UK class of each kind of single control, and its error variant.
CONTROL_CLASSES = {
    "input": ("nhsuk-input", "nhsuk-input--error"),
    "password": (
        "nhsuk-input nhsuk-password-input__input nhsuk-js-password-input-input",
        "nhsuk-input--error",
    ),
    "textarea": ("nhsuk-textarea", "nhsuk-textarea--error"),
    "select": ("nhsuk-select", "nhsuk-select--error"),
    "file": ("nhsuk-file-upload__input", ""),
    "checkbox": ("nhsuk-checkboxes__input", ""),
}


@register.filter
def nhsuk_kind(field):
    """Which NHS.UK pattern renders this bound field."""
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, DateInput):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.MultiWidget):
        return "multi"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


def _base_id(field):
    return field.field.widget.attrs.get("id") or field.auto_id or field.html_name


@register.simple_tag(takes_context=True)
def nhsuk_ids(context, field):
    """The ids of a field's hint and error message, and the aria-describedby naming them."""
    base = _base_id(field)
    show_errors = context.get("form_show_errors", True) is not False
    hint = f"{base}-hint" if field.help_text else ""
    error = f"{base}-error" if show_errors and field.errors else ""
    return {
        "hint": hint,
        "error": error,
        "describedby": " ".join(i for i in (hint, error) if i),
        "has_errors": bool(error),
    }


@register.filter
def nhsuk_error_anchor(field):
    """The id the error summary links to: the first box a person would type into."""
    kind = nhsuk_kind(field)
    if kind in ("radios", "checkboxes"):
        options = field.subwidgets
        if options and options[0].id_for_label:
            return options[0].id_for_label
    return field.id_for_label or _base_id(field)


@register.simple_tag(takes_context=True)
def nhsuk_widget(context, field, kind=None):
    """The field's control with its NHS.UK classes, tied to its hint and error message."""
    kind = kind or nhsuk_kind(field)
    ids = nhsuk_ids(context, field)
    attrs = {}
    if kind == "date":
        attrs["nhsuk_error_parts"] = _date_error_parts(field) if ids["has_errors"] else ()
        return field.as_widget(attrs=attrs)
    base, error = CONTROL_CLASSES.get(kind, ("", ""))
    classes = [base, field.field.widget.attrs.get("class", "")]
    if ids["has_errors"]:
        classes.append(error)
    attrs["class"] = " ".join(c for c in classes if c)
    if ids["describedby"]:
        attrs["aria-describedby"] = ids["describedby"]
    if isinstance(field.field.widget, forms.EmailInput | forms.PasswordInput):
        attrs.setdefault("spellcheck", "false")
    if kind == "password":
        attrs["autocapitalize"] = "none"
    if kind == "file":
        return _file_input(field, attrs)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def nhsuk_option(option, kind):
    """One radio or checkbox of a group, with the NHS.UK input class."""
    option.data["attrs"] = {**option.data["attrs"], "class": f"nhsuk-{kind}__input"}
    return option.tag()


@register.filter
def nhsuk_button_classes(button):
    """Classes for a crispy button: always the NHS.UK button, never Bootstrap's."""
    given = [c for c in button.field_classes.split() if not c.startswith("btn")]
    if "nhsuk-button" not in given:
        given.insert(0, "nhsuk-button")
    if button.input_type in ("button", "reset") and "nhsuk-button--secondary" not in given:
        given.append("nhsuk-button--secondary")
    return " ".join(given)


def _date_error_parts(field):
    """The boxes of a date to mark as wrong: those the error names, else all three."""
    parts = set()
    for error in field.errors.as_data():
        parts.update((error.params or {}).get("parts", ("day", "month", "year")))
    return tuple(parts)


def _file_input(field, attrs):
    # A ClearableFileInput adds "Currently ... Clear ... Change" in Django's words; the form
    # pack shows the current file and the clear box itself, so render the bare input.
    widget = field.field.widget
    if isinstance(widget, forms.ClearableFileInput):
        bare = forms.FileInput()
        bare.allow_multiple_selected = widget.allow_multiple_selected
        bare.attrs = dict(widget.attrs)
        return field.as_widget(widget=bare, attrs=attrs)
    return field.as_widget(attrs=attrs)


@register.filter
def nhsuk_clear_name(field):
    """The name of a ClearableFileInput's "remove the current file" box."""
    return field.field.widget.clear_checkbox_name(field.html_name)


@register.filter
def nhsuk_clear_id(field):
    return field.field.widget.clear_checkbox_id(nhsuk_clear_name(field))


@register.filter
def nhsuk_is_clearable(field):
    widget = field.field.widget
    return isinstance(widget, forms.ClearableFileInput) and not field.field.required


@register.filter
def nhsuk_basename(name):
    """'papers/2026/board-pack.pdf' -> 'board-pack.pdf': the name a person gave the file."""
    return str(name).rsplit("/", 1)[-1]
