"""The markup crispy-forms-gds renders through the project's overrides in templates/gds/.

The pack (2.0.1) renders markup older than govuk-frontend 4 and has bugs these tests pin: a character
count without help text raised KeyError, email/number/date/password inputs got no error class, the error
summary linked radios to an id nothing has and `{% crispy form %}` rendered no summary at all. The forms
are built here; nothing needs the database.
"""

import pytest
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Fluid, Layout, Submit
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from tests.forms.html_tree import ids, parse

COLOURS = [("red", "Red"), ("green", "Green"), ("blue", "Blue")]
TOPICS = [("minutes", "Minutes"), ("actions", "Actions")]


def helper(*fields):
    form_helper = FormHelper()
    form_helper.layout = Layout(*fields, Submit("submit", "Save", data_prevent_double_click="true"))
    return form_helper


class EveryInputForm(forms.Form):
    name = forms.CharField(label="Name")
    email = forms.EmailField(label="Email address")
    attendees = forms.IntegerField(label="Attendees", help_text="The number of people at the meeting")
    held_on = forms.DateField(label="Date of the meeting")
    secret = forms.CharField(label="Password", widget=forms.PasswordInput)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, max_length=20)
    agency = forms.ChoiceField(label="Agency", choices=[("", "Choose an agency"), ("police", "Police")])
    colour = forms.ChoiceField(label="Colour", choices=COLOURS, widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(label="Topics", choices=TOPICS, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.text("name"),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("attendees"),
            Field.text("held_on"),
            Field.text("secret"),
            Field.textarea("notes"),
            Field.select("agency"),
            Field.radios("colour"),
            Field.checkboxes("topics"),
        )


class CharacterCountForm(forms.Form):
    """A character count on a field without help text: the pack raised KeyError('aria-describedby')."""

    summary = forms.CharField(label="Summary", widget=forms.Textarea, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Field.textarea("summary", max_characters=20))


class RadiosFirstForm(forms.Form):
    """A non-field error links to the first field's input: here its first radio."""

    colour = forms.ChoiceField(
        label="Colour", choices=COLOURS, widget=forms.RadioSelect, help_text="Pick one", required=False
    )
    reason = forms.CharField(label="Reason", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Field.radios("colour"), Field.text("reason"))

    def clean(self):
        raise forms.ValidationError("Give a colour or a reason")


class CheckboxesFirstForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label="Topics",
        widget=forms.CheckboxSelectMultiple,
        choices=[Choice("minutes", "Minutes", hint="The record of the meeting"), Choice("actions", "Actions")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Field.checkboxes("topics"))

    def clean(self):
        raise forms.ValidationError("Something about the whole form")


class OnlyNonFieldErrorForm(forms.Form):
    title = forms.CharField(label="Title", help_text="As on the agenda")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Field.text("title"))

    def clean(self):
        raise forms.ValidationError("This meeting has already been recorded")


class DateInputForm(forms.Form):
    review_on = DateInputField(label="Review date", help_text="For example, 27 3 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Field("review_on"))


class ConditionalForm(forms.Form):
    contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("email", "Email"), ("phone", "Phone")],
        widget=forms.RadioSelect,
    )
    address = forms.EmailField(label="Email address", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(ConditionalRadios("contact", ConditionalQuestion("Email", "address"), "Phone"))


def render(form, template="{% load crispy_forms_tags %}{% crispy form %}"):
    request = RequestFactory().post("/")
    context = Context({"form": form, "request": request, "csrf_token": "test-csrf-token"})  # fixed: renders compare
    return Template(template).render(context)


def invalid_every_input_form():
    return EveryInputForm(
        data={
            "email": "not-an-email",
            "attendees": "several",
            "held_on": "next tuesday",
            "notes": "Line one\nLine two & <three>",
            "colour": "purple",
            "topics": ["nonsense"],
        }
    )


@pytest.fixture
def invalid_document():
    form = invalid_every_input_form()
    assert not form.is_valid()
    return parse(render(form))


def summary_of(document):
    summaries = document.find_all("div", class_="govuk-error-summary")
    assert len(summaries) == 1, "one error summary"
    return summaries[0]


def assert_summary_links_resolve(document):
    """The key check: every link in the error summary goes to an element that exists."""
    present = ids(document)
    links = summary_of(document).find_all("a")
    assert links, "the summary lists the errors"
    for link in links:
        href = link.attrs["href"]
        assert href.startswith("#") and href[1:] in present, f"{link.text!r} links to missing {href}"
    return links


# 1. Field.textarea(max_characters=N) without help text -----------------------------------------------


def test_a_character_count_without_help_text_renders():
    document = parse(render(CharacterCountForm()))  # the pack raised KeyError: 'aria-describedby'

    textarea = document.find("textarea", id="id_summary")
    group = textarea.parent
    assert group.attrs["id"] == "div_id_summary"
    assert {"govuk-form-group", "govuk-character-count"} <= set(group.classes)
    assert group.attrs["data-module"] == "govuk-character-count"
    assert group.attrs["data-maxlength"] == "20"
    assert {"govuk-textarea", "govuk-js-character-count"} <= set(textarea.classes)
    assert textarea.described_by == ["id_summary-info"]
    assert "maxlength" not in textarea.attrs, "GOV.UK: no maxlength with a character count"
    message = document.find(id="id_summary-info")
    assert message.tag == "div"
    assert {"govuk-hint", "govuk-character-count__message"} <= set(message.classes)
    assert message.text == "You can enter up to 20 characters"


def test_a_character_count_in_error_is_described_by_its_count_and_its_error():
    typed = "Far more than twenty characters,\nover two lines"
    document = parse(render(CharacterCountForm(data={"summary": typed})))
    textarea = document.find("textarea", id="id_summary")
    assert textarea.described_by == ["id_summary-info", "id_summary-error"]
    assert textarea.classes == ["govuk-textarea", "govuk-js-character-count", "govuk-textarea--error"]
    assert textarea.raw_text.lstrip("\n") == typed
    assert_summary_links_resolve(document)


# 2. The error class and aria-describedby on every kind of input -----------------------------------------


@pytest.mark.parametrize(
    "tag, name, base_class, error_class",
    [
        ("input", "name", "govuk-input", "govuk-input--error"),
        ("input", "email", "govuk-input", "govuk-input--error"),
        ("input", "attendees", "govuk-input", "govuk-input--error"),
        ("input", "held_on", "govuk-input", "govuk-input--error"),
        ("input", "secret", "govuk-input", "govuk-input--error"),
        ("textarea", "notes", "govuk-textarea", "govuk-textarea--error"),
        ("select", "agency", "govuk-select", "govuk-select--error"),
    ],
)
def test_every_input_in_error_has_the_error_class_and_names_its_error_message(
    invalid_document, tag, name, base_class, error_class
):
    element = invalid_document.find(tag, id=f"id_{name}")
    assert element is not None
    assert base_class in element.classes
    assert error_class in element.classes
    assert f"id_{name}-error" in element.described_by
    assert invalid_document.find(id=f"id_{name}").parent.find(id=f"id_{name}-error") is not None
    group = invalid_document.find(id=f"div_id_{name}")
    assert "govuk-form-group--error" in group.classes


def test_the_input_types_are_kept(invalid_document):
    types = {
        name: invalid_document.find("input", id=f"id_{name}").attrs["type"]
        for name in ("name", "email", "attendees", "held_on", "secret")
    }
    assert types == {"name": "text", "email": "email", "attendees": "number", "held_on": "text", "secret": "password"}


def test_an_input_with_a_hint_and_an_error_names_both_in_order(invalid_document):
    element = invalid_document.find("input", id="id_attendees")
    assert element.described_by == ["id_attendees-hint", "id_attendees-error"]
    hint = invalid_document.find(id="id_attendees-hint")
    assert hint.tag == "div" and hint.classes == ["govuk-hint"]
    assert hint.text == "The number of people at the meeting"


def test_width_classes_from_the_layout_are_kept_beside_the_error_class(invalid_document):
    email = invalid_document.find("input", id="id_email")
    assert email.classes == ["govuk-input", "govuk-!-width-two-thirds", "govuk-input--error"]


def test_every_aria_describedby_names_an_element_that_exists(invalid_document):
    present = ids(invalid_document)
    for element in invalid_document.elements():
        for target in element.described_by:
            assert target in present, f"{element} is described by missing #{target}"


def test_the_error_message_is_govuk_frontend_6_markup(invalid_document):
    message = invalid_document.find(id="id_email-error")
    assert message.tag == "p"
    assert message.classes == ["govuk-error-message"]
    hidden = message.child_elements()[0]
    assert hidden.tag == "span" and hidden.classes == ["govuk-visually-hidden"]
    assert hidden.text == "Error:"
    assert message.text == "Error: Enter a valid email address."


def test_radios_and_checkboxes_in_error_name_their_error_on_the_fieldset(invalid_document):
    for name, container_class, module in (
        ("colour", "govuk-radios", "govuk-radios"),
        ("topics", "govuk-checkboxes", "govuk-checkboxes"),
    ):
        fieldset = invalid_document.find(id=f"div_id_{name}").find("fieldset")
        assert fieldset.classes == ["govuk-fieldset"]
        assert fieldset.described_by == [f"id_{name}-error"]
        container = fieldset.find(class_=container_class)
        assert container.attrs["data-module"] == module
        assert fieldset.find("input", id=f"id_{name}_1") is not None


def test_a_valid_form_has_no_error_markup():
    form = EveryInputForm(
        data={
            "name": "A",
            "email": "a@example.org",
            "attendees": "3",
            "held_on": "2026-03-27",
            "secret": "x",
            "notes": "Short notes",
            "agency": "police",
            "colour": "red",
            "topics": ["minutes"],
        }
    )
    assert form.is_valid(), form.errors
    html = render(form)
    assert "govuk-error-summary" not in html
    assert "--error" not in html
    assert "-error" not in " ".join(" ".join(el.described_by) for el in parse(html).elements())


def test_rendering_twice_gives_the_same_markup():
    form = invalid_every_input_form()
    assert render(form) == render(form)


# 3. Error summary links ---------------------------------------------------------------------------------


def test_every_error_summary_link_goes_to_an_element_that_exists(invalid_document):
    links = assert_summary_links_resolve(invalid_document)
    hrefs = {link.text: link.attrs["href"] for link in links}
    assert hrefs["Enter a valid email address."] == "#id_email"
    assert hrefs["Select a valid choice. purple is not one of the available choices."] == "#id_colour_1"
    assert hrefs["Select a valid choice. nonsense is not one of the available choices."] == "#id_topics_1"


def test_the_first_radio_is_id_name_1_and_nothing_is_id_name(invalid_document):
    target = invalid_document.find(id="id_colour_1")
    assert target.tag == "input" and target.attrs["type"] == "radio" and target.attrs["value"] == "red"
    assert invalid_document.find(id="id_colour") is None, "the pack linked here: it does not exist"


def test_a_non_field_error_links_to_the_first_radio_of_the_first_field():
    document = parse(render(RadiosFirstForm(data={})))
    links = assert_summary_links_resolve(document)
    assert [(link.text, link.attrs["href"]) for link in links] == [("Give a colour or a reason", "#id_colour_1")]


def test_a_non_field_error_links_to_the_first_checkbox_of_the_first_field():
    document = parse(render(CheckboxesFirstForm(data={"topics": ["minutes"]})))
    links = assert_summary_links_resolve(document)
    assert [link.attrs["href"] for link in links] == ["#id_topics_1"]
    first = document.find(id="id_topics_1")
    assert first.attrs["type"] == "checkbox" and "checked" in first.attrs
    assert first.described_by == ["id_topics_1-item-hint"]
    assert document.find(id="id_topics_1-item-hint").classes == ["govuk-hint", "govuk-checkboxes__hint"]


def test_date_input_errors_link_to_a_part_of_the_date():
    document = parse(render(DateInputForm(data={"review_on_0": "27"})))
    links = assert_summary_links_resolve(document)
    assert [link.attrs["href"] for link in links] == ["#id_review_on_0"]
    fieldset = document.find("fieldset")
    assert fieldset.attrs["role"] == "group"
    assert fieldset.described_by == ["id_review_on-hint", "id_review_on-error"]
    for part in ("0", "1", "2"):
        element = document.find("input", id=f"id_review_on_{part}")
        assert {"govuk-input", "govuk-date-input__input", "govuk-input--error"} <= set(element.classes)
        assert element.attrs["inputmode"] == "numeric"
    assert document.find("input", id="id_review_on_0").attrs["value"] == "27"


def test_conditional_radios_errors_link_to_the_first_radio():
    document = parse(render(ConditionalForm(data={})))
    links = assert_summary_links_resolve(document)
    assert [link.attrs["href"] for link in links] == ["#id_contact_1"]
    first = document.find(id="id_contact_1")
    assert first.attrs["value"] == "email"
    assert first.attrs["data-aria-controls"] == "conditional-id_contact_1"
    assert document.find(id="conditional-id_contact_1").find("input", id="id_address") is not None


# 4. Error summary and error markup: govuk-frontend 6 ----------------------------------------------------


def test_the_error_summary_is_govuk_frontend_6_markup(invalid_document):
    summary = summary_of(invalid_document)
    assert summary.attrs == {"class": "govuk-error-summary", "data-module": "govuk-error-summary"}
    (alert,) = summary.child_elements()
    assert alert.tag == "div" and alert.attrs == {"role": "alert"}
    title, body = alert.child_elements()
    assert title.tag == "h2" and title.classes == ["govuk-error-summary__title"]
    assert title.text == "There is a problem"
    assert body.tag == "div" and body.classes == ["govuk-error-summary__body"]
    (error_list,) = body.child_elements()
    assert error_list.tag == "ul" and error_list.classes == ["govuk-list", "govuk-error-summary__list"]
    for item in error_list.child_elements():
        assert item.tag == "li"
        assert [child.tag for child in item.child_elements()] == ["a"]


def test_the_error_summary_comes_first_in_the_form_before_the_fields():
    html = render(invalid_every_input_form())
    document = parse(html)
    form = document.find("form")
    first_visible = [child for child in form.child_elements() if child.attrs.get("type") != "hidden"][0]
    assert "govuk-error-summary" in first_visible.classes
    assert html.index("govuk-error-summary") < html.index("govuk-form-group")


def test_a_form_with_only_a_non_field_error_shows_the_error_summary():
    form = OnlyNonFieldErrorForm(data={"title": "Quarterly meeting"})
    assert not form.is_valid() and list(form.errors) == ["__all__"]
    html = render(form)
    document = parse(html)
    links = assert_summary_links_resolve(document)
    assert [(link.text, link.attrs["href"]) for link in links] == [
        ("This meeting has already been recorded", "#id_title")
    ]
    assert html.count("This meeting has already been recorded") == 1, "in the summary only"
    assert "alert-" not in html


def test_no_bootstrap_markup_for_non_field_errors_anywhere():
    form = OnlyNonFieldErrorForm(data={"title": "Quarterly meeting"})
    form.helper.show_non_field_errors = True  # the pack's way to also show them above the fields
    filtered = render(form, "{% load crispy_forms_tags %}{{ form|crispy }}")
    for html in (render(form), filtered):
        assert "alert" not in html.replace('role="alert"', "")
        assert "<h4" not in html
    document = parse(filtered)  # the filter renders no summary: the error is a GOV.UK error message
    message = document.find("p", class_="govuk-error-message")
    assert message.text == "Error: This meeting has already been recorded"


def test_the_error_summary_tag_links_to_elements_the_form_renders():
    """The pack's {% error_summary form %}, for a page that puts the summary above its <h1>."""
    form = invalid_every_input_form()
    page = parse(render(form))
    present = ids(page)
    summary = parse(render(form, "{% load crispy_forms_gds %}{% error_summary form %}"))
    links = summary_of(summary).find_all("a")
    assert len(links) == len(form.errors) == 9
    for link in links:
        assert link.attrs["href"][1:] in present, f"{link.text!r} links to missing {link.attrs['href']}"

    summary = parse(render(RadiosFirstForm(data={}), "{% load crispy_forms_gds %}{% error_summary form %}"))
    assert summary_of(summary).find("a").attrs["href"] == "#id_colour_1"


def test_an_unbound_form_has_no_error_summary():
    assert "govuk-error-summary" not in render(EveryInputForm())


def test_no_error_summary_when_the_helper_hides_errors():
    form = invalid_every_input_form()
    form.helper.form_show_errors = False
    html = render(form)
    assert "govuk-error-summary" not in html
    assert "govuk-error-message" not in html


# 5. The rest of the markup ------------------------------------------------------------------------------


def test_the_submit_button_is_a_govuk_frontend_6_button_that_prevents_a_double_click():
    document = parse(render(EveryInputForm()))
    (button,) = document.find_all("button")
    assert button.attrs["type"] == "submit"
    assert button.classes == ["govuk-button"]
    assert button.attrs["data-module"] == "govuk-button"
    assert button.attrs["data-prevent-double-click"] == "true"
    assert (button.attrs["name"], button.attrs["value"], button.text) == ("submit", "Save", "Save")
    assert document.find("input", type="submit") is None


def test_the_form_leaves_validation_to_the_server():
    assert "novalidate" in parse(render(EveryInputForm())).find("form").attrs


def test_labels_hints_and_radios_follow_govuk_frontend_6():
    document = parse(render(RadiosFirstForm()))
    fieldset = document.find("fieldset")
    assert fieldset.described_by == ["id_colour-hint"]
    assert fieldset.find("legend").classes == ["govuk-fieldset__legend"]
    hint = document.find(id="id_colour-hint")
    assert hint.tag == "div" and hint.classes == ["govuk-hint"]
    radios = fieldset.find(class_="govuk-radios")
    assert radios.attrs["data-module"] == "govuk-radios"
    items = radios.find_all(class_="govuk-radios__item")
    assert [item.find("input").attrs["id"] for item in items] == ["id_colour_1", "id_colour_2", "id_colour_3"]
    label = document.find("label", **{"for": "id_reason"})
    assert label.classes == ["govuk-label"]


# Typed values come back after an error ------------------------------------------------------------------


def test_typed_values_are_rendered_again(invalid_document):
    assert invalid_document.find("input", id="id_email").attrs["value"] == "not-an-email"
    assert invalid_document.find("input", id="id_attendees").attrs["value"] == "several"
    textarea = invalid_document.find("textarea", id="id_notes")
    assert textarea.raw_text.lstrip("\n") == "Line one\nLine two & <three>"  # Django's leading newline


def test_a_chosen_radio_stays_chosen_after_an_error():
    document = parse(render(RadiosFirstForm(data={"colour": "green", "reason": "Because"})))
    checked = [radio.attrs["id"] for radio in document.find_all("input", type="radio") if "checked" in radio.attrs]
    assert checked == ["id_colour_2"]
    assert document.find("input", id="id_reason").attrs["value"] == "Because"


def test_the_projects_forms_render_through_the_overrides():
    from bscb.forms import PasswordResetForm

    form = PasswordResetForm(data={"email": "nobody"})
    assert not form.is_valid()
    document = parse(render(form))
    links = assert_summary_links_resolve(document)
    assert [link.attrs["href"] for link in links] == ["#id_email"]
    email = document.find("input", id="id_email")
    assert "govuk-input--error" in email.classes
    assert email.described_by == ["id_email-hint", "id_email-error"]
    assert email.attrs["value"] == "nobody"
    assert document.find("button").attrs["data-prevent-double-click"] == "true"
