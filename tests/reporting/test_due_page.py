"""The business unit's page of what is due: what is owed and not yet in, filtered, with each item's
chase history and a "remind now" that emails the owner at once and is recorded."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accountability.models import BodyFunction, Function
from bscb.mail import absolute_url
from bscb.partnership import partnership_get
from bscb.workdays import add_working_days, is_working_day, previous_working_day
from notifications import services as chasing
from notifications.models import Reminder
from notifications.services import chase
from reporting import services
from reporting.models import Summary
from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of
from tests.helpers.queries import assert_queries_do_not_grow
from tests.reporting.helpers import SECTIONS

pytestmark = pytest.mark.django_db


def _held(body, working_days_ago):
    """A meeting held `working_days_ago` working days before today, recorded now (its summary follows)."""
    day = add_working_days(timezone.localdate(), -working_days_ago)
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    MeetingFactory(body=body, starts_at=when, status="held")
    return Summary.objects.get(meeting__body=body, meeting__starts_at=when)


@pytest.fixture
def partnership():
    officer = business_unit(person__full_name="Sam Patel")
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG")
    BodyFunction.objects.create(body=bpg, function=Function.MONITORS)
    bpg_chair = member_of(bpg, role="chair", person__full_name="Bea Chair")
    pmae = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_summaries=True, meeting_cadence_weeks=8)
    pmae_chair = member_of(pmae, role="chair", person__full_name="Jo Morgan")
    sapp = BodyFactory(name="SAPP sub group", short_name="SAPP", owes_summaries=True, meeting_cadence_weeks=8)
    sapp_chair = member_of(sapp, role="chair", person__full_name="Chris Walker")
    late = _held(pmae, 30)  # 15 working days late: the BPG chair is copied in
    soon = _held(sapp, 12)  # due in 3 working days
    done = _held(sapp, 20)
    services.summary_save_draft(summary=done, sections=SECTIONS, by=sapp_chair)
    services.summary_submit(summary=done, by=sapp_chair)
    return {"bu": officer, "bpg_chair": bpg_chair, "pmae": pmae, "pmae_chair": pmae_chair, "sapp": sapp,
            "late": late, "soon": soon, "done": done}


def _chase_now():
    day = timezone.localdate()
    return chase(as_of=day if is_working_day(day) else previous_working_day(day))


def test_the_business_unit_sees_what_is_owed_longest_overdue_first(client_for, partnership):
    page = client_for(partnership["bu"]).get(reverse("due-list")).content.decode()
    assert "2 items owed" in page
    assert page.index("PMAE sub group: Summary") < page.index("SAPP sub group: Summary")
    assert reverse("summary-detail", args=[partnership["done"].pk]) not in page  # submitted: not owed
    assert "Overdue" in page and "Due soon" in page
    assert page.count("Nobody reminded yet") == 2 and "Chase history (" not in page
    assert "Owed by Jo Morgan" in page and "Owed by Chris Walker" in page  # each body's chair


def test_filters_by_body_state_and_kind(client_for, partnership):
    client = client_for(partnership["bu"])
    url = reverse("due-list")
    page = client.get(url, {"body": partnership["sapp"].pk}).content.decode()
    assert "1 item owed" in page and "SAPP sub group: Summary" in page and "PMAE sub group: Summary" not in page
    page = client.get(url, {"state": "overdue"}).content.decode()
    assert "PMAE sub group: Summary" in page and "SAPP sub group: Summary" not in page
    page = client.get(url, {"state": "due_today"}).content.decode()
    assert "Nothing owed matches these filters." in page
    page = client.get(url, {"kind": "summary", "state": "due_soon"}).content.decode()
    assert "SAPP sub group: Summary" in page
    page = client.get(url, {"state": "not-a-state"}).content.decode()
    assert "Choose a state from the list" in page and "2 items owed" in page  # a bad filter is said, not a 500


def test_each_item_shows_who_was_chased_by_which_step_and_what_was_skipped(client_for, partnership):
    _chase_now()
    page = client_for(partnership["bu"]).get(reverse("due-list"), {"state": "overdue"}).content.decode()
    history = page[page.index("Chase history ("):]
    for name in ("Jo Morgan", "Sam Patel", "Bea Chair"):
        assert name in history
    assert "Before the due day" in history and "Skipped: the chase had not run" in history
    assert "Overdue, reminder" in history and ">Sent<" in history


def test_remind_now_emails_the_owner_at_once_and_is_recorded(client_for, partnership, run_tasks,
                                                            django_capture_on_commit_callbacks):
    client = client_for(partnership["bu"])
    late = partnership["late"]
    services.summary_save_draft(summary=late, sections=SECTIONS, by=partnership["pmae_chair"])  # text to keep out
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("summary-remind", args=[late.pk]), {"next": "/due/?state=overdue"})
    assert response.status_code == 302 and response["Location"] == "/due/?state=overdue"
    assert len(callbacks) == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [partnership["pmae_chair"].email]
    reminder = Reminder.objects.get(key=f"summary:{late.pk}")
    assert message.extra_headers["Message-ID"] == reminder.outbox.message_id
    assert reminder.outbox.sent_on is not None
    # Both parts come from templates/notifications/email/reminders.*, name the partnership and link to
    # the summary; neither carries the record's text.
    html, kind = message.alternatives[0]
    link = absolute_url(late.get_absolute_url())
    assert kind == "text/html" and message.subject == f"Reminder: {reminder.title}"
    assert "asks you to attend to this now:" in message.body and f": {link}\n" in message.body
    assert "asks you to attend to this now:" in html and f'<a href="{link}">' in html
    assert partnership_get().name in message.body and partnership_get().name in html
    for text in filter(None, SECTIONS.values()):
        assert text not in message.body and text not in html and text not in message.subject
    assert reminder.sent_by == partnership["bu"] and reminder.is_manual
    page = client.get(response["Location"]).content.decode()
    assert "Reminded now: Jo Morgan. The email is on its way" in page
    detail = client.get(late.get_absolute_url()).content.decode()
    assert "Reminded now by Sam Patel" in detail


def test_remind_now_records_in_the_request_and_mails_only_after_the_commit(client_for, partnership,
                                                                          django_capture_on_commit_callbacks):
    late = partnership["late"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(partnership["bu"]).post(reverse("summary-remind", args=[late.pk]))
    assert response.status_code == 302
    assert len(callbacks) == 1  # the send task, enqueued on commit
    assert not mail.outbox  # no SMTP inside the request
    reminder = Reminder.objects.get(key=f"summary:{late.pk}")
    assert reminder.is_manual and reminder.notice and reminder.outbox.sent_on is None


def test_an_off_site_next_is_not_followed(client_for, partnership):
    response = client_for(partnership["bu"]).post(reverse("summary-remind", args=[partnership["late"].pk]),
                                                  {"next": "https://elsewhere.example.com/"})
    assert response["Location"] == partnership["late"].get_absolute_url()


@pytest.mark.parametrize("target", ["present", "//elsewhere.example.com/", "javascript:alert(1)", "/\\elsewhere"])
def test_a_bad_next_is_checked_before_acting_and_the_page_goes_back_to_the_summary(client_for, partnership,
                                                                                  target):
    """On 1f15411 `next=present` was a server error after the email had gone (issue 12 §5)."""
    late = partnership["late"]
    response = client_for(partnership["bu"]).post(reverse("summary-remind", args=[late.pk]), {"next": target})
    assert response.status_code == 302 and response["Location"] == late.get_absolute_url()
    assert Reminder.objects.filter(key=f"summary:{late.pk}").count() == 1


def test_a_second_remind_now_is_refused_with_the_time_of_the_first(client_for, partnership, run_tasks,
                                                                  django_capture_on_commit_callbacks):
    """A double-click, a retry or a second officer sends nothing more within the interval (issue 12 §5); on
    1f15411 each press sent another email."""
    late, url = partnership["late"], reverse("summary-remind", args=[partnership["late"].pk])
    client = client_for(partnership["bu"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        second = client.post(url)
    assert second.status_code == 200
    first = Reminder.objects.get(key=f"summary:{late.pk}")
    at = timezone.localtime(first.created)
    page = second.content.decode()
    assert f"Jo Morgan was already reminded of this at {at:%H:%M} on {at:%-d %B %Y} by Sam Patel." in page
    assert len(mail.outbox) == 1
    # Opened again, the page says so before anyone presses.
    assert "Jo Morgan was already reminded of this" in client.get(url).content.decode()


def test_remind_now_on_a_submitted_summary_is_refused_plainly(client_for, partnership):
    client = client_for(partnership["bu"])
    url = reverse("summary-remind", args=[partnership["done"].pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 200
        assert chasing.NOTHING_OWED in response.content.decode()
    assert not mail.outbox and not Reminder.objects.exists()


def test_the_confirmation_names_who_will_be_reminded(client_for, partnership):
    page = client_for(partnership["bu"]).get(reverse("summary-remind", args=[partnership["late"].pk])).content
    assert "Jo Morgan" in page.decode() and "Yes, remind now" in page.decode()


def test_a_body_without_a_recorded_meeting_is_flagged(client_for, partnership):
    quiet = BodyFactory(name="Quiet sub group", owes_summaries=True, meeting_cadence_weeks=4,
                        active_from=timezone.localdate() - datetime.timedelta(days=200))
    # Scheduled in the past and never recorded as held: it must not silence the flag.
    MeetingFactory(body=quiet, starts_at=timezone.now() - datetime.timedelta(days=3), status="scheduled")
    page = client_for(partnership["bu"]).get(reverse("due-list")).content.decode()
    assert "No meeting recorded" in page and "Quiet sub group" in page


def test_only_the_business_unit_sees_the_chase_history_on_a_summary(client_for, partnership):
    _chase_now()
    url = partnership["late"].get_absolute_url()
    assert "Chase history" in client_for(partnership["bu"]).get(url).content.decode()
    assert "Chase history" not in client_for(partnership["pmae_chair"]).get(url).content.decode()


def test_queries_do_not_grow(client_for, partnership):
    pmae, chair = partnership["pmae"], partnership["pmae_chair"]
    start = timezone.now() - datetime.timedelta(days=400)

    def add(k):
        # k more held meetings (their summaries follow), each summary with a reminder on record.
        chased = set(Reminder.objects.values_list("key", flat=True))
        MeetingFactory.create_batch(k, body=pmae, status="held", starts_at=start)
        Reminder.objects.bulk_create([
            Reminder(key=f"summary:{pk}", step="due", recipient=chair, as_of=timezone.localdate(), status="sent",
                     title="A summary", url="/", due_date=timezone.localdate(), run="queries")
            for pk in Summary.objects.filter(body=pmae).values_list("pk", flat=True) if f"summary:{pk}" not in chased
        ])

    assert_queries_do_not_grow(client_for(partnership["bu"]), reverse("due-list"), add)


def test_each_state_filter_lists_what_its_tag_says(client_for, partnership):
    client = client_for(partnership["bu"])
    for state, tag in [("overdue", "Overdue"), ("due_soon", "Due soon"), ("expected", "Expected")]:
        page = client.get(reverse("due-list"), {"state": state}).content.decode()
        tags = {t for t in ("Overdue", "Due soon", "Due today", "Expected", "Draft") if f">{t}</strong>" in page}
        assert tags <= {tag}, (state, tags)
