"""Forms of the quarterly outcome report: fields and GOV.UK layout only."""

from crispy_forms_gds.layout import Field
from django import forms

from accountability.models import Meeting
from bscb.fields import free_text
from bscb.forms import RecordForm, gds_helper


class BuildForm(RecordForm, forms.Form):
    quarter = forms.CharField(label="Quarter", max_length=6, help_text="The year the partnership's year starts in "
                              "and the quarter's number, like 2017Q1 for April to June 2017.",
                              error_messages={"required": "Enter the quarter, like 2017Q1"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("once", True)
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("quarter", field_width=10), submit="Build the report")


class CommentForm(RecordForm, forms.Form):
    text = free_text("Comment", error_messages={"required": "Enter the comment"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("once", True)
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("text", rows=5), submit="Save the comment")


class NarrativeForm(RecordForm, forms.Form):
    """One section's narrative: edits the report, so it carries the version it was opened at."""

    text = free_text("Narrative", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("text", rows=10), submit="Save the narrative")


class MeetingForm(RecordForm, forms.Form):
    meeting = forms.ModelChoiceField(label="Meeting", queryset=Meeting.objects.none(),
                                     error_messages={"required": "Choose the meeting"})

    def __init__(self, *args, meetings, submit: str, **kwargs):
        kwargs.setdefault("once", True)
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.helper = gds_helper(Field.select("meeting"), submit=submit)
