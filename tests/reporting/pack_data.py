"""A known small pack: the Board's next meeting with four papers (a PDF, a Word document, a restricted PDF, and
the issued quarterly outcome report linked as a record with its stored PDF), a summary received since the
Board's last meeting, an action awaiting ratification and two escalated log entries (one restricted); and the
readers: a business unit officer, a Board member, the Independent Chair, and a sub group member who sits on no
Board seat (she may not read the restricted paper, nor the restricted entry)."""

import datetime
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.helpers import documents as files

PARTNERSHIP = "Testshire Safeguarding Children Partnership"
NEGLECT = "Neglect strategy 2027 for agreement"
BUDGET = "Budget 2027-28"
RESTRICTED = "Serious case review: early findings"
OUTCOME = "Quarterly outcome report, July to September"
OUTCOME_TEXT = "The outcome report's own words"
ENTRY_OPEN = "Thresholds applied unevenly across agencies"
ENTRY_RESTRICTED = "Restricted: a complaint about one agency's practice"
ACTION = "Publish the revised neglect toolkit"
SUMMARY_TEXT = "The audit of neglect cases was completed."

_numbers = count(1)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def known_pack():
    from accountability.models import BodyFunction, Function
    from bscb.models import Partnership
    from challenge_log.models import Entry, Escalation
    from plan.action_models import Action
    from reporting import papers_services, services
    from reporting.models import Summary
    from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of
    from tests.reporting.helpers import SECTIONS, held_meeting

    Partnership.objects.update_or_create(pk=1, defaults={"name": PARTNERSHIP, "short_name": "TSCP",
                                                         "area": "Testshire"})
    bu = business_unit(person__full_name="Bea Unit")
    board = BodyFactory(name="Safeguarding Children Board", short_name="Board")
    for function in (Function.RECEIVES_SUMMARIES, Function.RATIFIES):
        BodyFunction.objects.get_or_create(body=board, function=function)
    board_member = member_of(board, person__full_name="Bob Board")
    independent_chair = member_of(board, role="independent_chair", person__full_name="Iris Chair")
    sub_group = BodyFactory(name="Learning and Development sub group", short_name="L&D", owes_summaries=True)
    sub_chair = member_of(sub_group, role="chair", person__full_name="Sue Chair")
    outsider = member_of(sub_group, person__full_name="Olly Outsider")

    now = timezone.now()
    held_meeting(body=board, when=now - datetime.timedelta(days=60))  # the Board's last meeting
    meeting = MeetingFactory(body=board, starts_at=now + datetime.timedelta(days=10), place="City Hall")

    # A summary after the sub group's meeting, submitted since the Board's last meeting.
    summary = services.summary_expect(held_meeting(body=sub_group, when=now - datetime.timedelta(days=20)))
    services.summary_submit(summary=summary, sections={**SECTIONS, "progress": SUMMARY_TEXT}, by=sub_chair)

    papers_services.paper_add(meeting=meeting, title=NEGLECT, upload=upload("n.pdf", files.clean_pdf()), by=bu)
    papers_services.paper_add(meeting=meeting, title=BUDGET, upload=upload("b.docx", files.docx()), by=bu)
    papers_services.paper_add(meeting=meeting, title=RESTRICTED, restricted=True,
                              upload=upload("r.pdf", files.clean_pdf()), by=bu)
    from bscb.pdf import render_pdf

    papers_services.paper_link_record(meeting, title=OUTCOME, url="/quarterly/", record_kind="Quarterly outcome report",
                                      pdf=render_pdf(f"<h1>{OUTCOME_TEXT}</h1>", title=OUTCOME), by=bu)

    year = 2090 + next(_numbers)
    entries = [Entry.objects.create(reference=f"CRL-{year}-{n:04d}", year=year, number=n, kind="challenge",
                                    title=title, description="D", raised_by_body=sub_group, raised_by=sub_chair,
                                    restricted=restricted)
               for n, (title, restricted) in enumerate([(ENTRY_OPEN, False), (ENTRY_RESTRICTED, True)], start=1)]
    for entry in entries:
        Escalation.objects.create(entry=entry, to_body=board, reason="The BPG could not resolve it.")
    Action.objects.create(body=sub_group, description=ACTION, due_on=now.date(), status="signed_off")
    return {"meeting": meeting, "bu": bu, "board_member": board_member, "independent_chair": independent_chair,
            "sub_chair": sub_chair, "outsider": outsider, "board": board, "sub_group": sub_group,
            "summary": Summary.objects.get(pk=summary.pk)}
