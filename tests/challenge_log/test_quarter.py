"""Issue 15 §3: the quarter's outcomes on a known log, with frozen time, the expected figures written by hand.

The partnership's year starts in April (the default): 2017Q1 is April to June 2017, 2016Q4 January to March
2017. What happens, and when:

before the quarter (March 2017)
  20 Mar  R1 risk raised 4x4, review due 21 Mar; R3, R4 risks; R5 risk, review due 1 Feb; C0 challenge to police
  31 Mar  the chase: R5's review is 10+ working days late, so its alert is first sent (a 2016Q4 alert)
in the quarter
   3 Apr  C1 challenge, R2 risk 3x3, K1 concern (restricted) raised
   4 Apr  assurance asked on C0 (due 10 Apr) and C1 (due 20 Apr)
   5 Apr  R3 proposed tolerated until 31 May, agreed on 6 Apr; R4 proposed until 15 Jun, declined on 6 Apr
  10 Apr  the chase: R1's review is 10 working days late, its alert first sent; R5's sent again, not new
  12 Apr  the police answer C0 (late); 18 Apr they answer C1 (on time)
  25 Apr  C1 judged assured (closed); C0 judged not assured
   2 May  C0 escalated to the Board
   3 May  R1 reviewed 5x4 = 20 (rose from 16); 10 May R2 reviewed 3x3 (unchanged); 1 Jun R1 reviewed 3x4 = 12 (fell)
   5 Jun  K1 withdrawn; 10 Jun R2 closed
after it
   5 Jul  the figures are read
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from challenge_log import services
from challenge_log.overview import (
    FIGURE_NAMES,
    QuarterOutcomes,
    code_of,
    current_quarter,
    quarter_named,
    quarter_outcomes,
    quarter_records,
)
from notifications.services import chase

pytestmark = pytest.mark.django_db

D = datetime.date


def _at(time_machine, day):
    time_machine.move_to(timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), tick=False)


def _raise(log, by="chair", body="sapp", **data):
    return services.entry_raise(data={"title": "T", "description": "D", "raised_by_body": log[body], **data},
                                by=log[by])


@pytest.fixture
def quarter_log(db, time_machine):
    from tests.challenge_log.shape import log_shape

    at = lambda day: _at(time_machine, day)  # noqa: E731
    at(D(2017, 3, 1))
    log = log_shape()  # its seats and leads from then on
    at(D(2017, 3, 20))
    risk = {"kind": "risk", "by": "bpg_member", "body": "bpg", "owner_body": log["bpg"]}
    r1 = _raise(log, **risk, title="R1", likelihood=4, impact=4, next_review_on=D(2017, 3, 21))
    r3 = _raise(log, **risk, title="R3", likelihood=2, impact=2)
    r4 = _raise(log, **risk, title="R4", likelihood=2, impact=3)
    _raise(log, **risk, title="R5", likelihood=3, impact=3, next_review_on=D(2017, 2, 1))
    c0 = _raise(log, kind="challenge", title="C0", organisation=log["police"])
    at(D(2017, 3, 31))
    chase(as_of=D(2017, 3, 31))

    at(D(2017, 4, 3))
    c1 = _raise(log, kind="challenge", title="C1", organisation=log["police"])
    r2 = _raise(log, **risk, title="R2", likelihood=3, impact=3)
    k1 = _raise(log, kind="concern", title="K1", restricted=True)
    at(D(2017, 4, 4))
    q0 = services.assurance_request(entry=c0, asks="?", due_on=D(2017, 4, 10), by=log["chair"])
    q1 = services.assurance_request(entry=c1, asks="?", due_on=D(2017, 4, 20), by=log["chair"])
    at(D(2017, 4, 5))
    t3 = services.risk_treat(entry=r3, treatment="tolerate", reason="R.", expires_on=D(2017, 5, 31),
                             by=log["bpg_member"])
    t4 = services.risk_treat(entry=r4, treatment="tolerate", reason="R.", expires_on=D(2017, 6, 15),
                             by=log["bpg_member"])
    at(D(2017, 4, 6))
    services.tolerance_decide(decision=t3, agree=True, by=log["bpg_chair"])
    services.tolerance_decide(decision=t4, agree=False, by=log["bpg_chair"])
    at(D(2017, 4, 10))
    chase(as_of=D(2017, 4, 10))
    at(D(2017, 4, 12))
    a0 = services.assurance_answer(request=q0, text="A.", by=log["lead"])
    at(D(2017, 4, 18))
    a1 = services.assurance_answer(request=q1, text="A.", by=log["lead"])
    at(D(2017, 4, 25))
    services.response_judge(response=a1, assured=True, outcome="Done.", by=log["chair"])
    services.response_judge(response=a0, assured=False, outcome="No plan.", by=log["chair"])
    at(D(2017, 5, 2))
    services.entry_escalate(entry=c0, reason="Not assured.", by=log["bpg_member"])
    at(D(2017, 5, 3))
    services.risk_review(entry=r1, likelihood=5, impact=4, commentary="Worse.", next_review_on=None,
                         by=log["bpg_chair"])
    at(D(2017, 5, 10))
    services.risk_review(entry=r2, likelihood=3, impact=3, commentary="Same.", next_review_on=None,
                         by=log["bpg_chair"])
    at(D(2017, 6, 1))
    services.risk_review(entry=r1, likelihood=3, impact=4, commentary="Better.", next_review_on=None,
                         by=log["bpg_chair"])
    at(D(2017, 6, 5))
    services.entry_withdraw(entry=k1, reason="In error.", by=log["bu"])
    at(D(2017, 6, 10))
    services.entry_close(entry=r2, reason="Treated.", by=log["bu"])
    at(D(2017, 7, 5))
    return log


def test_the_quarters_figures_match_the_records(quarter_log):
    quarter = quarter_named("2017Q1")
    assert (quarter.start, quarter.end) == (D(2017, 4, 1), D(2017, 6, 30))
    assert quarter_outcomes(quarter_log["bu"], quarter) == QuarterOutcomes(
        quarter=quarter, code="2017Q1", as_of=D(2017, 7, 5), opened=3, closed_assured=1, closed_otherwise=1,
        not_assured=1, escalated=1, withdrawn=1, answered_on_time=1, answered_late=1, alerts=1, scores_rose=1,
        scores_fell=1, tolerances_expired=1)


def test_the_quarter_before_has_its_own_figures(quarter_log):
    quarter = quarter_named("2016Q4")
    assert (quarter.start, quarter.end) == (D(2017, 1, 1), D(2017, 3, 31))
    assert quarter_outcomes(quarter_log["bu"], quarter) == QuarterOutcomes(
        quarter=quarter, code="2016Q4", as_of=D(2017, 7, 5), opened=5, closed_assured=0, closed_otherwise=0,
        not_assured=0, escalated=0, withdrawn=0, answered_on_time=0, answered_late=0, alerts=1, scores_rose=0,
        scores_fell=0, tolerances_expired=0)


def test_a_restricted_entry_is_counted_only_for_those_who_may_read_it(quarter_log):
    quarter = quarter_named("2017Q1")
    stranger = quarter_outcomes(quarter_log["stranger"], quarter)
    assert (stranger.opened, stranger.withdrawn) == (2, 0)  # K1, restricted, is the sub group's
    chair = quarter_outcomes(quarter_log["chair"], quarter)  # she chairs the body that raised K1
    assert (chair.opened, chair.withdrawn) == (3, 1)


def test_each_figure_lists_the_records_behind_it(quarter_log):
    quarter = quarter_named("2017Q1")
    titles = {}
    for name in ("opened", "answered-late", "scores-rose", "scores-fell", "alerts", "tolerances-expired"):
        records, row = quarter_records(quarter_log["bu"], quarter, FIGURE_NAMES[name])
        titles[name] = [(row(r).entry.title, row(r).on, row(r).detail) for r in records]
    assert [t for t, _, _ in titles["opened"]] == ["C1", "R2", "K1"]
    assert titles["answered-late"] == [("C0", D(2017, 4, 12), "Due 10 April 2017")]
    assert titles["scores-rose"] == [("R1", D(2017, 5, 3), "From 16 to 20")]
    assert titles["scores-fell"] == [("R1", D(2017, 6, 1), "From 20 to 12")]
    assert titles["alerts"] == [("R1", D(2017, 4, 10), "Its review long overdue")]
    assert titles["tolerances-expired"] == [("R3", D(2017, 5, 31), "Tolerated until then")]


def test_a_quarter_in_progress_counts_only_the_tolerances_already_run_out(quarter_log, time_machine):
    _at(time_machine, D(2017, 5, 31))  # R3 is tolerated to the end of today
    assert quarter_outcomes(quarter_log["bu"], quarter_named("2017Q1")).tolerances_expired == 0
    _at(time_machine, D(2017, 6, 1))
    assert quarter_outcomes(quarter_log["bu"], quarter_named("2017Q1")).tolerances_expired == 1


def test_the_page_shows_the_figures_and_moves_between_quarters(client_for, quarter_log):
    client = client_for(quarter_log["bu"])
    page = client.get(reverse("log-quarter", args=["2017Q1"])).content.decode()
    assert "<h1 class=\"govuk-heading-xl\">The log's outcomes, April to June 2017</h1>" in page
    assert 'href="/log/quarters/2017Q1/answered-late/">1<' in page
    assert 'href="/log/quarters/2016Q4/">Previous quarter' in page
    assert 'href="/log/quarters/2017Q2/">Next quarter' in page
    records = client.get(reverse("log-quarter-records", args=["2017Q1", "escalated"])).content.decode()
    cell = '<td class="govuk-table__cell">{}'
    assert cell.format("C0") in records and cell.format("2 May 2017") in records
    assert cell.format("C1") not in records
    # Today (5 July 2017) is in 2017Q2: the plain address shows it, and offers no quarter after it.
    current = client.get(reverse("log-quarter-current")).content.decode()
    assert "July to September 2017" in current and "Next quarter" not in current


@pytest.mark.parametrize("address", ["/log/quarters/2017Q5/", "/log/quarters/17Q1/", "/log/quarters/0000Q1/",
                                     "/log/quarters/2017Q1/nothing/", "/log/quarters/99999999999Q1/"])
def test_a_mistyped_quarter_or_figure_is_not_found_not_a_server_error(client_for, log, address):
    assert client_for(log["member"]).get(address).status_code == 404


def test_the_quarters_pages_queries_do_not_grow_with_the_log(client_for, log):
    from tests.helpers.queries import assert_queries_do_not_grow

    def add(n):
        for i in range(n):
            risk = _raise(log, by="bpg_member", body="bpg", kind="risk", likelihood=2, impact=2,
                          restricted=i % 2 == 0)
            services.risk_review(entry=risk, likelihood=3, impact=2, commentary="C.", next_review_on=None,
                                 by=log["bpg_chair"])
            services.entry_withdraw(entry=_raise(log, kind="concern"), reason="R.", by=log["bu"])

    client = client_for(log["member"])
    assert_queries_do_not_grow(client, reverse("log-quarter-current"), add, n=3)
    code = code_of(current_quarter())
    for figure in ("opened", "scores-rose", "withdrawn"):
        assert_queries_do_not_grow(client, reverse("log-quarter-records", args=[code, figure]), add, n=3)


def test_the_records_behind_a_figure_link_a_restricted_entry_only_for_its_readers(client_for, quarter_log):
    from challenge_log.models import Entry

    k1 = f'href="{Entry.objects.get(title="K1").get_absolute_url()}"'
    address = reverse("log-quarter-records", args=["2017Q1", "opened"])
    assert k1 in client_for(quarter_log["chair"]).get(address).content.decode()
    stranger = client_for(quarter_log["stranger"]).get(address).content.decode()
    assert k1 not in stranger and "2 records" in stranger


def test_the_first_quarter_that_can_be_named_offers_none_before_it(client_for, log):
    page = client_for(log["member"]).get(reverse("log-quarter", args=["1900Q1"])).content.decode()
    assert "April to June 1900" in page and "Previous quarter" not in page
