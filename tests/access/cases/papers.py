"""A meeting's papers and its pack (reporting/papers_views.py)."""

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import Case, Scenario


def _papers():
    """A Board meeting with a PDF paper, a restricted PDF paper and a record-linked paper; the body's chair and a
    member, and the business unit."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting import papers_services
    from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of
    from tests.helpers import documents as files

    body = BodyFactory(name="Safeguarding Children Board", short_name="Board")
    bu, chair, member = business_unit(), member_of(body, role="chair"), member_of(body)
    meeting = MeetingFactory(body=body)
    paper = papers_services.paper_add(meeting=meeting, title="Neglect strategy", by=bu,
                                      upload=SimpleUploadedFile("n.pdf", files.clean_pdf()))
    restricted = papers_services.paper_add(meeting=meeting, title="Serious case review briefing", restricted=True,
                                           upload=SimpleUploadedFile("r.pdf", files.clean_pdf()), by=bu)
    papers_services.paper_link_record(meeting, title="Yearly assurance reports", url="/yearly/", by=bu)
    return {"meeting": meeting, "paper": paper, "restricted": restricted, "bu": bu, "chair": chair, "member": member}


def _state(meeting):
    from reporting.models import MeetingPaper

    return lambda: list(MeetingPaper.objects.filter(meeting=meeting).order_by("pk").values_list(
        "title", "order", "restricted", "url", "withdrawn_on"))


def _meeting_page():
    from tests.factories import UserFactory

    made = _papers()
    return Scenario(kwargs={"pk": made["meeting"].pk}, allowed=UserFactory())


def _paper_add():
    made = _papers()
    return Scenario(kwargs={"pk": made["meeting"].pk}, allowed=made["bu"], refused=made["member"],
                    post_data={"title": "Budget 2027-28", "order": "4", "url": "/quarterly/", "record_kind": ""},
                    state=_state(made["meeting"]))


def _paper_edit():
    made = _papers()
    return Scenario(kwargs={"pk": made["paper"].pk}, allowed=made["chair"], refused=made["member"],
                    post_data={"title": "Neglect strategy, revised", "order": "1", "url": "", "record_kind": ""},
                    state=_state(made["meeting"]))


def _paper_withdraw():
    made = _papers()
    return Scenario(kwargs={"pk": made["paper"].pk}, allowed=made["bu"], refused=made["member"],
                    post_data={"reason": "Superseded"}, state=_state(made["meeting"]))


def _paper_move():
    made = _papers()
    return Scenario(kwargs={"pk": made["paper"].pk}, allowed=made["chair"], refused=made["member"],
                    post_data={"direction": "down", "from": "1"}, state=_state(made["meeting"]))


def _restricted_document():
    made = _papers()
    return Scenario(kwargs={"pk": made["restricted"].pk}, allowed=made["member"])


CASES = {
    "paper-list": Case(SIGNED_IN, setup=_meeting_page),
    "paper-add": Case(RECORD, setup=_paper_add, post=True, post_status=302),
    "paper-edit": Case(RECORD, setup=_paper_edit, post=True, post_status=302),
    "paper-withdraw": Case(RECORD, setup=_paper_withdraw, post=True, post_status=302),
    "paper-move": Case(RECORD, setup=_paper_move, post=True, post_status=302),
    "paper-document": Case(RECORD, setup=_restricted_document, html=False),
    "pack-page": Case(SIGNED_IN, setup=_meeting_page),
    "pack-download": Case(SIGNED_IN, setup=_meeting_page, html=False),
}
