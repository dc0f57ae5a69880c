"""A meeting's papers: who adds and reads them, the forms (bad input kept, a create sent twice makes one paper,
an edit opened before another's change is refused), withdrawal, and the record-linked paper."""

from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bscb.services import NotAllowed
from reporting import papers_services as services
from reporting.models import MeetingPaper
from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of
from tests.helpers import documents as files
from tests.helpers.forms import opened, post_form
from tests.reporting.pack_data import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    body = BodyFactory(name="Safeguarding Children Board", short_name="Board")
    return {"meeting": MeetingFactory(body=body), "bu": business_unit(), "chair": member_of(body, role="chair"),
            "member": member_of(body), "other_chair": member_of(BodyFactory(), role="chair"), "body": body}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_business_unit_adds_a_pdf_paper_last_on_the_agenda(board):
    first = services.paper_add(meeting=board["meeting"], title="First", url="/quarterly/", by=board["bu"])
    paper = services.paper_add(meeting=board["meeting"], title="Neglect strategy",
                               upload=upload("x.pdf", files.clean_pdf()), by=board["bu"])
    assert (first.order, paper.order) == (1, 2)
    assert paper.is_pdf and paper.document.name.startswith("papers/")
    assert "x.pdf" not in paper.document.name  # stored under a name of our own
    assert paper.history.count() == 1


def test_the_body_chair_adds_papers_to_her_own_meeting_only(board):
    services.paper_add(meeting=board["meeting"], title="Chair's paper", url="/quarterly/", by=board["chair"])
    with pytest.raises(NotAllowed):
        services.paper_add(meeting=board["meeting"], title="Not hers", url="/quarterly/", by=board["other_chair"])
    with pytest.raises(NotAllowed):
        services.paper_add(meeting=board["meeting"], title="A member's", url="/quarterly/", by=board["member"])
    assert list(MeetingPaper.objects.values_list("title", flat=True)) == ["Chair's paper"]


def test_a_paper_is_a_document_or_a_link_not_both_nor_neither(board):
    with pytest.raises(ValidationError) as both:
        services.paper_add(meeting=board["meeting"], title="T", url="/quarterly/",
                           upload=upload("x.pdf", files.clean_pdf()), by=board["bu"])
    assert both.value.message_dict == {"document": [services.ONE_SOURCE]}
    with pytest.raises(ValidationError) as neither:
        services.paper_add(meeting=board["meeting"], title="T", by=board["bu"])
    assert neither.value.message_dict == {"document": [services.NO_SOURCE]}
    with pytest.raises(ValidationError) as elsewhere:
        services.paper_add(meeting=board["meeting"], title="T", url="https://example.com/x", by=board["bu"])
    assert elsewhere.value.message_dict == {"url": [services.LINK_NOT_OURS]}


def test_a_document_with_active_content_is_refused(board):
    with pytest.raises(ValidationError) as refused:
        services.paper_add(meeting=board["meeting"], title="T", upload=upload("x.pdf", files.pdf_with_html()),
                           by=board["bu"])
    assert "document" in refused.value.message_dict
    assert not MeetingPaper.objects.exists()


def test_a_restricted_paper_is_read_by_those_entitled_only(board):
    paper = services.paper_add(meeting=board["meeting"], title="Restricted", restricted=True,
                               upload=upload("x.pdf", files.clean_pdf()), by=board["bu"])
    ic = member_of(BodyFactory(), role="independent_chair")
    for user in (board["bu"], board["chair"], board["member"], ic):
        assert user.has_perm("reporting.view_paper", paper), user
        assert _client(user).get(reverse("paper-document", args=[paper.pk])).status_code == 200
    outsider = board["other_chair"]
    assert not outsider.has_perm("reporting.view_paper", paper)
    assert _client(outsider).get(reverse("paper-document", args=[paper.pk])).status_code == 403
    page = _client(outsider).get(reverse("paper-list", args=[board["meeting"].pk])).content.decode()
    assert "Restricted" not in page.split("<main")[1].split("restricted paper is read only")[1]
    assert "1 restricted paper is not listed here" in page


def test_the_papers_page_lists_them_in_agenda_order(board):
    for title, order in (("Third", 3), ("First", 1), ("Second", 2)):
        services.paper_add(meeting=board["meeting"], title=title, order=order, url="/quarterly/", by=board["bu"])
    page = _client(board["member"]).get(reverse("paper-list", args=[board["meeting"].pk])).content.decode()
    assert page.index("First") < page.index("Second") < page.index("Third")
    assert "Add a paper" not in page  # a member reads; she does not add


def test_the_empty_papers_page_says_what_would_appear(board):
    page = _client(board["member"]).get(reverse("paper-list", args=[board["meeting"].pk])).content.decode()
    assert "No papers yet." in page


def test_bad_input_is_shown_beside_the_field_and_kept(board):
    client = _client(board["bu"])
    url = reverse("paper-add", args=[board["meeting"].pk])
    response = post_form(client, url, {"title": "Kept title", "order": "first", "url": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the paper&#x27;s place on the agenda as a whole number" in page
    assert 'value="Kept title"' in page
    assert not MeetingPaper.objects.exists()


def test_a_create_sent_twice_makes_one_paper(board):
    client = _client(board["bu"])
    url = reverse("paper-add", args=[board["meeting"].pk])
    form = {**opened(client, url), "title": "Once only", "order": "1", "url": "/quarterly/"}
    first = client.post(url, form)
    second = client.post(url, form)
    assert first.status_code == second.status_code == 302
    assert MeetingPaper.objects.filter(title="Once only").count() == 1


def test_an_edit_opened_before_another_change_is_refused(board):
    paper = services.paper_add(meeting=board["meeting"], title="Draft title", url="/quarterly/", by=board["bu"])
    client = _client(board["bu"])
    url = reverse("paper-edit", args=[paper.pk])
    form = opened(client, url)
    services.paper_update(paper=paper, data={"title": "Chair's title"}, by=board["chair"])
    response = client.post(url, {**form, "title": "My title"})
    assert response.status_code == 200
    assert "after you opened this page" in response.content.decode()
    assert MeetingPaper.objects.get(pk=paper.pk).title == "Chair's title"


def test_withdrawing_keeps_the_paper_out_of_the_list_with_who_and_why(board):
    paper = services.paper_add(meeting=board["meeting"], title="Old paper", url="/quarterly/", by=board["bu"])
    client = _client(board["chair"])
    url = reverse("paper-withdraw", args=[paper.pk])
    refused = post_form(client, url, {"reason": ""})
    assert "Give the reason for withdrawing the paper" in refused.content.decode()
    assert post_form(client, url, {"reason": "Superseded by the new version"}).status_code == 302
    paper.refresh_from_db()
    assert paper.is_withdrawn and paper.withdrawn_by == board["chair"]
    assert paper.history.count() == 2
    again = client.get(url).content.decode()
    assert services.ALREADY_WITHDRAWN in again
    member_page = _client(board["member"]).get(reverse("paper-list", args=[board["meeting"].pk])).content.decode()
    assert "Old paper" not in member_page


def test_a_record_linked_again_is_brought_up_to_date_not_added_twice(board):
    from bscb.pdf import render_pdf

    first = services.paper_link_record(board["meeting"], title="Quarterly outcome report", url="/quarterly/",
                                       pdf=render_pdf("<p>First issue</p>", title="Q"), by=board["bu"])
    second = services.paper_link_record(board["meeting"], title="Quarterly outcome report (reissued)",
                                        url="/quarterly/", pdf=render_pdf("<p>Second</p>", title="Q"), by=board["bu"])
    assert first.pk == second.pk
    paper = MeetingPaper.objects.get()
    assert paper.title == "Quarterly outcome report (reissued)" and paper.is_pdf
    assert paper.history.count() == 2
    with pytest.raises(ValidationError):
        services.paper_link_record(board["meeting"], title="T", url="/x/", pdf=b"not a pdf", by=board["bu"])


def test_the_business_unit_opens_a_papers_history_from_the_list(board):
    paper = services.paper_add(meeting=board["meeting"], title="Kept paper", url="/quarterly/", by=board["bu"])
    services.paper_update(paper=paper, data={"title": "Kept paper, revised"}, by=board["chair"])
    history = reverse("record-history", args=["reporting", "meetingpaper", paper.pk])
    page = _client(board["bu"]).get(reverse("paper-list", args=[board["meeting"].pk])).content.decode()
    assert history in page
    opened_history = _client(board["bu"]).get(history)
    assert opened_history.status_code == 200 and "Kept paper, revised" in opened_history.content.decode()
    chair_page = _client(board["chair"]).get(reverse("paper-list", args=[board["meeting"].pk])).content.decode()
    assert history not in chair_page  # the chair changes the papers; the history is the business unit's


def test_a_paper_moves_up_and_down_the_agenda_once_a_press(board):
    made = [services.paper_add(meeting=board["meeting"], title=t, url="/quarterly/", by=board["bu"])
            for t in ("First", "Second", "Third")]
    client = _client(board["chair"])
    url = reverse("paper-move", args=[made[2].pk])
    assert client.post(url, {"direction": "up", "from": "3"}).status_code == 302
    again = client.post(url, {"direction": "up", "from": "3"}, follow=True)  # the same button pressed twice
    assert escape(services.MOVED_MEANWHILE) in again.content.decode()
    titles = list(MeetingPaper.objects.order_by("order").values_list("title", "order"))
    assert titles == [("First", 1), ("Third", 2), ("Second", 3)]
    top = client.post(reverse("paper-move", args=[made[0].pk]), {"direction": "up", "from": "1"}, follow=True)
    assert escape(services.AT_TOP) in top.content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 200 and "Choose whether to move the paper up or down" in empty.content.decode()
    assert _client(board["member"]).post(url, {"direction": "down"}).status_code == 403
    assert MeetingPaper.objects.get(title="Third").history.count() == 2
