"""Forms for action plans and actions: fields and GOV.UK layout only. Each step carries a one-time token (a
double click takes it once); changing an action's details carries its version."""

from crispy_forms_gds.layout import Field
from django import forms

from accountability.models import Meeting, Organisation, User
from bscb import documents
from bscb.dates import GovDateField
from bscb.fields import free_text
from bscb.forms import FilesField, RecordForm, gds_helper
from bscb.models import Theme

from .action_models import Action, Progress
from .models import Outcome


class ActionForm(RecordForm, forms.ModelForm):
    """An action's details: adding one (a new instance) or changing it."""

    class Meta:
        model = Action
        fields = ["description", "outcomes", "themes", "owner", "organisation", "due_on", "success_measure"]
        labels = {"description": "Action", "owner": "Owner", "organisation": "Owner's agency"}
        error_messages = {"description": {"required": "Describe the action"},
                          "success_measure": {"required": "Say how success will be measured"}}
        widgets = {"outcomes": forms.CheckboxSelectMultiple, "themes": forms.CheckboxSelectMultiple}

    due_on = GovDateField(label="Due date", name="due date")

    def __init__(self, *args, plan=None, submit="Save the action", **kwargs):
        super().__init__(*args, **kwargs)
        outcomes = Outcome.objects.select_related("priority").order_by("priority__number", "order", "code")
        self.fields["outcomes"].queryset = outcomes.filter(priority__plan=plan) if plan is not None else outcomes
        self.fields["outcomes"].required = False
        self.fields["outcomes"].label_from_instance = lambda o: f"{o.code} {o.statement[:90]}"
        self.fields["themes"].queryset = Theme.objects.order_by("name")
        self.fields["themes"].required = False
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("full_name")
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.helper = gds_helper(
            Field.textarea("description", rows=4), Field.checkboxes("outcomes", legend_size="s", small=True),
            Field.checkboxes("themes", legend_size="s", small=True), Field.select("owner"),
            Field.select("organisation"), Field("due_on"), Field.textarea("success_measure", rows=3), submit=submit)


class SetActionForm(ActionForm):
    """An action with no plan: whose it is (a body the person may set actions for), and its details. What it
    arises from (a log entry or a meeting's decision) comes with the link that opened the page."""

    class Meta(ActionForm.Meta):
        fields = ["body", *ActionForm.Meta.fields]
        labels = {**ActionForm.Meta.labels, "body": "Whose action"}
        error_messages = {**ActionForm.Meta.error_messages, "body": {"required": "Choose whose action it is"}}

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, submit="Set the action", **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].help_text = "The body that set it, and that follows it up."
        self.helper = gds_helper(
            Field.select("body"), *self.helper.layout.fields[:-1], submit="Set the action")


class StepForm(RecordForm, forms.Form):
    """A step of an action or a plan: it makes a record, so it carries a one-time token."""

    submit = "Save"

    def __init__(self, *args, meetings=None, meeting_required=False, submit=None, **kwargs):
        kwargs.setdefault("once", True)
        super().__init__(*args, **kwargs)
        if submit:
            self.submit = submit
        if "meeting" in self.fields:
            if meetings is None:
                del self.fields["meeting"]
            else:
                self.fields["meeting"].queryset = meetings
                self.fields["meeting"].required = meeting_required
                if not meeting_required:
                    self.fields["meeting"].label = "Meeting (optional: leave blank if decided between meetings)"
        self.helper = gds_helper(*self.layout(), submit=self.submit)

    def layout(self):
        return [Field.textarea(name, rows=4) if isinstance(field.widget, forms.Textarea)
                else Field.select(name) if isinstance(field, forms.ModelChoiceField) else Field(name)
                for name, field in self.fields.items() if not isinstance(field.widget, forms.HiddenInput)]


def _meeting_field():
    return forms.ModelChoiceField(label="Meeting", queryset=Meeting.objects.none(), required=False,
                                  error_messages={"required": "Choose the meeting where it was decided"})


class CommentForm(StepForm):
    """Approving, signing off, ratifying, proposing complete: a comment and, where decided at one, the meeting."""

    meeting = _meeting_field()
    comment = free_text("Comment", required=False)


class ReasonForm(StepForm):
    """Returning, declining, withdrawing, revising: the reason is required."""

    meeting = _meeting_field()
    reason = free_text("Reason", error_messages={"required": "Give the reason"})


class ProgressForm(StepForm):
    submit = "Save the update"
    on = GovDateField(label="Date of the update", name="date of the update")
    status = forms.ChoiceField(label="Status", widget=forms.RadioSelect, choices=Progress.choices,
                               error_messages={"required": "Choose the status"})
    commentary = free_text("Commentary", error_messages={"required": "Enter the commentary"})

    def layout(self):
        return [Field("on"), Field.radios("status", legend_size="s"), Field.textarea("commentary", rows=5)]


class EvidenceForm(StepForm):
    submit = "Add the evidence"
    text = free_text("What changed for children, and how we know",
                     error_messages={"required": "Say what changed for children, and how you know"})
    files = FilesField(label="Files (optional)", kinds=documents.ATTACHMENTS,
                       help_text=f"One or more files: {documents.kinds_named(documents.ATTACHMENTS)}. Files are "
                                 "kept; only the business unit can remove one.")

    def layout(self):
        return [Field.textarea("text", rows=6), Field("files")]
