"""Forms of the structure pages: organisations and their leads, bodies, memberships, and the
list filters. Fields and GOV.UK layout only; the services hold the rules and the views copy their
messages beside the fields."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.utils import timezone

from bscb.dates import DATE_HINT, GovDateField
from bscb.fields import free_text
from bscb.forms import RecordForm, gds_helper, model_data

from ..models import Body, BodyKind, Function, LeadRole, Organisation, Role, User


def _person_choices():
    return User.objects.filter(is_active=True).order_by("full_name", "email")


class PersonChoiceField(forms.ModelChoiceField):
    """A select of active people, named with their email so that two of the same name differ."""

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


# Organisations and their leads
class OrganisationForm(RecordForm, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "sector", "kind", "parent"]
        labels = {"short_name": "Short name", "kind": "Kind of agency", "parent": "Part of"}
        help_texts = {
            "short_name": "Optional. How it is usually abbreviated, for example CAFCASS.",
            "parent": "Optional. The larger organisation it belongs to, if any.",
        }
        widgets = {"sector": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the organisation's name",
                     "unique": "An organisation with this name already exists"},
            "sector": {"required": "Choose the organisation's sector"},
            "kind": {"required": "Choose the kind of agency"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Organisation.objects.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "None"
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("short_name", field_width=Fluid.ONE_THIRD),
            Field.radios("sector", legend_size="s"),
            Field.select("kind"),
            Field.select("parent"),
            submit="Save the organisation",
        )


class OrganisationLeadForm(RecordForm, forms.Form):
    person = PersonChoiceField(
        queryset=User.objects.none(), label="Person", empty_label="Choose a person",
        error_messages={"required": "Choose the person", "invalid_choice": "Choose a person from the list"},
    )
    role = forms.ChoiceField(
        label="Role", choices=LeadRole.choices, widget=forms.RadioSelect, initial=LeadRole.LEAD,
        help_text="Leads and deputies both see and answer what is addressed to the agency.",
        error_messages={"required": "Choose lead or deputy"},
    )
    start = GovDateField(label="Start date")
    end = GovDateField(label="End date", required=False, help_text=f"Optional. {DATE_HINT}")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _person_choices()
        self.fields["start"].initial = timezone.localdate()
        self.helper = gds_helper(
            Field.select("person"), Field.radios("role", legend_size="s"), Field("start"), Field("end"),
            submit="Add the lead",
        )


class EndTermForm(RecordForm, forms.Form):
    """The confirmation step before a membership or a lead's term ends (`record=` the membership or lead)."""

    end = GovDateField(label="End date", help_text=f"The last day of the term. {DATE_HINT}")

    def __init__(self, *args, submit: str, initial_end: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"].initial = initial_end or timezone.localdate()
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field("end"),
            Submit("submit", submit, css_class="govuk-button--warning", data_prevent_double_click="true"),
        )


# Bodies
OWES = [
    ("owes_summaries", "A summary after each meeting"),
    ("owes_quarterly_summaries", "Quarterly summaries"),
    ("owes_yearly_assurance", "A yearly assurance report"),
]


class BodyForm(RecordForm, forms.ModelForm):
    purpose = free_text("Purpose", required=False, help_text="One purpose a line.")
    terms_of_reference = free_text("Terms of reference", required=False)
    membership_rule = free_text(
        "Membership", required=False, help_text="Who sits on it, as its terms of reference say."
    )
    meeting_cadence_weeks = forms.IntegerField(
        label="How often it meets, in weeks", required=False, min_value=1, max_value=104,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="Optional. For example, 8 for every two months.",
        error_messages={"invalid": "Enter the number of weeks as a whole number, like 8",
                        "min_value": "The number of weeks must be 1 or more",
                        "max_value": "The number of weeks must be 104 or fewer"},
    )
    owes = forms.MultipleChoiceField(
        label="What it owes", choices=OWES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. The reminders follow from these.",
    )
    functions = forms.MultipleChoiceField(
        label="Functions it holds", choices=Function.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Workflows find the body by its function. Only one body at a time may "
        "be the business unit, monitor the sub groups, approve action plans, sign off actions, ratify or hold "
        "the log.",
    )
    active_from = GovDateField(label="Active from", name="date it is active from")
    active_to = GovDateField(
        label="Active until", name="date it is active until", required=False,
        help_text=f"Optional. Leave blank while it goes on. {DATE_HINT}",
    )

    # What it owes: three flags of the body, asked as one question.
    field_names = {flag: "owes" for flag, _ in OWES}

    class Meta:
        model = Body
        fields = [
            "kind", "name", "short_name", "purpose", "terms_of_reference", "membership_rule",
            "seats_for_chairs_of", "reports_to", "meeting_cadence_weeks", "active_from", "active_to",
        ]
        labels = {
            "kind": "Kind of body", "short_name": "Short name", "reports_to": "Reports to",
            "seats_for_chairs_of": "Its members include the chair of every",
        }
        help_texts = {
            "short_name": "For example, PMAE or L&D.",
            "seats_for_chairs_of": "Optional. For example, a group whose members include the chair of every sub "
            "group: a change of chair moves the seat without an edit here.",
            "reports_to": "Optional.",
        }
        error_messages = {
            "kind": {"required": "Choose the kind of body"},
            "name": {"required": "Enter the body's name", "unique": "A body with this name already exists"},
            "short_name": {"required": "Enter the body's short name"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.instance
        kinds = BodyKind.objects.order_by("order", "name")
        self.fields["kind"].queryset = kinds
        self.fields["kind"].empty_label = "Choose a kind"
        self.fields["seats_for_chairs_of"].queryset = kinds
        self.fields["seats_for_chairs_of"].empty_label = "None"
        others = Body.objects.order_by("name")
        if body.pk:
            others = others.exclude(pk=body.pk)
        self.fields["reports_to"].queryset = others
        self.fields["reports_to"].empty_label = "None"
        if not self.is_bound:
            self.initial["owes"] = [flag for flag, _ in OWES if getattr(body, flag)]
            if body.pk:
                self.initial["functions"] = [f.function for f in body.functions.all()]
            else:
                self.initial["active_from"] = timezone.localdate()
        self.helper = gds_helper(
            Field.select("kind"),
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("short_name", field_width=Fluid.ONE_THIRD),
            Field.textarea("purpose", rows=6),
            Field.textarea("terms_of_reference", rows=6),
            Field.textarea("membership_rule", rows=3),
            Field.select("seats_for_chairs_of"),
            Field.select("reports_to"),
            Field.text("meeting_cadence_weeks", field_width=2),
            Field.checkboxes("owes", legend_size="s"),
            Field.checkboxes("functions", legend_size="s"),
            Field("active_from"),
            Field("active_to"),
            submit="Save the body",
        )

    def body_data(self) -> dict:
        """What the body service takes: the body's own fields, and what it owes (three flags on the body,
        asked as one question)."""
        owes = set(self.cleaned_data.get("owes") or [])
        return {**model_data(self), **{flag: flag in owes for flag, _ in OWES}}


class MembershipForm(RecordForm, forms.Form):
    person = PersonChoiceField(
        queryset=User.objects.none(), label="Person", empty_label="Choose a person",
        error_messages={"required": "Choose the person", "invalid_choice": "Choose a person from the list"},
    )
    role = forms.ChoiceField(
        label="Role", choices=Role.choices, widget=forms.RadioSelect, error_messages={"required": "Choose the role"},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Agency represented", required=False, empty_label="None",
        help_text="Optional. The agency the person represents on this body.",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    start = GovDateField(label="Start date")
    end = GovDateField(label="End date", required=False, help_text=f"Optional. {DATE_HINT}")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _person_choices()
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["start"].initial = timezone.localdate()
        self.helper = gds_helper(
            Field.select("person"), Field.radios("role", legend_size="s"), Field.select("organisation"),
            Field("start"), Field("end"), submit="Add the member",
        )
