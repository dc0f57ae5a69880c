"""Issue 17: after `load_demo` the quarter before last's outcome report has been commented on, agreed at a BPG
meeting and issued to a Board meeting with its PDF and DOCX; the last quarter's is a draft for the business unit
to comment on and the BPG to agree. Each role finds it."""

import pytest
from django.urls import reverse

from accountability.models import User
from reporting.outcome_models import OutcomeReport, ReportState

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_one_report_issued_to_the_board_and_one_draft(client_for):
    issued, draft = OutcomeReport.objects.order_by("quarter_code")
    assert issued.state == ReportState.ISSUED and draft.state == ReportState.DRAFT
    assert issued.agreed_meeting.body.short_name == "BPG" and issued.issued_meeting.body.short_name == "BSCB"
    assert issued.pdf and issued.docx and issued.comments.exists()
    board = client_for(User.objects.get(email="board.member@bscb.example.org"))
    assert board.get(reverse("outcome-report-pdf", args=[issued.pk])).status_code == 200
    assert board.get(draft.get_absolute_url()).status_code == 403
    bu = client_for(User.objects.get(email="bu.officer@bscb.example.org"))
    page = bu.get(draft.get_absolute_url()).content.decode()
    assert "Record the agreement" in page and "Comment on progress by priority and outcome" in page
