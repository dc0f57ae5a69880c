import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import services
from reporting.models import Summary, SummaryReceipt, SummaryVersion
from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of
from tests.helpers.forms import post_form
from tests.helpers.queries import assert_queries_do_not_grow
from tests.reporting.helpers import SECTIONS, expected_summary, receiving_body

pytestmark = pytest.mark.django_db


def _post_sections(**extra):
    return {**SECTIONS, **extra}


def test_save_then_submit_from_the_form(client_for):
    receiving_body()
    summary, chair, _ = expected_summary()
    client = client_for(chair)
    url = reverse("summary-edit", args=[summary.pk])
    assert client.get(url).status_code == 200
    response = post_form(client, url, _post_sections(save=""))
    assert response.status_code == 302
    assert client.get(url).content.decode().count("Audit completed.") == 1
    response = post_form(client, url, _post_sections(save_submit=""))
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.status == "submitted" and summary.receipts.count() == 1


def test_an_empty_summary_is_refused_with_a_message(client_for):
    summary, chair, _ = expected_summary()
    response = post_form(client_for(chair), reverse("summary-edit", args=[summary.pk]),
                                      {name: "" for name in SECTIONS} | {"save_submit": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert services.SUMMARY_EMPTY in page and page.count("There is a problem") == 1
    assert Summary.objects.get(pk=summary.pk).status == "draft"
    response = client_for(chair).post(reverse("summary-submit", args=[summary.pk]))
    assert response.status_code == 200 and services.SUMMARY_EMPTY in response.content.decode()


def error_beside(html, field):
    """The GOV.UK error message shown beside a field, or None."""
    found = re.search(rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    return found and re.sub(r"\s+", " ", found.group(1).replace(
        '<span class="govuk-visually-hidden">Error:</span>', "")).strip()


def summary_links(html):
    """Where the error summary's links go."""
    summary = html[html.index('class="govuk-error-summary"'):]
    return re.findall(r'<a href="#([^"]+)"', summary[:summary.index("</ul>")])


def test_a_refused_save_and_submit_saves_nothing_and_says_so_beside_the_field_it_links_to(client_for):
    """Issue 12 §5: "Save and submit" with every section empty saved an empty draft as version 1 before
    the submission was refused, and the error summary linked to the first section, which had no message
    beside it. The step is refused whole, and its message sits beside the field the summary links to."""
    summary, chair, _ = expected_summary()
    response = client_for(chair).post(reverse("summary-edit", args=[summary.pk]),
                                      {name: "  " for name in SECTIONS} | {"save_submit": ""})
    assert response.status_code == 200
    assert not SummaryVersion.objects.filter(summary=summary).exists()
    assert Summary.objects.get(pk=summary.pk).modified_by is None
    html = response.content.decode()
    assert summary_links(html) == ["id_progress"]
    assert error_beside(html, "progress") == services.SUMMARY_EMPTY


def test_a_refused_submission_keeps_an_earlier_draft_as_it_was(client_for):
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections={"progress": ""}, by=chair)
    before = list(SummaryVersion.history.filter(summary=summary).values_list("history_id", flat=True))
    response = client_for(chair).post(reverse("summary-edit", args=[summary.pk]),
                                      {name: "" for name in SECTIONS} | {"save_submit": ""})
    assert error_beside(response.content.decode(), "progress") == services.SUMMARY_EMPTY
    assert list(SummaryVersion.history.filter(summary=summary).values_list("history_id", flat=True)) == before
    assert Summary.objects.get(pk=summary.pk).status == "draft"


def test_an_empty_amendment_is_refused_beside_the_field_it_links_to(client_for):
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    response = post_form(client_for(chair), reverse("summary-amend", args=[summary.pk]),
                                      {name: "" for name in SECTIONS} | {"amendment_reason": "Wrong meeting"})
    html = response.content.decode()
    assert summary_links(html) == ["id_progress"]
    assert error_beside(html, "progress") == services.SUMMARY_EMPTY
    assert SummaryVersion.objects.filter(summary=summary).count() == 1


def test_submitting_twice_and_editing_a_submitted_summary(client_for):
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    client = client_for(chair)
    response = client.post(reverse("summary-submit", args=[summary.pk]))
    assert response.status_code == 200 and "already been submitted" in response.content.decode()
    response = post_form(client, reverse("summary-edit", args=[summary.pk]), _post_sections(progress="New", save=""),
                           follow=True)
    assert "already been submitted" in response.content.decode()
    assert SummaryVersion.objects.get(summary=summary).progress == "Audit completed."


def test_amending_without_a_reason_keeps_the_text(client_for):
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    client = client_for(chair)
    url = reverse("summary-amend", args=[summary.pk])
    assert "Audit completed." in client.get(url).content.decode()
    response = post_form(client, url, _post_sections(progress="Typed amendment", amendment_reason=""))
    page = response.content.decode()
    assert response.status_code == 200 and "Give the reason for the amendment" in page
    assert "Typed amendment" in page and "<title>Error:" in page
    response = post_form(client, url, _post_sections(progress="Typed amendment", amendment_reason="A figure"))
    assert response.status_code == 302
    assert list(summary.versions.values_list("number", flat=True)) == [1, 2]
    assert client.get(reverse("summary-version", args=[summary.pk, 1])).status_code == 200
    assert client.get(reverse("summary-version", args=[summary.pk, 9])).status_code == 404
    assert client.get(reverse("summary-detail", args=[summary.pk])).status_code == 200


def test_amending_a_draft_goes_back_to_the_form(client_for):
    summary, chair, _ = expected_summary()
    response = client_for(chair).get(reverse("summary-amend", args=[summary.pk]))
    assert response.status_code == 302 and response.url == reverse("summary-edit", args=[summary.pk])


def test_another_bodys_chair_is_refused(client_for):
    summary, _, _ = expected_summary()
    client = client_for(member_of(BodyFactory(), role="chair"))
    for name in ("summary-detail", "summary-edit", "summary-submit"):
        assert client.get(reverse(name, args=[summary.pk])).status_code == 403
    assert post_form(client, reverse("summary-edit", args=[summary.pk]), _post_sections(save="")).status_code == 403
    assert not SummaryVersion.objects.exists()


def test_a_submitted_summary_is_read_by_every_member(client_for):
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    stranger = client_for(member_of(BodyFactory()))
    assert stranger.get(reverse("summary-detail", args=[summary.pk])).status_code == 200
    assert stranger.get(reverse("summary-edit", args=[summary.pk])).status_code == 403


def test_bu_marks_received_and_the_board_sees_it(client_for):
    board = receiving_body()
    MeetingFactory(body=board, status="held", starts_at=timezone.now() - datetime.timedelta(days=30))
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    receipt = SummaryReceipt.objects.get()
    bu = client_for(business_unit())
    url = reverse("receipt-received", args=[receipt.pk])
    assert bu.post(url).status_code == 302
    response = bu.post(url)
    assert response.status_code == 200 and "already been marked" in response.content.decode()
    page = client_for(member_of(board)).get(reverse("summaries-received")).content.decode()
    assert summary.body.name in page
    assert client_for(chair).get(reverse("summaries-received")).status_code == 403


def test_bu_list_filters_and_flags_quiet_bodies(client_for):
    summary, chair, _ = expected_summary()
    BodyFactory(name="Quiet group", owes_summaries=True, meeting_cadence_weeks=8)
    client = client_for(business_unit())
    page = client.get(reverse("summary-list")).content.decode()
    assert summary.body.name in page and "Quiet group" in page
    page = client.get(reverse("summary-list"), {"state": "submitted"}).content.decode()
    assert "No summaries match these filters." in page
    page = client_for(chair).get(reverse("summary-list")).content.decode()
    assert summary.body.name in page and "Quiet group" not in page
    empty = client_for(member_of(BodyFactory())).get(reverse("summary-list")).content.decode()
    assert "No summaries are owed yet." in empty


def _add_summaries(body, chair):
    def add(k):
        start = timezone.now() - datetime.timedelta(days=400)
        # Held meetings make their summaries (a signal): k more of each.
        MeetingFactory.create_batch(k, body=body, status="held", starts_at=start)
    return add


def test_list_queries_do_not_grow(client_for):
    summary, chair, _ = expected_summary()
    assert_queries_do_not_grow(client_for(business_unit()), reverse("summary-list"),
                               _add_summaries(summary.body, chair))


def test_detail_queries_do_not_grow(client_for):
    receiving_body()
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)

    def add(k):
        latest = summary.versions.count()
        SummaryVersion.objects.bulk_create([SummaryVersion(summary=summary, number=latest + i + 1, progress="x",
                                                           amendment_reason="r", created_by=chair)
                                            for i in range(k)])
        receivers = [receiving_body(f"Receiver {latest + i}") for i in range(k)]
        SummaryReceipt.objects.bulk_create([SummaryReceipt(summary=summary, body=b) for b in receivers])

    assert_queries_do_not_grow(client_for(business_unit()), reverse("summary-detail", args=[summary.pk]), add)


def test_chair_nominates_a_member_who_then_drafts(client_for):
    summary, chair, member = expected_summary()
    url = reverse("summary-nominate", args=[summary.pk])
    assert client_for(member).get(url).status_code == 403
    assert client_for(member).get(reverse("summary-edit", args=[summary.pk])).status_code == 403
    response = post_form(client_for(chair), url, {})
    assert response.status_code == 200 and "Choose who drafts the summary" in response.content.decode()
    assert post_form(client_for(chair), url, {"person": str(member.pk)}).status_code == 302
    assert post_form(client_for(member), reverse("summary-edit", args=[summary.pk]),
                                   _post_sections(save="")).status_code == 302
    assert post_form(client_for(chair), url, {"person": "nobody"}).status_code == 302
    summary.refresh_from_db()
    assert summary.nominated_drafter is None


def test_bu_reads_history_and_redacts_through_a_version(client_for):
    from bscb.redaction import REPLACEMENT

    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections={"progress": "Zed Smith"}, by=chair)
    services.summary_submit(summary=summary, by=chair)
    services.summary_amend(summary=summary, sections={"progress": "Zed Smith again"}, reason="More", by=chair)
    bu = client_for(business_unit())
    assert bu.get(reverse("record-history", args=["reporting", "summary", summary.pk])).status_code == 200
    first = summary.versions.get(number=1)
    url = reverse("record-redact", args=["reporting", "summaryversion", first.pk])
    response = post_form(bu, url, {"field": "progress", "text": "Zed Smith", "reason": "A name", "confirm": "on"})
    assert response.status_code == 302
    assert all(REPLACEMENT in p for p in summary.versions.values_list("progress", flat=True))
