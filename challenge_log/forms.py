"""The log's forms: fields and GOV.UK layout only. Raising an entry and every step carry a one-time token
(RecordForm, once), so a double click takes the step once; changing an entry's details carries its version."""

from crispy_forms_gds.layout import Field
from django import forms

from accountability.models import Body, Meeting, Organisation, User
from bscb import documents
from bscb.dates import DATE_HINT, GovDateField
from bscb.fields import free_text
from bscb.forms import FilesField, RecordForm, gds_helper
from bscb.models import Theme

from .links import registered as registered_links
from .models import Entry, Kind, LogSettings, SavedView, Treatment


def _scale(label: str, labels: list[str], required=False) -> forms.TypedChoiceField:
    choices = ([] if required else [("", "Not scored")]) + [(n, f"{n}: {text}") for n, text in
                                                           enumerate(labels, start=1)]
    return forms.TypedChoiceField(label=label, choices=choices, coerce=int, required=required, empty_value=None,
                                  error_messages={"required": f"Choose the {label.lower()}"})


class EntryForm(RecordForm, forms.ModelForm):
    """Raising an entry (`bodies`: those the person may raise it for) or, given its instance, changing it."""

    class Meta:
        model = Entry
        fields = ["kind", "raised_by_body", "title", "description", "organisation", "body", "themes",
                  "likelihood", "impact", "target_likelihood", "target_impact", "owner_body",
                  "owner_organisation", "next_review_on", "restricted"]
        labels = {"raised_by_body": "Raised by", "organisation": "Directed to an agency",
                  "body": "Or directed to a body", "owner_body": "Owner: a body (its chair)",
                  "owner_organisation": "Or owner: an agency (its leads)", "restricted": "Restricted"}
        error_messages = {"kind": {"required": "Choose whether it is a challenge, a risk or a concern"},
                          "raised_by_body": {"required": "Choose the body raising it"},
                          "title": {"required": "Enter a title"},
                          "description": {"required": "Describe the challenge, risk or concern"}}
        widgets = {"kind": forms.RadioSelect, "themes": forms.CheckboxSelectMultiple}

    next_review_on = GovDateField(label="Next review date", name="next review date", required=False)

    def __init__(self, *args, bodies=None, submit="Raise it", **kwargs):
        super().__init__(*args, **kwargs)
        scale = LogSettings.current()
        likelihood = [scale.likelihood_label(n) for n in range(1, 6)]
        impact = [scale.impact_label(n) for n in range(1, 6)]
        self.fields["likelihood"] = _scale("Likelihood", likelihood)
        self.fields["impact"] = _scale("Impact", impact)
        self.fields["target_likelihood"] = _scale("Target likelihood", likelihood)
        self.fields["target_impact"] = _scale("Target impact", impact)
        self.fields["kind"].choices = Kind.choices
        active = Body.objects.filter(active_to__isnull=True).order_by("name")
        self.fields["raised_by_body"].queryset = bodies if bodies is not None else active
        for name in ("body", "owner_body"):
            self.fields[name].queryset = active
        for name in ("organisation", "owner_organisation"):
            self.fields[name].queryset = Organisation.objects.order_by("name")
        self.fields["themes"].queryset = Theme.objects.order_by("name")
        self.fields["themes"].required = False
        if self.instance.pk:  # who raised it, and what it is, stay as raised
            del self.fields["kind"], self.fields["raised_by_body"]
        linked = registered_links()
        chosen = {link.name: link.linked([self.instance.pk]).get(self.instance.pk, []) for link in linked
                  } if self.instance.pk else {}
        for link in linked:
            self.fields[link.name] = forms.ModelMultipleChoiceField(
                label=link.label, help_text=link.help_text, queryset=link.choices(), required=False,
                widget=forms.CheckboxSelectMultiple, initial=[thing.pk for thing in chosen.get(link.name, [])])
        fields = [] if self.instance.pk else [Field.radios("kind", legend_size="s"), Field.select("raised_by_body")]
        self.helper = gds_helper(
            *fields, Field.text("title"), Field.textarea("description", rows=5), Field.select("organisation"),
            Field.select("body"), Field.checkboxes("themes", legend_size="s", small=True),
            *[Field.checkboxes(link.name, legend_size="s", small=True) for link in linked],
            Field.select("likelihood"), Field.select("impact"), Field.select("target_likelihood"),
            Field.select("target_impact"), Field.select("owner_body"), Field.select("owner_organisation"),
            Field("next_review_on"), Field.checkbox("restricted"), submit=submit)


class StepForm(RecordForm, forms.Form):
    """A step of an entry's life: it makes a record, so it carries a one-time token."""

    submit = "Save"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("once", True)
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(*self.layout(), submit=self.submit)

    def layout(self):
        return [Field.textarea(name, rows=4) if isinstance(field.widget, forms.Textarea) else Field(name)
                for name, field in self.fields.items() if not isinstance(field.widget, forms.HiddenInput)]


class RequestForm(StepForm):
    submit = "Send the request"
    asks = free_text("What is asked", error_messages={"required": "Say what assurance is asked for"})
    due_on = GovDateField(label="Due date", name="due date")


class AnswerForm(StepForm):
    submit = "Send the assurance report"
    text = free_text("Assurance report", error_messages={"required": "Enter the assurance report"})
    files = FilesField(
        label="Evidence (optional)", kinds=documents.ATTACHMENTS,
        help_text=f"One or more files: {documents.kinds_named(documents.ATTACHMENTS)}, each smaller than "
                  "{mb} MB, without macros, scripts or embedded files. Files are added to the entry and kept; "
                  "only the business unit can remove one.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["files"]
        field.help_text = field.help_text.format(mb=max(1, documents.max_bytes() // (1024 * 1024)))

    def layout(self):
        return [Field.textarea("text", rows=8), Field("files")]


class JudgeForm(StepForm):
    submit = "Record the judgement"
    assured = forms.TypedChoiceField(
        label="Judgement", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "Assured: close the challenge"), ("no", "Not assured")],
        error_messages={"required": "Choose assured or not assured"})
    outcome = free_text("Outcome", required=False)
    impact = free_text("Impact", required=False, help_text="Optional. What changed for children, as known.")
    refer = forms.BooleanField(label="Refer it to the body that holds the log", required=False,
                               help_text="Only when not assured.")

    def layout(self):
        return [Field.radios("assured", legend_size="s"), Field.textarea("outcome", rows=3),
                Field.textarea("impact", rows=3), Field.checkbox("refer")]


class NominateForm(StepForm):
    submit = "Nominate"
    person = forms.ModelChoiceField(label="Who judges the answers", queryset=User.objects.none(), required=False,
                                    empty_label="The chair")

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(pk__in=[m.pk for m in members]).order_by("full_name")

    def layout(self):
        return [Field.select("person")]


class ReasonForm(StepForm):
    reason = free_text("Reason", error_messages={"required": "Give the reason"})

    def __init__(self, *args, submit="Save", **kwargs):
        self.submit = submit
        super().__init__(*args, **kwargs)


class OutcomeForm(StepForm):
    submit = "Record the outcome"
    meeting = forms.ModelChoiceField(label="Meeting", queryset=Meeting.objects.none(),
                                     error_messages={"required": "Choose the meeting where it was decided"})
    outcome = free_text("Outcome", error_messages={"required": "Enter the outcome"})
    keep_open = forms.BooleanField(label="Keep the entry open", required=False,
                                   help_text="Otherwise it is closed with this outcome.")

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings

    def layout(self):
        return [Field.select("meeting"), Field.textarea("outcome", rows=4), Field.checkbox("keep_open")]


class ReviewForm(StepForm):
    submit = "Record the review"
    commentary = free_text("Commentary", error_messages={"required": "Enter a commentary"})
    next_review_on = GovDateField(label="Next review date", name="next review date", required=False)

    def __init__(self, *args, **kwargs):
        scale = LogSettings.current()
        super().__init__(*args, **kwargs)
        self.fields["likelihood"] = _scale("Likelihood", [scale.likelihood_label(n) for n in range(1, 6)], True)
        self.fields["impact"] = _scale("Impact", [scale.impact_label(n) for n in range(1, 6)], True)
        self.helper = gds_helper(*self.layout(), submit=self.submit)

    def layout(self):
        return [Field.select(n) for n in ("likelihood", "impact") if n in self.fields] + [
            Field.textarea("commentary", rows=4), Field("next_review_on")]


class TreatForm(StepForm):
    submit = "Record the treatment"
    treatment = forms.ChoiceField(label="Treatment", widget=forms.RadioSelect, choices=Treatment.choices,
                                  error_messages={"required": "Choose how the risk is treated"})
    reason = free_text("Reason", error_messages={"required": "Give the reason"})
    expires_on = GovDateField(label="Tolerated until", name="date the tolerance ends", required=False,
                              help_text=f"Only to tolerate it: after this date it returns to review. {DATE_HINT}")

    def layout(self):
        return [Field.radios("treatment", legend_size="s"), Field.textarea("reason", rows=3), Field("expires_on")]


class ToleranceForm(StepForm):
    submit = "Record the decision"
    agree = forms.TypedChoiceField(
        label="Decision", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "Tolerate it until the date proposed"), ("no", "Decline")],
        error_messages={"required": "Choose whether to tolerate it"})
    comment = free_text("Comment", required=False)

    def layout(self):
        return [Field.radios("agree", legend_size="s"), Field.textarea("comment", rows=3)]



class NoncomplianceForm(StepForm):
    submit = "Raise the challenge"
    asks = free_text("What is asked", error_messages={"required": "Say what assurance is asked for"})
    due_on = GovDateField(label="Due date of the assurance", name="due date")


class SavedViewForm(RecordForm, forms.ModelForm):
    """Naming the list's current filters and sort (`query`, carried hidden from the list's address), or
    renaming a saved view (its instance: the version it was opened at)."""

    class Meta:
        model = SavedView
        fields = ["name", "query"]
        labels = {"name": "Name of the view"}
        help_texts = {"name": "A few words you will recognise, such as \u201copen challenges to agencies\u201d."}
        error_messages = {"name": {"required": "Enter a name for the view",
                                   "max_length": "The name must be 80 characters or less"}}
        widgets = {"query": forms.HiddenInput}

    def __init__(self, *args, submit="Save the view", **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # renaming: what it shows stays as saved
            del self.fields["query"]
        self.helper = gds_helper(Field.text("name"), submit=submit)
