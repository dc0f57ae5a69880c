"""The forms of a meeting's papers: add or change one (an upload, or a link to a record), withdraw one."""

from crispy_forms_gds.layout import Field, Fluid
from django import forms

from bscb import documents
from bscb.fields import free_text
from bscb.forms import RecordForm, gds_helper

from .papers_models import MeetingPaper
from .papers_services import PAPER_KINDS


class PaperForm(RecordForm, forms.ModelForm):
    document = forms.FileField(
        label="The paper's document", required=False,
        help_text=f"{documents.kinds_named(PAPER_KINDS)[0].upper()}{documents.kinds_named(PAPER_KINDS)[1:]}, smaller "
                  "than {mb} MB, without macros, scripts or embedded files. A PDF is put into the meeting's pack; "
                  "another document is listed in it with its link. Leave empty to keep the document it has, or "
                  "if the paper is a link to a record.")

    class Meta:
        model = MeetingPaper
        fields = ["title", "order", "restricted", "url", "record_kind"]
        labels = {"title": "Title", "order": "Place on the agenda", "restricted": "This paper is restricted",
                  "url": "Or: link to a record of this service (optional)", "record_kind": "Kind of record (optional)"}
        help_texts = {"url": "Its address in this service, starting with /, such as /reporting/yearly/. "
                             "Give a document or a link, not both.",
                      "record_kind": "What the record is, such as “Quarterly outcome report”."}
        error_messages = {"title": {"required": "Enter the paper's title"},
                          "order": {"required": "Enter the paper's place on the agenda, such as 1",
                                    "invalid": "Enter the paper's place on the agenda as a whole number, such as 1",
                                    "max_value": "Enter a place on the agenda of 32767 or less"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        field.help_text = field.help_text.format(mb=max(1, documents.max_bytes() // (1024 * 1024)))
        field.widget.attrs["accept"] = documents.accept(PAPER_KINDS)
        self.fields["order"].widget.attrs.update(inputmode="numeric")
        self.fields["order"].min_value = 1
        self.helper = gds_helper(
            Field.text("title"), Field.text("order", field_width=Fluid.ONE_QUARTER),
            Field.checkbox("restricted"), Field("document"), Field.text("url"),
            Field.text("record_kind", field_width=Fluid.ONE_HALF),
            submit="Save the paper")


class WithdrawForm(forms.Form):
    reason = free_text("Why it is withdrawn", widget=forms.Textarea(attrs={"rows": 3}),
                       error_messages={"required": "Give the reason for withdrawing the paper"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason"), submit="Withdraw the paper")
