"""The chase when things go wrong (issue 13): an item two thousand years overdue, an item whose planning
or recording raises, a source that raises, a rung's threshold day, an item with nobody to remind, and a
day the chase cannot be run for. Each test failed on commit 1f15411."""

import logging
from contextlib import contextmanager
from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from bscb.workdays import add_working_days, is_working_day
from notifications.models import ChaseSettings, Reminder
from notifications.registry import Due
from notifications.services import chase
from tests.factories import UserFactory

DUE = date(2017, 3, 15)  # a Wednesday


def due_for(owner, n=1, bu=(), chair=(), due_date=DUE):
    return Due(key=f"thing:{owner.pk}:{n}", title=f"Return {n}", url=f"/things/{n}/", due_date=due_date,
               rungs=[("owner", [owner.pk]), ("business_unit", [u.pk for u in bu]),
                      ("monitoring_chair", [u.pk for u in chair])])



@contextmanager
def logged(name):
    """The records logged under `name` (the suite runs with -p no:logging, so without caplog)."""
    records = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append
    logger = logging.getLogger(name)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def working_day_budget(monkeypatch, limit):
    """Let the calendar look at `limit` days at most: a plan that walks the days overdue (or, as on the
    old code, counts from the due day for each step: the square of them) fails here, not after hours."""
    from bscb import workdays
    from notifications import ladder

    looked = []

    def counting(day):
        looked.append(day)
        if len(looked) > limit:
            raise AssertionError(f"the chase looked at more than {limit} days")
        return is_working_day(day)

    monkeypatch.setattr(workdays, "is_working_day", counting)
    monkeypatch.setattr(ladder, "is_working_day", counting)
    getattr(workdays.add_working_days, "cache_clear", lambda: None)()
    return looked


@pytest.mark.django_db
def test_an_item_two_thousand_years_overdue_is_chased_with_a_bounded_ladder(source, monkeypatch):
    """A due inserted 2,000 years overdue (a meeting dated in the year 0017, entered before the date field
    refused it): the chase completes, its owner, the business unit and the chair get one reminder, and a
    score of earlier steps is recorded as skipped, not 170,000 (on the old code planning it cost the square
    of the days overdue: the daily chase ran past its time limit and sent nothing to anyone)."""
    owner, late_owner, bu, chair = UserFactory.create_batch(4)
    source([due_for(owner, n=1), due_for(late_owner, n=2, bu=[bu], chair=[chair], due_date=date(17, 3, 1))])
    looked = working_day_budget(monkeypatch, 2_000)
    result = chase(DUE)
    assert not result.failed and len(looked) < 2_000
    assert (f"thing:{owner.pk}:1", "due", owner.pk) in result.sent
    ancient = Reminder.objects.filter(key=f"thing:{late_owner.pk}:2")
    sent = ancient.filter(status="sent")
    assert sorted(sent.values_list("recipient", flat=True)) == sorted([late_owner.pk, bu.pk, chair.pk])
    assert sent.values("step").distinct().count() == 1  # today's step, to every rung
    assert 3 <= ancient.filter(status="skipped").values("step").distinct().count() <= 20  # before, due, ... bounded
    assert {m.to[0] for m in mail.outbox} == {owner.email, late_owner.email, bu.email, chair.email}
    # The next day adds nothing; two working days later (its next repeat) one step more, to every rung.
    count = ancient.count()
    assert chase(date(2017, 3, 16)).sent == [] and ancient.count() == count
    later = [s for s in chase(date(2017, 3, 20)).sent if s[0] == f"thing:{late_owner.pk}:2"]
    assert len(later) == 3 and ancient.count() == count + 3


@pytest.mark.django_db
def test_one_items_failure_is_logged_and_skipped_and_the_summary_says_how_many_and_why(source, capsys):
    """A source that raises, an item whose planning raises (no due date) and one whose recording raises
    (a title longer than the column): each is logged and skipped, the others are chased, and the summary
    line of the command and of the task says how many were skipped and why (on the old code the first
    exception stopped the chase: nobody was reminded of anything)."""
    from notifications.tasks import chase as chase_task

    owner = UserFactory()
    source([Due(key="thing:no-date", title="No date", url="/no-date/", due_date=None, rungs=[("owner", [owner.pk])]),
            due_for(owner, n=1),
            Due(key="thing:long", title="x" * 400, url="/long/", due_date=DUE, rungs=[("owner", [owner.pk])])])

    def broken(as_of):
        raise RuntimeError("the view behind this source is gone")

    source(broken, kind="broken")
    with logged("notifications") as records:
        call_command("chase", "--as-of", "2017-03-15")
    out = capsys.readouterr().out.strip().splitlines()
    assert f"sent: thing:{owner.pk}:1 due to {owner.email}" in out
    assert "not chased after an error: source broken: RuntimeError: the view behind this source is gone" in out
    assert any(line.startswith("not chased after an error: thing:no-date: TypeError: ") for line in out)
    assert any(line.startswith("not chased after an error: thing:long: DataError: value too long") for line in out)
    summary = out[-1]
    assert summary.startswith("1 reminder(s) sent, 0 held for the next digest; 1 digest email(s) sent, 0 of them "
                              "resent; 3 item(s) skipped after an error, see the log: source broken (RuntimeError: "
                              "the view behind this source is gone), thing:no-date (TypeError: ")
    assert "thing:long (DataError: value too long" in summary
    errors = [r for r in records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == [f"The chase skipped {key} after an error"
                                                for key in ("source broken", "thing:no-date", "thing:long")]
    assert all(r.exc_info for r in errors)  # with the traceback
    assert list(Reminder.objects.values_list("key", "status")) == [(f"thing:{owner.pk}:1", "skipped"),
                                                                   (f"thing:{owner.pk}:1", "sent")]
    with logged("notifications") as records:
        result = chase_task.run("2017-03-16")
    assert result["failed"] == 3 and result["failures"][0] == (
        "source broken: RuntimeError: the view behind this source is gone")
    assert [r.getMessage() for r in records if r.name == "notifications.tasks"] == [
        "Chase of 2017-03-16: 0 reminder(s) sent, 0 held for the next digest; 0 digest email(s) sent, 0 of them "
        "resent; " + summary.split("; ", 2)[2]]


@pytest.mark.django_db
def test_each_rung_is_copied_in_on_its_threshold_day(source):
    """Copy the business unit in at 5 working days overdue means on the fifth, the monitoring chair at
    10 on the tenth (on the old code they came with the first repeat after: the 6th and the 12th)."""
    row = ChaseSettings.current()
    row.repeat_every, row.escalate_to_bu_after, row.escalate_to_chair_after = 3, 5, 10
    row.save()
    owner, bu, chair = UserFactory.create_batch(3)
    source([due_for(owner, bu=[bu], chair=[chair])])
    first = {}  # person -> working days overdue of the first reminder they got
    for overdue in range(13):
        for _key, _step, user in chase(add_working_days(DUE, overdue)).sent:
            first.setdefault(user, overdue)
    assert first == {owner.pk: 0, bu.pk: 5, chair.pk: 10}


@pytest.mark.django_db
def test_an_item_with_nobody_to_remind_is_said_and_the_administrators_alerted_once_a_day(source, settings,
                                                                                          capsys):
    """No chair, no nominee, nobody in the business unit: the command names it and counts it (on the old
    code, "0 reminder(s) sent" and nothing else), and the administrators (the superusers and ADMINS) get an
    email about it once a day, however many times the chase runs."""
    settings.ADMINS = [("Operations", "ops@example.org")]
    administrator = UserFactory(is_superuser=True, is_staff=True)
    UserFactory(is_superuser=True, is_active=False)  # a former administrator: not alerted
    owner = UserFactory()
    orphan = Due(key="thing:orphan", title="Return of a body with nobody in post", url="/orphan/", due_date=DUE,
                 rungs=[("owner", []), ("business_unit", []), ("monitoring_chair", [])])
    source([due_for(owner, n=1), orphan])

    def alerts():
        return [m for m in mail.outbox if m.to != [owner.email]]

    call_command("chase", "--dry-run", "--as-of", "2017-03-15")
    out = capsys.readouterr().out.strip().splitlines()
    assert "nobody to remind: thing:orphan due (Return of a body with nobody in post, due 15 March 2017)" in out
    assert out[-1] == ("1 reminder(s) would be sent, 0 held for the next digest; 1 item(s) with nobody to remind "
                       "(the administrators will be alerted).")
    assert not mail.outbox
    call_command("chase", "--as-of", "2017-03-15")
    out = capsys.readouterr().out.strip().splitlines()
    assert "nobody to remind: thing:orphan due (Return of a body with nobody in post, due 15 March 2017)" in out
    assert out[-1] == ("1 reminder(s) sent, 0 held for the next digest; 1 digest email(s) sent, 0 of them resent; "
                       "1 item(s) with nobody to remind (the administrators were alerted).")
    [alert] = alerts()
    assert alert.to == [administrator.email, "ops@example.org"]
    assert alert.subject == "The chase could remind nobody of 1 item"
    assert f"Return of a body with nobody in post (due 15 March 2017; chase of 15 March 2017): " \
           f"{settings.SITE_URL}/orphan/" in alert.body
    assert f'<a href="{settings.SITE_URL}/orphan/">' in alert.alternatives[0][0]
    # A rerun the same day says it again, and does not alert the administrators twice.
    call_command("chase", "--as-of", "2017-03-15")
    assert capsys.readouterr().out.strip().splitlines()[-1].endswith(
        "; 1 item(s) with nobody to remind (the administrators were alerted).")
    assert len(alerts()) == 1
    # The next day, once more.
    call_command("chase", "--as-of", "2017-03-16")
    assert len(alerts()) == 2 and "chase of 16 March 2017" in alerts()[1].body


@pytest.mark.django_db
@pytest.mark.parametrize(("as_of", "message"), [
    ("0001-01-01", "--as-of 0001-01-01: The chase's day must be in the years 1900 to 2100."),
    ("9999-12-31", "--as-of 9999-12-31: The chase's day must be in the years 1900 to 2100."),
    ("", "--as-of needs a date like 2017-03-29 (leave it out to chase as of today)."),
    (" ", "--as-of needs a date like 2017-03-29 (leave it out to chase as of today)."),
    ("2017-02-30", "--as-of must be a date like 2017-03-29."),
])
def test_the_command_refuses_a_day_it_cannot_chase_with_a_clear_message(as_of, message):
    """On the old code the first two ended in tracebacks and "" chased as of today."""
    with pytest.raises(CommandError) as refused:
        call_command("chase", "--dry-run", "--as-of", as_of)
    assert str(refused.value) == message
