"""Render a form field's widget with GOV.UK Frontend 6 classes and aria-describedby.

crispy-forms-gds 2.0.1 renders widgets with its `crispy_gds_field` tag, which cannot be fixed from a
template: it raises KeyError('aria-describedby') for `Field.textarea(..., max_characters=N)` on a field
without help text, gives the error class only to TextInput, Select and Textarea (and the wrong one to the
last two), and points aria-describedby at ids the GOV.UK markup does not use. The overridden templates in
templates/gds/ call `{% gds_widget field %}` instead. It does not change the pack's Python.

Ids follow GOV.UK Frontend: `<id>-hint` (help text), `<id>-error` (the error message) and `<id>-info`
(a character count's message), where <id> is the field's auto_id.
"""

import html

from crispy_forms_gds.templatetags.crispy_forms_gds import field_errors
from crispy_forms_gds.widgets import DateInputWidget
from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

ERROR_CLASSES = {
    "govuk-input--error",
    "govuk-textarea--error",
    "govuk-select--error",
    "govuk-file-upload--error",
}


def _govuk_classes(widget):
    """The GOV.UK base class of a widget and the class it adds when the field has an error."""
    if widget.is_hidden:
        return None, None
    if isinstance(widget, forms.Textarea):
        return "govuk-textarea", "govuk-textarea--error"
    if isinstance(widget, forms.Select):  # also SelectMultiple and NullBooleanSelect
        return "govuk-select", "govuk-select--error"
    if isinstance(widget, forms.CheckboxInput):
        return "govuk-checkboxes__input", None
    if isinstance(widget, forms.FileInput):  # before Input: FileInput is one
        return "govuk-file-upload", "govuk-file-upload--error"
    if isinstance(widget, Input):  # text, email, number, date, password, url, tel, search...
        return "govuk-input", "govuk-input--error"
    return None, None


def _join(*class_lists):
    seen = []
    for classes in class_lists:
        for css_class in classes:
            if css_class and css_class not in seen:
                seen.append(css_class)
    return " ".join(seen)


def _shows_errors(context, field):
    return bool(field.errors) and context.get("form_show_errors", True) is not False


@register.simple_tag(takes_context=True)
def gds_widget(context, field):
    """Render `field`'s widget; the template around it supplies the label, hint and error message.

    Reads `form_show_errors`, `max_characters` and `max_words` from the template context. Nothing is
    left behind on the widget except for a multi-value field, whose sub-widgets' classes are rewritten
    (idempotently) because Django cannot take per-sub-widget attributes at render time.
    """
    widget = field.field.widget
    show_errors = _shows_errors(context, field)

    # The pack lets Field(..., input_type="email") change an input's type; keep that working.
    if hasattr(widget, "input_type") and "input_type" in widget.attrs:
        widget.input_type = widget.attrs.pop("input_type")

    if isinstance(widget, forms.MultiWidget):
        return _render_multiwidget(field, widget, show_errors)

    base_class, error_class = _govuk_classes(widget)
    attrs = {}
    own_classes = widget.attrs.get("class", "").split()
    extra_classes = []
    described_by = widget.attrs.get("aria-describedby", "").split()

    counting = bool(character_limit(field, context.get("max_characters")) or context.get("max_words"))
    if counting:
        extra_classes.append("govuk-js-character-count")
        described_by.append(f"{field.auto_id}-info")
        # GOV.UK: never set maxlength with a character count, or the user cannot see they went over.
        attrs["maxlength"] = False
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if show_errors:
        described_by.append(f"{field.auto_id}-error")
        if error_class:
            extra_classes.append(error_class)

    css_class = _join([base_class], [c for c in own_classes if c not in ERROR_CLASSES], extra_classes)
    if css_class:
        attrs["class"] = css_class
    if described_by:
        attrs["aria-describedby"] = _join(described_by)
    if type(widget) is forms.Select:
        return _render_select(field, widget, attrs)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def character_limit(field, max_characters=None):
    """The characters a field's GOV.UK character count allows: the layout's `max_characters`, or else the
    limit of a field typed into a textarea (every free-text field has one: bscb.fields), so that each
    form shows it with no line of its own."""
    if max_characters:
        return max_characters
    if isinstance(field.field.widget, forms.Textarea):
        return getattr(field.field, "max_length", None)
    return None


@register.filter
def thousands(number) -> str:
    return f"{number:,}" if isinstance(number, int) else str(number)


def _escaped(value) -> str:
    """conditional_escape, faster: text marked safe is kept as it is."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


def _render_select(field, widget, attrs):
    """A single select, built in Python: Django renders each <option> through a template, which made a
    filter with a hundred bodies cost more than the rest of its page. Same markup as Django's."""
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    final = widget.build_attrs(widget.attrs, attrs)
    selected = set(widget.format_value(field.value()))
    # html.escape on plain strings: format_html's escaping of each part cost most of a long menu's time.
    options = "".join(
        f'<option value="{_escaped(value)}"{" selected" if str(value) in selected else ""}>{_escaped(label)}</option>'
        for value, label in widget.choices)
    return format_html('<select name="{}"{}>{}</select>', field.html_name, flatatt(final), mark_safe(options))  # noqa: S308 (each part escaped above)


def _render_multiwidget(field, widget, show_errors):
    """A multi-value field (the pack's date input): the <fieldset> around it carries aria-describedby.

    Sub-widgets with their own errors (DateInputField records them on `subfield.widget.errors`) get the
    error class; when the error belongs to the whole field, every sub-widget gets it, as GOV.UK does.
    """
    subfields = getattr(field.field, "fields", ())
    sub_errors = [bool(getattr(subfield.widget, "errors", None)) for subfield in subfields]
    for index, subwidget in enumerate(widget.widgets):
        base_class, error_class = _govuk_classes(subwidget)
        own_classes = [c for c in subwidget.attrs.get("class", "").split() if c not in ERROR_CLASSES]
        has_error = show_errors and (not any(sub_errors) or (index < len(sub_errors) and sub_errors[index]))
        css_class = _join([base_class], own_classes, [error_class] if has_error else [])
        if css_class:
            subwidget.attrs["class"] = css_class
        if isinstance(widget, DateInputWidget):
            subwidget.attrs.setdefault("inputmode", "numeric")
    return field.as_widget()


def _summary_target(field) -> str:
    """The id an error summary links to for `field`'s own errors: radios and checkboxes at their first
    input, id_<name>_1 (the pack linked to id_<name>, which is not rendered); a multi-value field at its
    first part, <id>_0; any other field at its input."""
    widget = field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)) and widget.input_type in (
        "radio", "checkbox"
    ):
        return f"id_{field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{field.auto_id}_0"
    return field.id_for_label


@register.filter
def error_summary_items(form) -> list[dict]:
    """A form's errors as the error summary's items (includes/error_summary.html), each linked to an
    element the form renders: non-field errors (and any hidden field's) at the first visible field; a
    field's errors at its target (_summary_target); a multi-value part's own errors at that part, <id>_<n>.
    """
    visible = form.visible_fields()
    first = f"#{_summary_target(visible[0])}" if visible else ""
    items = [{"text": error, "href": first} for error in form.non_field_errors()]
    items += [{"text": error, "href": first} for hidden in form.hidden_fields() for error in hidden.errors]
    for field in visible:
        for field_id, errors in field_errors(field):
            target = field_id if field_id != field.auto_id else _summary_target(field)
            items += [{"text": error, "href": f"#{target}"} for error in errors]
    return items
