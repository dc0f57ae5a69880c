"""The pages of quarterly summaries and yearly assurance reports: the BPG's view by quarter, the
Board's view of the year, the chair's list and the business unit's page of what is due, the form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import BodyFunction, Function
from bscb.periods import quarter_of, year_of
from reporting import deadlines, services
from reporting.models import Summary, SummaryKind, SummaryVersion
from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of
from tests.helpers.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _owing(name):
    body = BodyFactory(name=name, short_name=name.split()[0], owes_quarterly_summaries=True,
                       owes_yearly_assurance=True, active_from=datetime.date(2016, 4, 1))
    return body, member_of(body, role="chair")


@pytest.fixture
def reports():
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG")
    BodyFunction.objects.create(body=bpg, function=Function.RECEIVES_QUARTERLY)
    board = BodyFactory(name="Safeguarding Board", short_name="Board")
    BodyFunction.objects.create(body=board, function=Function.RECEIVES_YEARLY)
    pmae, pmae_chair = _owing("PMAE sub group")
    sapp, sapp_chair = _owing("SAPP sub group")
    services.summaries_expect()
    today = timezone.localdate()
    last_quarter = quarter_of(quarter_of(today, 4).start - datetime.timedelta(days=1), 4)
    done = Summary.objects.get(body=pmae, kind=SummaryKind.QUARTERLY, period_start=last_quarter.start)
    services.summary_save_draft(summary=done, sections={"progress": "Audits.", "issues": "Agency capacity."},
                                by=pmae_chair)
    services.summary_submit(summary=done, by=pmae_chair)
    return {"bpg_member": member_of(bpg), "board_member": member_of(board), "pmae": pmae, "sapp": sapp,
            "pmae_chair": pmae_chair, "sapp_chair": sapp_chair, "quarter": last_quarter, "done": done,
            "bu": business_unit()}


def test_the_bpg_sees_each_quarterly_summary_with_its_issues(client_for, reports):
    page = client_for(reports["bpg_member"]).get(reverse("quarterly-overview"),
                                                 {"period": reports["quarter"].start.isoformat()}).content.decode()
    assert "2 bodies owing a summary" in page
    # The receiving body's name, from its function.
    assert "quarterly summary to the Business Planning Group" in page
    assert "Issues for the Business Planning Group's attention" in page
    assert "Agency capacity." in page and "Received" in page
    sapp = Summary.objects.get(body=reports["sapp"], kind=SummaryKind.QUARTERLY,
                               period_start=reports["quarter"].start)
    assert ("Late" if sapp.due_date < timezone.localdate() else "Not yet due") in page


def test_an_unknown_quarter_says_so_and_shows_the_newest(client_for, reports):
    page = client_for(reports["bpg_member"]).get(reverse("quarterly-overview"), {"period": "1999-01-01"})
    assert "That period has no reports" in page.content.decode()


def test_the_board_sees_why_the_yearly_due_date_is_unknown_then_the_date(client_for, reports):
    client = client_for(reports["board_member"])
    page = client.get(reverse("yearly-overview")).content.decode()
    assert "cannot be worked out" in page and "No due date" in page
    assert "due 14 days before the Safeguarding Board's last meeting" in page  # the receiving body's name, the setting
    year = year_of(timezone.localdate(), 4)
    board = BodyFunction.objects.get(function=Function.RECEIVES_YEARLY).body
    final = timezone.make_aware(datetime.datetime.combine(year.end - datetime.timedelta(days=10), datetime.time(10)))
    MeetingFactory(body=board, starts_at=final, is_final_of_year=True)
    page = client.get(reverse("yearly-overview")).content.decode()
    assert "cannot be worked out" not in page and "the last of the year" in page


def test_the_chair_lists_all_three_kinds_and_filters_by_kind(client_for, reports):
    client = client_for(reports["pmae_chair"])
    page = client.get(reverse("summary-list")).content.decode()
    assert "Quarterly summary, " in page and "Yearly assurance report, " in page
    page = client.get(reverse("summary-list"), {"kind": "yearly"}).content.decode()
    assert "Quarterly summary, " not in page and "Yearly assurance report, " in page


def test_the_business_unit_filters_what_is_due_by_kind(client_for, reports):
    page = client_for(reports["bu"]).get(reverse("due-list"), {"kind": "yearly"}).content.decode()
    assert "2 items owed" in page and "Due date not known" in page


def test_the_quarterly_form_is_prefilled_and_the_yearly_form_asks_for_assurance(client_for, reports):
    pmae, chair = reports["pmae"], reports["pmae_chair"]
    quarter = quarter_of(timezone.localdate(), 4)
    meeting = MeetingFactory(body=pmae, starts_at=timezone.make_aware(
        datetime.datetime.combine(quarter.start + datetime.timedelta(days=3), datetime.time(10))), status="held")
    pmae.owes_summaries = True
    pmae.save()
    summary = services.summary_expect(meeting)
    services.summary_save_draft(summary=summary, sections={"risks": "Two vacancies."}, by=chair)
    quarterly = Summary.objects.create(body=pmae, kind=SummaryKind.QUARTERLY, period_start=quarter.start,
                                       period_end=quarter.end, due_date=deadlines.quarterly_due_date(quarter))
    client = client_for(chair)
    page = client.get(reverse("summary-edit", args=[quarterly.pk])).content.decode()
    assert "Two vacancies." in page and "Edit it into one summary for the quarter" in page
    yearly = Summary.objects.filter(body=pmae, kind=SummaryKind.YEARLY).first()
    page = client.get(reverse("summary-edit", args=[yearly.pk])).content.decode()
    assert 'name="assurance"' in page and 'name="learning"' not in page and "Write the report" in page
    response = client.post(reverse("summary-edit", args=[yearly.pk]), {"assurance": "Section 11 returns.",
                                                                      "save": ""})
    assert response.status_code == 302
    assert SummaryVersion.objects.get(summary=yearly).assurance == "Section 11 returns."


def test_overview_queries_do_not_grow(client_for, reports):
    def add(k):
        for _ in range(k):
            _owing(f"Sub group {BodyFactory._meta.model.objects.count()}")
        services.summaries_expect()
        latest = Summary.objects.filter(kind=SummaryKind.QUARTERLY, period_start=reports["quarter"].start,
                                        status="draft")
        for summary in latest[:k]:
            SummaryVersion.objects.create(summary=summary, number=1, issues="Issue.")
            Summary.objects.filter(pk=summary.pk).update(status="submitted", submitted_on=timezone.now())

    url = reverse("quarterly-overview") + f"?period={reports['quarter'].start.isoformat()}"
    assert_queries_do_not_grow(client_for(reports["bpg_member"]), url, add, n=3)
    assert_queries_do_not_grow(client_for(reports["board_member"]), reverse("yearly-overview"), add, n=3)


def test_a_draft_is_read_by_its_body_and_the_business_unit_only(client_for, reports):
    """Issue 13 §2: work in progress is its body's and the business unit's. Before, the bodies receiving
    its kind (the BPG a quarterly summary, the Board a yearly report) read other bodies' drafts."""
    quarterly = Summary.objects.filter(body=reports["sapp"], kind=SummaryKind.QUARTERLY, status="draft").first()
    yearly = Summary.objects.get(body=reports["sapp"], kind=SummaryKind.YEARLY)
    services.summary_save_draft(summary=quarterly, sections={"progress": "Half written."}, by=reports["sapp_chair"])
    version = reverse("summary-version", args=[quarterly.pk, 1])
    bpg, board = client_for(reports["bpg_member"]), client_for(reports["board_member"])
    for reader in (bpg, board, client_for(reports["pmae_chair"])):
        for address in (quarterly.get_absolute_url(), version, yearly.get_absolute_url()):
            assert reader.get(address).status_code == 403, address
    for reader in (client_for(reports["sapp_chair"]), client_for(reports["bu"])):
        assert reader.get(quarterly.get_absolute_url()).status_code == 200
        assert "Half written." in reader.get(version).content.decode()
    # Submitted, they are partnership records that every signed-in member reads.
    assert board.get(reports["done"].get_absolute_url()).status_code == 200
    assert board.get(reverse("summary-version", args=[reports["done"].pk, 1])).status_code == 200


def _row(page, body_name):
    """The overview's table row of a body."""
    start = page.index(f">{body_name}<")
    return page[page.rindex("<tr", 0, start):page.index("</tr>", start)]


def test_the_bodies_a_draft_goes_to_see_its_state_and_due_date_without_a_link(client_for, reports):
    """The overview names a draft, its state and when it is due, and links it only for those who may open
    it: before, the BPG and the Board met links to other bodies' drafts that then refused them (issue 13 §2)."""
    quarter = reports["quarter"].start.isoformat()
    sapp = Summary.objects.get(body=reports["sapp"], kind=SummaryKind.QUARTERLY, period_start=reports["quarter"].start)
    for reader in ("bpg_member", "board_member"):
        page = client_for(reports[reader]).get(reverse("quarterly-overview"), {"period": quarter}).content.decode()
        row = _row(page, "SAPP sub group")
        assert "<a " not in row and f"{sapp.due_date:%-d %B %Y}" in row
        assert ("Late" if sapp.due_date < timezone.localdate() else "Not yet due") in row
        assert f'href="{reports["done"].get_absolute_url()}"' in _row(page, "PMAE sub group")  # submitted: linked
    for reader in ("bu", "sapp_chair"):
        page = client_for(reports[reader]).get(reverse("quarterly-overview"), {"period": quarter}).content.decode()
        assert f'href="{sapp.get_absolute_url()}"' in _row(page, "SAPP sub group")
    board = client_for(reports["board_member"]).get(reverse("yearly-overview")).content.decode()
    assert "<a " not in _row(board, "SAPP sub group") and "<a " not in _row(board, "PMAE sub group")
