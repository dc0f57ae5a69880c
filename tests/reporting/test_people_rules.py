"""Reporting asks accountability.people who owes, who sits where and whose work it is, and gets the
same answer on every path: the chase, "remind now", the due page and the calendar all reach the
business unit when a chair's post is empty; a derived BPG seat opens what a direct one does; nobody
marks received a summary of their own body."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accountability.models import BodyFunction, Function, Role, User
from bscb.services import NotAllowed
from notifications.services import remind_now
from reporting import services
from reporting.calendar import calendar_feed_create
from reporting.dues import summary_due, summary_key
from tests.factories import BodyFactory, BodyKindFactory, MembershipFactory, business_unit, member_of
from tests.reporting.helpers import SECTIONS, held_meeting, receiving_body

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.fixture
def chairless():
    """A sub group owing summaries whose chair has stepped down, with a summary due, and the business unit."""
    officer = business_unit()
    second = member_of(officer.memberships.get().body, role=Role.BUSINESS_UNIT_OFFICER)
    body = BodyFactory(name="SAPP sub group", short_name="SAPP", owes_summaries=True, meeting_cadence_weeks=8)
    MembershipFactory(body=body, role=Role.CHAIR, end=timezone.localdate() - datetime.timedelta(days=1))
    member = member_of(body)
    summary = services.summary_expect(held_meeting(body=body))
    return {"officers": {officer, second}, "officer": officer, "body": body, "member": member, "summary": summary}


class TestAnEmptyChair:
    def test_the_chase_reminds_the_business_unit(self, chairless):
        due = summary_due(summary_key(chairless["summary"].pk), timezone.localdate())
        assert set(due.people(["owner"])) == {u.pk for u in chairless["officers"]}

    def test_remind_now_reaches_the_business_unit(self, chairless):
        result = remind_now(summary_key(chairless["summary"].pk), by=chairless["officer"])
        assert {r.recipient_id for r in result.reminders} == {u.pk for u in chairless["officers"]}

    def test_the_due_page_names_the_business_unit(self, client_for, chairless):
        page = client_for(chairless["officer"]).get(reverse("due-list")).content.decode()
        for officer in chairless["officers"]:
            assert officer.full_name in page

    def test_a_business_unit_members_calendar_carries_the_deadline(self, client, chairless):
        """Before, the calendar asked only for the chair: a body whose chair post was empty put its
        deadlines in nobody's feed."""
        token = calendar_feed_create(chairless["officer"]).token
        cal = Calendar.from_ical(client.get(reverse("calendar-feed", args=[token])).content)
        assert f"Due: {chairless['summary']}" in {str(e["summary"]) for e in cal.walk("VEVENT")}

    def test_a_member_who_was_not_nominated_does_not_get_it(self, client, chairless):
        token = calendar_feed_create(chairless["member"]).token
        cal = Calendar.from_ical(client.get(reverse("calendar-feed", args=[token])).content)
        assert not [e for e in cal.walk("VEVENT") if str(e["summary"]).startswith("Due:")]


@pytest.fixture
def bpg_and_sub_group():
    """Bradford's shape: the BPG, whose members include the sub group chairs, receives quarterly
    summaries; a sub group chair sits on it through that derived seat; another member sits on it directly."""
    sub_group = BodyKindFactory(name="Sub group")
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG", seats_for_chairs_of=sub_group)
    BodyFunction.objects.create(body=bpg, function=Function.RECEIVES_SUMMARIES)
    ld = BodyFactory(name="L&D sub group", short_name="L&D", kind=sub_group, owes_summaries=True)
    cse = BodyFactory(name="CSE sub group", short_name="CSE", kind=sub_group, owes_summaries=True)
    ld_chair = member_of(ld, role=Role.CHAIR)
    cse_chair = member_of(cse, role=Role.CHAIR)
    summary = services.summary_expect(held_meeting(body=cse))
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=cse_chair)
    services.summary_submit(summary=summary, by=cse_chair)
    return {"bpg": bpg, "ld": ld, "cse": cse, "ld_chair": ld_chair, "direct": member_of(bpg), "summary": summary}


class TestADerivedSeat:
    def test_a_sub_group_chair_opens_the_bpgs_received_summaries_as_a_direct_member_does(self, client_for,
                                                                                          bpg_and_sub_group):
        """Before, the receiving functions were read from direct memberships only: the chair whose BPG
        seat showed on her home page was refused this page."""
        home = client_for(bpg_and_sub_group["ld_chair"]).get(reverse("home")).content.decode()
        assert "Business Planning Group" in home
        for person in (bpg_and_sub_group["direct"], bpg_and_sub_group["ld_chair"]):
            response = client_for(person).get(reverse("summaries-received"))
            assert response.status_code == 200, person
            assert str(bpg_and_sub_group["summary"].body.short_name) in response.content.decode()

    def test_but_reads_another_sub_groups_draft_no_more_than_a_direct_member_does(self, bpg_and_sub_group):
        """A draft is its body's (issue 13 §2): receiving its kind gives no right to read it, by any seat."""
        draft = services.summary_expect(held_meeting(body=bpg_and_sub_group["cse"],
                                                     when=timezone.now() - datetime.timedelta(days=1)))
        for person in (bpg_and_sub_group["direct"], bpg_and_sub_group["ld_chair"]):
            assert not fresh(person).has_perm("reporting.view_summary", draft)


class TestNobodyMarksReceivedTheirOwnBodysSummary:
    @pytest.fixture
    def submitted(self):
        receiving_body()
        officer = business_unit()
        body = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_summaries=True)
        MembershipFactory(body=body, person=officer, role=Role.CHAIR)  # a BU officer who chairs a sub group
        summary = services.summary_expect(held_meeting(body=body))
        services.summary_save_draft(summary=summary, sections=SECTIONS, by=officer)
        services.summary_submit(summary=summary, by=officer)
        return {"officer": officer, "summary": summary, "receipt": summary.receipts.get(),
                "other": member_of(officer.memberships.get(body__short_name="BU").body, role="bu_officer")}

    def test_the_business_unit_officer_who_chairs_the_body_is_refused(self, client_for, submitted):
        officer, receipt = fresh(submitted["officer"]), submitted["receipt"]
        assert not officer.has_perm("reporting.mark_received", submitted["summary"])
        assert not officer.has_perm("reporting.mark_received", receipt)
        response = client_for(officer).post(reverse("receipt-received", args=[receipt.pk]))
        assert response.status_code == 403
        receipt.refresh_from_db()
        assert receipt.received_on is None

    def test_another_business_unit_officer_marks_it(self, client_for, submitted):
        other, receipt = submitted["other"], submitted["receipt"]
        assert fresh(other).has_perm("reporting.mark_received", receipt)
        assert client_for(other).post(reverse("receipt-received", args=[receipt.pk])).status_code == 302
        receipt.refresh_from_db()
        assert receipt.received_by == other

    def test_a_business_unit_officer_on_the_bpg_through_a_derived_seat_is_refused_the_bpgs(self):
        """The case DESIGN.md names: the seat that makes it their own body's work is derived."""
        receiving_body()
        sub_group = BodyKindFactory(name="Sub group")
        bpg = BodyFactory(name="Business Planning Group", short_name="BPG", seats_for_chairs_of=sub_group,
                          owes_summaries=True)
        officer = business_unit()
        MembershipFactory(body=BodyFactory(kind=sub_group), person=officer, role=Role.CHAIR)
        summary = services.summary_expect(held_meeting(body=bpg))
        services.summary_save_draft(summary=summary, sections=SECTIONS, by=officer)  # the BU writes any
        services.summary_submit(summary=summary, by=officer)
        assert not fresh(officer).has_perm("reporting.mark_received", summary.receipts.get())


class TestASubGroupChairInTheBusinessUnit:
    """Issue 12 §5: someone who is both a sub group chair and a business unit officer submitted their own
    body's summary and marked it received by the BPG and by the Board. Marking received asks the "own
    body's work" predicate on every path: the summary's page offers no link, the receipt's page and its
    POST are refused, and so is the service, for each receiving body."""

    @pytest.fixture
    def bradford(self):
        sub_group = BodyKindFactory(name="Sub group")
        bpg = BodyFactory(name="Business Planning Group", short_name="BPG", seats_for_chairs_of=sub_group)
        board = BodyFactory(name="Safeguarding Children Board", short_name="Board")
        for body in (bpg, board):
            BodyFunction.objects.create(body=body, function=Function.RECEIVES_SUMMARIES)
        pmae = BodyFactory(name="PMAE sub group", short_name="PMAE", kind=sub_group, owes_summaries=True)
        both = business_unit()
        other = member_of(both.memberships.get().body, role=Role.BUSINESS_UNIT_OFFICER)
        MembershipFactory(body=pmae, person=both, role=Role.CHAIR)
        return {"bpg": bpg, "board": board, "both": fresh(both), "other": other,
                "summary": services.summary_expect(held_meeting(body=pmae))}

    def test_they_may_write_and_submit_it_as_its_chair(self, client_for, bradford):
        response = client_for(bradford["both"]).post(reverse("summary-edit", args=[bradford["summary"].pk]),
                                                     {**SECTIONS, "save_submit": ""})
        assert response.status_code == 302
        assert {r.body for r in bradford["summary"].receipts.all()} == {bradford["bpg"], bradford["board"]}

    def test_but_not_mark_it_received_by_either_body(self, client_for, bradford):
        summary, both = bradford["summary"], bradford["both"]
        services.summary_save_draft(summary=summary, sections=SECTIONS, by=both)
        services.summary_submit(summary=summary, by=both)
        client = client_for(both)
        page = client.get(reverse("summary-detail", args=[summary.pk])).content.decode()
        assert "Mark as received" not in page
        for receipt in summary.receipts.all():
            url = reverse("receipt-received", args=[receipt.pk])
            assert reverse("receipt-received", args=[receipt.pk]) not in page
            assert client.get(url).status_code == 403
            assert client.post(url).status_code == 403
            with pytest.raises(NotAllowed):
                services.receipt_mark_received(receipt=receipt, by=both)
        assert not summary.receipts.filter(received_on__isnull=False).exists()

    def test_another_business_unit_officer_marks_it_received_by_both(self, client_for, bradford):
        summary, both = bradford["summary"], bradford["both"]
        services.summary_save_draft(summary=summary, sections=SECTIONS, by=both)
        services.summary_submit(summary=summary, by=both)
        client = client_for(bradford["other"])
        page = client.get(reverse("summary-detail", args=[summary.pk])).content.decode()
        for receipt in summary.receipts.all():
            assert reverse("receipt-received", args=[receipt.pk]) in page
            assert client.post(reverse("receipt-received", args=[receipt.pk])).status_code == 302
        assert set(summary.receipts.values_list("received_by", flat=True)) == {bradford["other"].pk}
