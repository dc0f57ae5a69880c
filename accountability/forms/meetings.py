"""Forms of the meetings pages: fields and GOV.UK layout only; the services hold the rules."""

from datetime import date, datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html

from bscb import documents
from bscb.dates import GovDateField
from bscb.fields import free_text
from bscb.forms import RecordForm, gds_helper
from bscb.models import Theme

from ..models import MINUTES_MAX_LENGTH, AttendanceStatus, ChildrensVoice, Meeting
from ..services import VOICE_REQUIRED

TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
NO_TIME = "Enter the time the meeting starts"
NOT_A_TIME = "Enter the time as hours and minutes on the 24-hour clock, for example 14:30"
NO_AGENDA_TITLE = "Enter the title of the agenda item"
NO_DECISION = "Enter the decision"
NO_ATTENDANCE = "Choose the attendance of at least one member"
PERIOD_BACKWARDS = "The end of the period must be the same as or after its start"
YES_NO = [("yes", "Yes"), ("no", "No")]


def _helper(*fields, submit: str, **kwargs):
    helper = gds_helper(*fields, submit=submit)
    for name, value in kwargs.items():
        setattr(helper, name, value)
    return helper


# Meetings
class MeetingForm(RecordForm, forms.Form):
    """Scheduling a meeting, or (`record=` the meeting) changing its details."""

    field_names = {"starts_at": "starts_on"}

    starts_on = GovDateField(label="Date", name="date of the meeting")
    time = forms.TimeField(
        label="Start time", help_text="On the 24-hour clock, for example 14:30", input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": NO_TIME, "invalid": NOT_A_TIME},
    )
    place = forms.CharField(label="Place", required=False, max_length=200,
                            help_text="For example, the room and building, or \u201cOnline\u201d")
    is_final_of_year = forms.BooleanField(
        label="This is its last meeting of the partnership\u2019s year", required=False,
        help_text="The yearly assurance reports it receives fall due before it.",
    )

    def __init__(self, *args, submit: str = "Save", offers_final_of_year: bool = False, **kwargs):
        """`offers_final_of_year`: the body receives yearly assurance reports (or the meeting is
        flagged already), so the last meeting of the year may be flagged; no checkbox otherwise."""
        super().__init__(*args, **kwargs)
        fields = [Field("starts_on"), Field.text("time", field_width=Fluid.ONE_QUARTER),
                  Field.text("place", field_width=Fluid.TWO_THIRDS)]
        if offers_final_of_year:
            fields.append(Field.checkbox("is_final_of_year"))
        else:
            del self.fields["is_final_of_year"]
        self.helper = _helper(*fields, submit=submit)

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        local = timezone.localtime(meeting.starts_at)
        return {"starts_on": local.date(), "time": local.time().replace(second=0, microsecond=0),
                "place": meeting.place, "is_final_of_year": meeting.is_final_of_year}

    def refill(self, name, value, *, changed):
        """The record's start (a date and time) is two fields here."""
        if changed != "starts_at":
            return super().refill(name, value, changed=changed)
        local = timezone.localtime(value)
        super().refill("starts_on", local.date(), changed=changed)
        super().refill("time", local.strftime("%H:%M"), changed=changed)

    def starts_at(self):
        return timezone.make_aware(datetime.combine(self.cleaned_data["starts_on"], self.cleaned_data["time"]))


class AgendaItemForm(RecordForm, forms.Form):
    title = free_text("Title", max_length=300, widget=forms.TextInput,
                      error_messages={"required": NO_AGENDA_TITLE})
    notes = free_text("Notes", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("title"), Field.textarea("notes", rows=5), submit="Add the item")


class MinutesForm(RecordForm, forms.Form):
    minutes = free_text("Minutes", required=False, help_text="The minutes as agreed, or a summary of them.",
                        max_length=MINUTES_MAX_LENGTH)
    minutes_document = forms.FileField(
        label="Minutes document", required=False, widget=forms.FileInput,
        help_text="Optional. A PDF, a Word document (.docx) or an OpenDocument text document (.odt), smaller "
        "than {mb} MB, without macros, scripts or embedded files. It replaces any document already attached; the "
        "business unit can still open earlier ones from the meeting's history.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = max(1, settings.MINUTES_MAX_BYTES // (1024 * 1024))
        field = self.fields["minutes_document"]
        field.help_text = field.help_text.format(mb=limit)
        field.widget.attrs["accept"] = documents.accept(documents.DOCUMENTS)
        self.helper = _helper(
            Field.textarea("minutes", rows=12), Field("minutes_document"), submit="Save the minutes",
        )


# Attendance: one form a member, prefixed by the person's id; `record=` the member's attendance (an unsaved
# one where none is recorded yet).
class AttendanceForm(RecordForm, forms.Form):
    status = forms.ChoiceField(choices=AttendanceStatus.choices, widget=forms.RadioSelect, required=False)
    delegate_name = forms.CharField(max_length=150, required=False)
    delegate_role = forms.CharField(max_length=150, required=False)
    delegate_organisation = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    delegate_sufficiently_senior = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, required=False)

    def __init__(self, *args, member, organisation_choices, **kwargs):
        """`member`: a Membership (perhaps a derived, unsaved one); `organisation_choices`: a list
        built once for every member's form, so that the page's queries do not grow with the members."""
        super().__init__(*args, **kwargs)
        self.member = member
        name = member.person.full_name or member.person.email
        self.member_name = name

        def hidden(text):
            return format_html('{}<span class="govuk-visually-hidden"> ({})</span>', text, name)

        self.fields["status"].label = hidden("Attendance")
        self.fields["delegate_name"].label = hidden("Delegate\u2019s name")
        self.fields["delegate_role"].label = hidden("Delegate\u2019s role")
        self.fields["delegate_organisation"].label = hidden("Delegate\u2019s agency")
        self.fields["delegate_organisation"].choices = [("", "Choose an agency")] + organisation_choices
        self.fields["delegate_sufficiently_senior"].label = hidden(
            "Was the delegate senior enough to make decisions?"
        )
        # Rendered inside the page's one <form>, without a summary or button of its own: the page has
        # one error summary for every member, and one button.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.template = "accountability/meetings/_member_fields.html"
        # Every field visible, without JavaScript: GOV.UK's conditional reveal puts aria-expanded on the
        # radios, which axe reports (alphagov/govuk-frontend#979), and the sweep admits no exception.
        self.helper.layout = Layout(
            Field.radios("status", legend_size="s", small=True),
            Fieldset(
                Field.text("delegate_name", field_width=Fluid.TWO_THIRDS),
                Field.text("delegate_role", field_width=Fluid.TWO_THIRDS),
                Field.select("delegate_organisation"),
                Field.radios("delegate_sufficiently_senior", legend_size="s", inline=True, small=True),
                legend=hidden("If a delegate was sent"), legend_size="s",
            ),
        )

    @staticmethod
    def initial_for(attendance) -> dict:
        if attendance is None:
            return {}
        senior = attendance.delegate_sufficiently_senior
        return {
            "status": attendance.status, "delegate_name": attendance.delegate_name,
            "delegate_role": attendance.delegate_role,
            "delegate_organisation": attendance.delegate_organisation_id,
            "delegate_sufficiently_senior": "" if senior is None else ("yes" if senior else "no"),
        }

    def seniority(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("delegate_sufficiently_senior") or "")

    def has_answer(self) -> bool:
        return bool(self.cleaned_data.get("status"))

    def has_delegate_details(self) -> bool:
        data = self.cleaned_data
        return any(data.get(f) for f in ("delegate_name", "delegate_role", "delegate_organisation",
                                         "delegate_sufficiently_senior"))


# Decisions
class DecisionForm(RecordForm, forms.Form):
    text = free_text("Decision", error_messages={"required": NO_DECISION},
                     help_text="As the minutes record it.")
    themes = forms.ModelMultipleChoiceField(
        label="Themes", required=False, queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    childrens_voice = forms.ChoiceField(
        label="Did the wishes and feelings of children inform this decision?", choices=ChildrensVoice.choices,
        widget=forms.RadioSelect, error_messages={"required": VOICE_REQUIRED},
    )
    childrens_voice_detail = free_text("How did they inform it?", required=False,
                                       help_text="Answer if the wishes and feelings of children informed it.")
    not_applicable_reason = free_text("Why does it not apply?", required=False,
                                      help_text="Answer if you chose “Not applicable”.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("text", rows=5),
            Field.checkboxes("themes", legend_size="s", small=True),
            # Both answers visible (no conditional reveal: see AttendanceForm).
            Field.radios("childrens_voice", legend_size="s"),
            Field.textarea("childrens_voice_detail", rows=3),
            Field.textarea("not_applicable_reason", rows=3),
            submit="Record the decision",
        )


# Filters and the attendance report's period
def filter_helper(*fields, submit: str = "Apply the filters"):
    """A FormHelper for a list page's filter form: sent by GET, so the filters stay in the address."""
    helper = gds_helper(*fields, submit=submit)
    helper.form_method = "get"
    helper.disable_csrf = True
    return helper


class AttendancePeriodForm(forms.Form):
    start = GovDateField(label="From", name="start of the period", required=False)
    end = GovDateField(label="To", name="end of the period", required=False)
    by = forms.ChoiceField(
        label="Show attendance", choices=[("organisation", "Per agency"), ("person", "Per person")],
        widget=forms.RadioSelect, required=False,
    )

    def __init__(self, *args, default_start: date, default_end: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_start, self.default_end = default_start, default_end
        self.helper = filter_helper(
            Field("start"), Field("end"), Field.radios("by", legend_size="s", inline=True), submit="Show",
        )

    def clean(self):
        data = super().clean()
        start = data.get("start") or self.default_start
        end = data.get("end") or self.default_end
        if "start" in data and "end" in data and end < start:
            self.add_error("end", PERIOD_BACKWARDS)
        return data

    def period(self) -> tuple[date, date, str]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return (data.get("start") or self.default_start, data.get("end") or self.default_end,
                data.get("by") or "organisation")
