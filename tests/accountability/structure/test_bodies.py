"""Bodies and their members: the list, a body's page, and the business unit's forms."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accountability import services
from accountability.models import Body, BodyFunction, Function, MeetingStatus, Membership
from tests.accountability.structure.helpers import Page, date_data
from tests.factories import (
    BodyFactory,
    BodyKindFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers.forms import post_form

pytestmark = pytest.mark.django_db

START = datetime.date(2016, 4, 1)


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@pytest.fixture
def bradford(db):
    """The BPG (its members include the sub group chairs) and a sub group reporting to it."""
    sub_group = BodyKindFactory(name="Sub group", plural="Sub groups", order=3)
    bpg = BodyFactory(
        name="Business Planning Group", short_name="BPG", kind=BodyKindFactory(name="BPG", order=2),
        seats_for_chairs_of=sub_group, purpose="- Monitors the sub groups\n\n• Approves action plans\n",
        membership_rule="Chairs of the BSCB sub groups and other invited members", meeting_cadence_weeks=8,
    )
    for function in (Function.MONITORS, Function.APPROVES_PLANS):
        BodyFunction.objects.create(body=bpg, function=function)
    pmae = BodyFactory(
        name="Performance Management and Evaluation", short_name="PMAE", kind=sub_group, reports_to=bpg,
        owes_summaries=True, owes_yearly_assurance=True, terms_of_reference="Meets every two months.",
    )
    BodyFunction.objects.create(body=pmae, function=Function.RECEIVES_SUMMARIES)
    police = OrganisationFactory(name="West Yorkshire Police", short_name="WYP")
    chair = MembershipFactory(body=pmae, role="chair", organisation=police, person=UserFactory(full_name="Jo Morgan"))
    MembershipFactory(body=bpg, role="invited", organisation=police, person=UserFactory(full_name="Ivy Invited"))
    return {"bpg": bpg, "pmae": pmae, "police": police, "chair": chair, "sub_group": sub_group}


def _body_data(kind, **overrides):
    data = {
        "kind": str(kind.pk), "name": "Learning and Development", "short_name": "L&D",
        "purpose": "Training for the workforce\nEvaluate its impact", "terms_of_reference": "As agreed.",
        "membership_rule": "Training leads of each agency", "seats_for_chairs_of": "", "reports_to": "",
        "meeting_cadence_weeks": "8", "owes": ["owes_summaries", "owes_quarterly_summaries"],
        "functions": [Function.RECEIVES_SUMMARIES], **date_data("active_from", START), **date_data("active_to", None),
    }
    data.update(overrides)
    return data


# The list
def test_every_member_sees_the_bodies_by_kind_with_members_and_functions(member_client, bradford):
    page = Page(member_client.get(reverse("body-list")))
    captions = [c.text for c in page.doc.find_all("caption")]
    assert "BPG" in captions and "Sub groups" in captions
    assert captions.index("BPG") < captions.index("Sub groups")  # in the kinds' order
    rows = {row.find("th").find("a").text: row for row in page.doc.find_all("tr") if row.find("th", scope="row")}
    bpg_row = rows["Business Planning Group"]
    # One invited member and a derived seat for the PMAE chair.
    assert bpg_row.find_all("td")[1].text == "2"
    assert [t.text for t in bpg_row.find_all("strong", class_="govuk-tag")] == [
        Function.MONITORS.label, Function.APPROVES_PLANS.label]
    assert rows["Performance Management and Evaluation"].find_all("td")[0].text == "BPG"  # reports to
    assert reverse("body-create") not in page.links()


def test_the_business_unit_may_add_a_body_from_the_list(bu_client):
    assert reverse("body-create") in Page(bu_client.get(reverse("body-list"))).links()


def test_the_body_list_filters_by_kind_and_name(member_client, bradford):
    url = reverse("body-list")
    by_kind = member_client.get(url, {"kind": bradford["sub_group"].pk}).content.decode()
    assert "Performance Management" in by_kind and "Business Planning Group" not in by_kind
    by_name = member_client.get(url, {"name": "bpg"}).content.decode()
    assert "Business Planning Group" in by_name and "Performance Management" not in by_name
    assert "No bodies match these filters." in member_client.get(url, {"name": "zzz"}).content.decode()


def test_the_body_list_is_paginated(member_client):
    kind = BodyKindFactory(name="Task and finish group")
    Body.objects.bulk_create(
        Body(kind=kind, name=f"Task group {i:03}", short_name=f"T{i}", active_from=START) for i in range(30)
    )
    first = member_client.get(reverse("body-list"), {"kind": kind.pk}).content.decode()
    assert "Task group 024" in first and "Task group 025" not in first
    second = member_client.get(reverse("body-list"), {"kind": kind.pk, "page": 2}).content.decode()
    assert "Task group 025" in second


def test_no_bodies_yet(signed_in_client):
    assert "No bodies yet." in signed_in_client.get(reverse("body-list")).content.decode()


# A body's page
def test_a_bodys_page_shows_what_it_is_for_what_it_owes_and_holds(member_client, bradford):
    page = Page(member_client.get(reverse("body-detail", args=[bradford["pmae"].pk])))
    html = page.html
    assert "Meets every two months." in html  # terms of reference
    assert "A summary after each meeting" in html and "A yearly assurance report" in html
    assert "Quarterly summaries" not in html
    assert Function.RECEIVES_SUMMARIES.label in html
    assert reverse("body-detail", args=[bradford["bpg"].pk]) in page.links()  # reports to
    assert "No meetings yet." in html


def test_the_purpose_is_one_bullet_a_line(member_client, bradford):
    page = Page(member_client.get(reverse("body-detail", args=[bradford["bpg"].pk])))
    bullets = page.doc.find("ul", class_="govuk-list--bullet")
    assert [li.text for li in bullets.find_all("li")] == ["Monitors the sub groups", "Approves action plans"]
    assert "Every 8 weeks" in page.html
    assert "Chairs of the BSCB sub groups and other invited members" in page.html


def test_members_now_include_the_seats_that_follow_a_chair(member_client, bu, bradford):
    bpg, pmae = bradford["bpg"], bradford["pmae"]
    MembershipFactory(body=bpg, person=UserFactory(full_name="Past Person"), end=datetime.date(2017, 1, 1))
    page = Page(member_client.get(reverse("body-detail", args=[bpg.pk])))
    rows = [row for row in page.doc.find_all("tr") if row.find("th", scope="row")]
    members = {row.find("th").text: [td.text for td in row.find_all("td")] for row in rows}
    assert members["Jo Morgan"][:2] == ["Member, as chair of Performance Management and Evaluation", "WYP"]
    assert members["Ivy Invited"][:2] == ["Invited member", "WYP"]
    assert "Past Person" not in page.html
    # A new chair takes the seat, with no edit of the BPG.
    services.membership_end(membership=bradford["chair"], end=timezone.localdate() - datetime.timedelta(days=1),
                            by=bu)
    services.membership_add(person=UserFactory(full_name="New Chair"), body=pmae, role="chair",
                            start=timezone.localdate(), by=bu)
    html = member_client.get(reverse("body-detail", args=[bpg.pk])).content.decode()
    assert "New Chair" in html and "Jo Morgan" not in html


def test_members_are_ordered_by_role_then_agency(member_client, bradford):
    pmae = bradford["pmae"]
    MembershipFactory(body=pmae, role="member", person=UserFactory(full_name="Zed Member"),
                      organisation=OrganisationFactory(name="Barnardo's", short_name="BAR"))
    MembershipFactory(body=pmae, role="vice_chair", person=UserFactory(full_name="Val Vice"),
                      organisation=bradford["police"])
    MembershipFactory(body=pmae, role="member", person=UserFactory(full_name="Amy Member"),
                      organisation=OrganisationFactory(name="Yorkshire Ambulance", short_name="YAS"))
    page = Page(member_client.get(reverse("body-detail", args=[pmae.pk])))
    names = [row.find("th").text for row in page.doc.find_all("tr") if row.find("th", scope="row")]
    assert names == ["Jo Morgan", "Val Vice", "Zed Member", "Amy Member"]


def test_the_page_lists_the_ten_most_recent_meetings(member_client, bradford):
    pmae = bradford["pmae"]
    now = timezone.now()
    for weeks in range(12):
        MeetingFactory(body=pmae, starts_at=now - datetime.timedelta(weeks=weeks), place=f"Room {weeks}",
                       status=MeetingStatus.HELD)
    html = member_client.get(reverse("body-detail", args=[pmae.pk])).content.decode()
    assert "Room 9" in html and "Room 10" not in html
    meetings_url = _url("meeting-list")
    if meetings_url:
        assert f"{meetings_url}?body={pmae.pk}" in html


def test_only_the_business_unit_sees_how_to_change_a_body(member_client, bu_client, bradford):
    bpg, chair = bradford["bpg"], bradford["chair"]
    invited = Membership.objects.get(body=bpg, role="invited")
    for_member = Page(member_client.get(reverse("body-detail", args=[bpg.pk]))).links()
    for_bu = Page(bu_client.get(reverse("body-detail", args=[bpg.pk]))).links()
    for url in (reverse("body-edit", args=[bpg.pk]), reverse("body-membership-add", args=[bpg.pk]),
                reverse("membership-end", args=[invited.pk]),
                reverse("record-history", args=["accountability", "body", bpg.pk])):
        assert url in for_bu and url not in for_member
    assert reverse("membership-end", args=[chair.pk]) not in for_bu  # a derived seat ends with the chair
    schedule = _url("body-meeting-create", bpg.pk)
    if schedule:
        assert schedule in for_bu and schedule not in for_member


# Adding and editing a body
def test_the_business_unit_adds_a_body_with_what_it_owes_and_holds(bu_client, bu, bradford):
    response = post_form(bu_client, reverse("body-create"), _body_data(
        bradford["sub_group"], reports_to=str(bradford["bpg"].pk), seats_for_chairs_of=str(bradford["sub_group"].pk),
        functions=[Function.RECEIVES_SUMMARIES, Function.RECEIVES_QUARTERLY]))
    body = Body.objects.get(name="Learning and Development")
    assert body.seats_for_chairs_of == bradford["sub_group"]
    assert response.status_code == 302 and response["Location"] == reverse("body-detail", args=[body.pk])
    assert (body.short_name, body.reports_to, body.meeting_cadence_weeks) == ("L&D", bradford["bpg"], 8)
    assert (body.owes_summaries, body.owes_quarterly_summaries, body.owes_yearly_assurance) == (True, True, False)
    assert set(body.functions.values_list("function", flat=True)) == {"receives_summaries", "receives_quarterly"}
    assert body.created_by == bu


def test_a_body_ending_before_it_starts_is_refused_beside_the_date_and_nothing_is_lost(bu_client, bradford):
    page = Page(post_form(bu_client, reverse("body-create"), _body_data(
        bradford["sub_group"], **date_data("active_to", datetime.date(2016, 1, 1)))))
    assert page.error("active_to") == services.END_BEFORE_START
    assert page.value("name") == "Learning and Development"
    assert page.value("purpose").strip() == "Training for the workforce\nEvaluate its impact"
    assert page.checked("owes") == ["owes_summaries", "owes_quarterly_summaries"]
    assert page.checked("functions") == ["receives_summaries"]
    assert page.value("active_to_2") == "2016"
    assert not Body.objects.filter(name="Learning and Development").exists()


def test_a_function_one_body_holds_is_refused_beside_the_functions_and_nothing_is_saved(bu_client, bradford):
    page = Page(post_form(bu_client, reverse("body-create"), _body_data(
        bradford["sub_group"], functions=[Function.RECEIVES_SUMMARIES, Function.MONITORS])))
    message = services.FUNCTION_HELD.format(function=Function.MONITORS.label, body=bradford["bpg"])
    assert page.error("functions") == message
    assert page.summary() == [message]
    assert set(page.checked("functions")) == {"monitors", "receives_summaries"}
    assert page.value("short_name") == "L&D"
    assert "Add a body" in page.html  # still the form for a new body
    assert not Body.objects.filter(name="Learning and Development").exists()
    assert not BodyFunction.objects.filter(body__name="Learning and Development").exists()


def test_editing_a_body_keeps_its_record_when_a_function_is_refused(bu_client, bradford):
    pmae = bradford["pmae"]
    url = reverse("body-edit", args=[pmae.pk])
    page = Page(post_form(bu_client, url, _body_data(pmae.kind, name="Renamed", short_name="PMAE",
                                               functions=[Function.APPROVES_PLANS])))
    assert page.error("functions") == services.FUNCTION_HELD.format(
        function=Function.APPROVES_PLANS.label, body=bradford["bpg"])
    pmae.refresh_from_db()
    assert pmae.name == "Performance Management and Evaluation"
    assert list(pmae.functions.values_list("function", flat=True)) == ["receives_summaries"]


def test_the_edit_form_starts_from_the_body_and_saves_changes(bu_client, bradford):
    pmae, bpg = bradford["pmae"], bradford["bpg"]
    url = reverse("body-edit", args=[pmae.pk])
    page = Page(bu_client.get(url))
    assert page.value("name") == pmae.name
    assert page.checked("owes") == ["owes_summaries", "owes_yearly_assurance"]
    assert page.checked("functions") == ["receives_summaries"]
    assert page.selected("reports_to") == str(bpg.pk)
    assert str(pmae.pk) not in [o.attrs["value"] for o in page.doc.find("select", name="reports_to").find_all("option")]
    response = post_form(bu_client, url, _body_data(pmae.kind, name=pmae.name, short_name="PMAE", owes=[],
                                              functions=[Function.RECEIVES_QUARTERLY], reports_to=str(bpg.pk)))
    assert response.status_code == 302
    pmae.refresh_from_db()
    assert (pmae.owes_summaries, pmae.owes_yearly_assurance, pmae.reports_to) == (False, False, bpg)
    assert list(pmae.functions.values_list("function", flat=True)) == ["receives_quarterly"]


def test_the_body_form_asks_for_what_is_missing(bu_client):
    page = Page(post_form(bu_client, reverse("body-create"), {
        "kind": "", "name": "", "short_name": "", "meeting_cadence_weeks": "often", **date_data("active_from", None),
        **date_data("active_to", None)}))
    assert page.error("kind") == "Choose the kind of body"
    assert page.error("name") == "Enter the body's name"
    assert page.error("short_name") == "Enter the body's short name"
    assert page.error("meeting_cadence_weeks") == "Enter the number of weeks as a whole number, like 8"
    assert page.error("active_from") == "Enter the date it is active from"
    assert page.value("meeting_cadence_weeks") == "often"


def test_a_plain_member_or_a_chair_cannot_change_bodies(client_for, member_client, bradford):
    pmae = bradford["pmae"]
    chair = client_for(bradford["chair"].person)
    for client in (member_client, chair):
        assert client.get(reverse("body-create")).status_code == 403
        assert post_form(client, reverse("body-edit", args=[pmae.pk]), _body_data(pmae.kind)).status_code == 403
        assert client.get(reverse("body-membership-add", args=[pmae.pk])).status_code == 403
        assert post_form(client, reverse("membership-end", args=[bradford["chair"].pk]),
                           date_data("end", START)).status_code == 403
    pmae.refresh_from_db()
    assert pmae.name == "Performance Management and Evaluation"
    assert Membership.objects.get(pk=bradford["chair"].pk).end is None


# Members
def _member_data(person, role="member", organisation=None, start=START, end=None):
    return {"person": str(person.pk), "role": role, "organisation": str(organisation.pk) if organisation else "",
            **date_data("start", start), **date_data("end", end)}


def test_the_business_unit_adds_a_member(bu_client, bu, bradford):
    pmae, police = bradford["pmae"], bradford["police"]
    person = UserFactory(full_name="Nia Newcomer")
    response = post_form(bu_client, reverse("body-membership-add", args=[pmae.pk]),
                              _member_data(person, "vice_chair", police))
    assert response.status_code == 302 and response["Location"] == reverse("body-detail", args=[pmae.pk])
    membership = Membership.objects.get(body=pmae, person=person)
    assert (membership.role, membership.organisation, membership.start, membership.end) == (
        "vice_chair", police, START, None)
    assert membership.created_by == bu


def test_a_duplicate_membership_is_refused_beside_the_person(bu_client, bradford):
    pmae, police = bradford["pmae"], bradford["police"]
    chair = bradford["chair"].person
    page = Page(post_form(bu_client, reverse("body-membership-add", args=[pmae.pk]),
                               _member_data(chair, "chair", police, start=datetime.date(2017, 1, 1))))
    assert page.error("person") == services.DUPLICATE_MEMBERSHIP.format(person=chair, body=pmae)
    assert page.selected("person") == str(chair.pk)
    assert page.checked("role") == ["chair"]
    assert page.selected("organisation") == str(police.pk)
    assert page.value("start_2") == "2017"
    assert Membership.objects.filter(body=pmae).count() == 1


def test_a_second_chair_is_refused_beside_the_role(bu_client, bradford):
    pmae = bradford["pmae"]
    page = Page(post_form(bu_client, reverse("body-membership-add", args=[pmae.pk]),
                               _member_data(UserFactory(), "chair", start=datetime.date(2017, 1, 1))))
    assert page.error("role") == services.SECOND_CHAIR.format(body=pmae)
    assert Membership.objects.filter(body=pmae).count() == 1


def test_a_membership_ending_before_it_starts_is_refused_beside_the_end(bu_client, bradford):
    pmae = bradford["pmae"]
    person = UserFactory()
    page = Page(post_form(bu_client, reverse("body-membership-add", args=[pmae.pk]),
                               _member_data(person, end=datetime.date(2016, 1, 1))))
    assert page.error("end") == services.END_BEFORE_START
    assert page.title().startswith("Error: ")
    assert (page.value("end_0"), page.value("end_1"), page.value("end_2")) == ("1", "1", "2016")
    assert not Membership.objects.filter(person=person).exists()


def test_the_membership_form_asks_for_what_is_missing(bu_client, bradford):
    page = Page(post_form(bu_client, reverse("body-membership-add", args=[bradford["pmae"].pk]), {
        "person": "", "organisation": "", **date_data("start", None), **date_data("end", None)}))
    assert page.error("person") == "Choose the person"
    assert page.error("role") == "Choose the role"
    assert page.error("start") == "Enter the start date"
    assert page.error("organisation") is None  # optional


def test_ending_a_membership_asks_first_then_ends_it(bu_client, bradford):
    membership = bradford["chair"]
    url = reverse("membership-end", args=[membership.pk])
    page = Page(bu_client.get(url))
    assert "End Jo Morgan" in page.html and page.value("end_2") == str(timezone.localdate().year)
    assert Membership.objects.get(pk=membership.pk).end is None
    response = post_form(bu_client, url, date_data("end", datetime.date(2017, 3, 31)))
    assert response.status_code == 302 and response["Location"] == reverse("body-detail", args=[membership.body_id])
    assert Membership.objects.get(pk=membership.pk).end == datetime.date(2017, 3, 31)
    page = Page(post_form(bu_client, url, date_data("end", datetime.date(2018, 3, 31))))
    assert services.MEMBERSHIP_ALREADY_ENDED in page.summary()
    assert Membership.objects.get(pk=membership.pk).end == datetime.date(2017, 3, 31)


def test_a_membership_cannot_end_before_it_started(bu_client, bradford):
    membership = bradford["chair"]
    page = Page(post_form(bu_client, reverse("membership-end", args=[membership.pk]),
                               date_data("end", datetime.date(2015, 3, 31))))
    assert page.error("end") == services.END_BEFORE_START
    assert page.value("end_2") == "2015"
    assert Membership.objects.get(pk=membership.pk).end is None


def test_a_filter_that_makes_no_sense_is_explained_not_a_server_error(member_client, bradford):
    page = Page(member_client.get(reverse("body-list"), {"kind": "999999", "page": "last"}))
    assert page.response.status_code == 200
    assert page.error("kind") == "Choose a kind from the list"
    assert "Business Planning Group" in page.html  # the other filters still apply; this one is ignored
