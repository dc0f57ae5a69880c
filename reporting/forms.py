from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from bscb.fields import free_text
from bscb.forms import RecordForm, gds_helper

from .models import SECTIONS


def _section_fields(sections):
    return [Field.textarea(name, rows=5) for name, _ in sections]


class SummaryForm(RecordForm, forms.Form):
    """The sections the kind of report asks for (a yearly report's differ from a summary's); `record=` the draft
    (an unsaved version where there is none yet)."""

    def __init__(self, *args, sections=SECTIONS, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in sections:
            self.fields[name] = free_text(label, required=False)
        # The page draws the form tag and its two buttons: save the draft, or save and submit.
        self.helper = FormHelper()
        self.helper.layout = Layout(*_section_fields(sections))
        self.helper.form_tag = False


class AmendForm(RecordForm, forms.Form):
    """An amendment: a new version (`once=True`), of the latest (`record=`), which must not have changed since."""

    def __init__(self, *args, sections=SECTIONS, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in sections:
            self.fields[name] = free_text(label, required=False)
        self.fields["amendment_reason"] = free_text(
            "Why it is being amended", error_messages={"required": "Give the reason for the amendment"})
        self.helper = gds_helper(*_section_fields(sections), Field.textarea("amendment_reason", rows=3),
                                 submit="Save the amendment")


NOBODY = "nobody"


class NominateForm(RecordForm, forms.Form):
    field_names = {"nominated_drafter": "person"}

    person = forms.ChoiceField(label="Who drafts the summary", widget=forms.RadioSelect,
                               error_messages={"required": "Choose who drafts the summary"})

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [*[(str(m.person_id), str(m.person)) for m in members],
                                         (NOBODY, "Nobody: the chair drafts it")]
        self.helper = gds_helper(Field.radios("person", legend_size="m"), submit="Save the nomination")
