"""Each person's notices: their own list; marking one read (another's is refused); marking all read."""

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import Case, Scenario

NO_ERROR_STATE = "one button: a notice read again stays read"


def _notice_of(owner):
    from notifications.models import Notice, Reminder

    reminder = Reminder.objects.create(key=f"thing:{owner.pk}", step="due", recipient=owner, as_of="2026-11-27",
                                       status="sent", title="Summary for the PMAE meeting of 3 November 2026",
                                       url="/summaries/", due_date="2026-11-27", run="access")
    return Notice.objects.create(reminder=reminder, user=owner, title=reminder.title, url=reminder.url)


def _list():
    from tests.factories import UserFactory

    owner = UserFactory()
    _notice_of(owner)
    return Scenario(allowed=owner)


def _read():
    from notifications.models import Notice
    from tests.factories import UserFactory

    owner = UserFactory()
    notice = _notice_of(owner)
    return Scenario(kwargs={"pk": notice.pk}, allowed=owner, refused=UserFactory(),
                    state=lambda: Notice.objects.filter(pk=notice.pk).values("read_on").first())


def _read_all():
    from notifications.models import Notice
    from tests.factories import UserFactory

    owner = UserFactory()
    _notice_of(owner)
    return Scenario(allowed=owner, state=lambda: list(Notice.objects.values_list("read_on", flat=True)))


CASES = {
    "notice-list": Case(SIGNED_IN, setup=_list),
    "notice-read": Case(RECORD, setup=_read, post=True, post_status=302, no_error_state=NO_ERROR_STATE),
    "notices-read": Case(SIGNED_IN, setup=_read_all, post=True, post_status=302, no_error_state=NO_ERROR_STATE),
}
