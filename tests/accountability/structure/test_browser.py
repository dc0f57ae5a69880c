"""The structure forms in a real browser: refusals beside their fields pass axe-core, and a business
unit officer adds a member by keyboard alone."""

import pytest
from django.urls import reverse

from accountability.models import BodyFunction, Function, Membership
from bscb.models import Partnership
from tests.factories import BodyFactory, MembershipFactory, UserFactory, business_unit
from tests.helpers.axe import assert_no_axe_violations
from tests.helpers.keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _partnership(db):
    Partnership.objects.create(name="Testshire Safeguarding Children Partnership", short_name="TSCP", area="Testshire")


def test_a_body_refused_a_function_shows_it_beside_the_field_accessibly(page, page_for, live_server):
    holder = BodyFactory(name="Business Planning Group", short_name="BPG")
    BodyFunction.objects.create(body=holder, function=Function.MONITORS)
    page_for(business_unit())
    page.goto(live_server.url + reverse("body-create"), wait_until="load")
    page.get_by_label("Kind of body").select_option(label=holder.kind.name)
    page.get_by_label("Name", exact=True).fill("Learning and Development")
    page.get_by_label("Short name").fill("L&D")
    page.get_by_label(Function.MONITORS.label).check()
    page.get_by_role("group", name="Active from").get_by_label("Day").fill("1")
    page.get_by_role("group", name="Active from").get_by_label("Month").fill("4")
    page.get_by_role("group", name="Active from").get_by_label("Year").fill("2016")
    page.get_by_role("button", name="Save the body").click()
    page.wait_for_load_state("load")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "already held by Business Planning Group" in page.locator("#id_functions-error").inner_text()
    assert page.get_by_label("Name", exact=True).input_value() == "Learning and Development"
    assert_no_axe_violations(page)


def test_the_membership_form_with_every_error_passes_axe(page, page_for, live_server):
    body = BodyFactory(name="Performance Management and Evaluation", short_name="PMAE")
    page_for(business_unit())
    page.goto(live_server.url + reverse("body-membership-add", args=[body.pk]), wait_until="load")
    page.get_by_role("group", name="End date").get_by_label("Year").fill("17")
    page.get_by_role("button", name="Add the member").click()
    page.wait_for_load_state("load")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#id_person-error").is_visible() and page.locator("#id_end-error").is_visible()
    assert_no_axe_violations(page)


def test_a_business_unit_officer_adds_a_member_by_keyboard(page, page_for, live_server):
    body = BodyFactory(name="Performance Management and Evaluation", short_name="PMAE")
    MembershipFactory(body=body, role="chair")
    newcomer = UserFactory(full_name="Nia Newcomer", email="nia@agency.example.org")
    page_for(business_unit())
    page.goto(live_server.url + reverse("body-detail", args=[body.pk]), wait_until="load")
    tab_to(page, f"a[href='{reverse('body-membership-add', args=[body.pk])}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "#id_person")
    page.keyboard.type("Nia")  # a select jumps to the option typed
    tab_to(page, "#id_role_1")  # a radio group is one tab stop; the arrows choose within it
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    tab_to(page, "button[type='submit'][name='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Nia Newcomer was added as member." in page.content()
    assert Membership.objects.filter(body=body, person=newcomer, role="member").exists()
