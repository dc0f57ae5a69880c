"""Forms of the plan pages: fields and GOV.UK layout only. The services hold the rules (years within
the plan, unique numbers and codes, closed plans); the views put their refusals beside the fields."""

from crispy_forms_gds.layout import Field, Fluid
from django import forms
from django.db.models import Q
from django.utils import timezone

from accountability.models import Body
from accountability.roles import active_bodies
from bscb.dates import DATE_HINT, GovDateField
from bscb.fields import free_text
from bscb.forms import RecordForm, gds_helper
from bscb.models import Theme

from .models import EvidenceItem, Outcome, Plan, Priority, Target

NUMERIC = {"inputmode": "numeric", "spellcheck": "false"}
ONE_A_LINE = "One {} a line."
NO_TITLE = "Enter the plan's title"
NO_STATEMENT = "Enter the statement"
NO_CODE = "Enter the outcome's number, for example 1.2"
NO_TEXT = "Enter the text as the plan words it"


def _year(label: str, what: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=1990, max_value=2100, help_text=help_text, widget=forms.TextInput(attrs=NUMERIC),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as 4 numbers, for example 2019",
            "min_value": f"The {what} must be 1990 or later",
            "max_value": f"The {what} must be 2100 or earlier",
        },
    )


def _whole_number(label: str, what: str, help_text: str = "", required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=1, max_value=999, help_text=help_text, required=required,
        widget=forms.TextInput(attrs=NUMERIC),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a whole number, like 2",
            "min_value": f"The {what} must be 1 or more",
            "max_value": f"The {what} must be 999 or less",
        },
    )


def _themes_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="Themes", required=False, queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.",
    )


class PlanForm(RecordForm, forms.ModelForm):
    title = free_text("Title", max_length=300, widget=forms.TextInput, error_messages={"required": NO_TITLE},
                      help_text="For example, Safeguarding plan 2016 to 2018.")
    first_year = _year("First year", "first year", "The first calendar year the plan runs in, for example 2016.")
    last_year = _year("Last year", "last year", "The last calendar year the plan runs in, for example 2018.")
    vision = free_text("Vision statement", required=False)
    introduction = free_text("Introduction", required=False, help_text=ONE_A_LINE.format("paragraph"))
    outstanding_traits = free_text("The traits of an outstanding partnership", required=False,
                                   help_text=ONE_A_LINE.format("trait"))

    class Meta:
        model = Plan
        fields = ["title", "first_year", "last_year", "vision", "introduction", "outstanding_traits"]

    def __init__(self, *args, submit: str = "Save the plan", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("title", field_width=Fluid.FULL),
            Field.text("first_year", field_width=4),
            Field.text("last_year", field_width=4),
            Field.textarea("vision", rows=3),
            Field.textarea("introduction", rows=8),
            Field.textarea("outstanding_traits", rows=6),
            submit=submit,
        )


class PlanCopyForm(RecordForm, forms.Form):
    title = free_text("Title of the next plan", max_length=300, widget=forms.TextInput,
                      error_messages={"required": NO_TITLE})
    first_year = _year("First year", "first year", "The first calendar year the next plan runs in.")
    last_year = _year("Last year", "last year", "The last calendar year the next plan runs in.")

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        length = plan.last_year - plan.first_year
        self.fields["first_year"].initial = plan.last_year + 1
        self.fields["last_year"].initial = plan.last_year + 1 + length
        self.helper = gds_helper(
            Field.text("title", field_width=Fluid.FULL),
            Field.text("first_year", field_width=4),
            Field.text("last_year", field_width=4),
            submit="Copy the plan",
        )


class PriorityForm(RecordForm, forms.ModelForm):
    number = _whole_number("Number", "priority's number", "As the plan numbers it, for example 1.")
    title = free_text("Short heading", max_length=300, required=False, widget=forms.TextInput,
                      help_text="Optional. Where the plan gives one.")
    statement = free_text("Statement", error_messages={"required": NO_STATEMENT})
    focus_areas = free_text("Focus areas", required=False, help_text=ONE_A_LINE.format("focus area"))
    narrative = free_text("Narrative", required=False,
                          help_text="Optional. Any further text the plan gives. " + ONE_A_LINE.format("paragraph"))
    business_as_usual = free_text("Business-as-usual developments", required=False,
                                  help_text="Optional. " + ONE_A_LINE.format("development"))
    themes = _themes_field()

    class Meta:
        model = Priority
        fields = ["number", "title", "statement", "focus_areas", "narrative", "business_as_usual", "themes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("number", field_width=2),
            Field.text("title", field_width=Fluid.FULL),
            Field.textarea("statement", rows=3),
            Field.textarea("focus_areas", rows=6),
            Field.textarea("narrative", rows=6),
            Field.textarea("business_as_usual", rows=6),
            Field.checkboxes("themes", legend_size="s", small=True),
            submit="Save the priority",
        )


class OutcomeForm(RecordForm, forms.ModelForm):
    code = forms.CharField(label="Number", max_length=10, help_text="As the plan numbers it, for example 1.2.",
                           error_messages={"required": NO_CODE})
    order = _whole_number("Order", "order", "Where it comes among the priority's outcomes: 1 first.")
    statement = free_text("Statement", error_messages={"required": NO_STATEMENT})
    years = forms.TypedMultipleChoiceField(
        label="Years it runs in", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Select every year the plan marks.",
        error_messages={"invalid_choice": "Choose years from the list"},
    )
    responsibility = free_text("Responsibility", required=False, help_text="Who is responsible, in the plan's words.")
    themes = _themes_field()

    class Meta:
        model = Outcome
        fields = ["code", "order", "statement", "years", "responsibility", "themes"]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        # Years already marked stay offered even if the plan's period moved: the service then explains.
        years = sorted(set(plan.years) | set(self.instance.years or []))
        self.fields["years"].choices = [(year, str(year)) for year in years]
        self.helper = gds_helper(
            Field.text("code", field_width=4),
            Field.text("order", field_width=2),
            Field.textarea("statement", rows=3),
            Field.checkboxes("years", legend_size="s", small=True),
            Field.textarea("responsibility", rows=2),
            Field.checkboxes("themes", legend_size="s", small=True),
            submit="Save the outcome",
        )


class TargetForm(RecordForm, forms.ModelForm):
    text = free_text("Target, timeline or milestone", error_messages={"required": NO_TEXT})
    due_date = GovDateField(label="Due date", required=False,
                            help_text=f"Optional. Where the plan gives one. {DATE_HINT}")

    class Meta:
        model = Target
        fields = ["text", "due_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("text", rows=3), Field("due_date"), submit="Save the target")


class BodyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.short_name})" if obj.short_name else obj.name


class EvidenceForm(RecordForm, forms.ModelForm):
    text = free_text("Evidence or evaluation of impact", error_messages={"required": NO_TEXT})
    responsibility = free_text("Responsibility", required=False, help_text="Who is responsible, in the plan's words.")
    responsible_bodies = BodyChoiceField(
        label="Responsible bodies", required=False, queryset=Body.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )

    class Meta:
        model = EvidenceItem
        fields = ["text", "responsibility", "responsible_bodies"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.responsible_bodies.all() if self.instance.pk else Body.objects.none()
        # Active bodies, and any already named that has since closed (so that saving keeps it).
        self.fields["responsible_bodies"].queryset = (
            Body.objects.filter(active_bodies(timezone.localdate()) | Q(pk__in=current.values("pk")))
            .only("pk", "name", "short_name").order_by("name")
        )
        self.helper = gds_helper(
            Field.textarea("text", rows=3),
            Field.textarea("responsibility", rows=2),
            Field.checkboxes("responsible_bodies", legend_size="s", small=True),
            submit="Save the evidence item",
        )
