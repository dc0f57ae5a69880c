"""Builders for the summary tests and the access cases."""

import datetime

from django.utils import timezone


def held_meeting(body=None, when=None, **kwargs):
    from tests.factories import BodyFactory, MeetingFactory

    body = body or BodyFactory(owes_summaries=True, meeting_cadence_weeks=8)
    when = when or timezone.now() - datetime.timedelta(days=3)
    # Saved without signals, as a meeting held before summaries were kept (or seeded): the tests
    # of summary_expect and summaries_expect make its summary themselves.
    from accountability.models import Meeting

    meeting = MeetingFactory.build(body=body, starts_at=when, status="held", **kwargs)
    return Meeting.objects.bulk_create([meeting])[0]


def receiving_body(name="Board"):
    from accountability.models import BodyFunction, Function
    from tests.factories import BodyFactory

    body = BodyFactory(name=name, short_name=name)
    BodyFunction.objects.get_or_create(body=body, function=Function.RECEIVES_SUMMARIES)
    return body


def expected_summary(**kwargs):
    """A body owing summaries, its chair, a member, and the summary its held meeting makes expected."""
    from reporting import services
    from tests.factories import member_of

    meeting = held_meeting(**kwargs)
    chair = member_of(meeting.body, role="chair")
    member = member_of(meeting.body)
    return services.summary_expect(meeting), chair, member


SECTIONS = {"progress": "Audit completed.", "risks": "Staffing.", "issues": "", "learning": "", "changes": "",
            "other": ""}
