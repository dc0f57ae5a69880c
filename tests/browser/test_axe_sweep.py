"""axe-core with the WCAG 2.2 AA rules over every HTML page of the app (not /admin/).

One browser context for the module, its cookies cleared before each page: a new context a page
fetched the stylesheet and the scripts afresh every time, most of the sweep's time. Each page is
still opened from scratch, as its reader, with nothing left of the page before."""

import pytest
from django.urls import reverse

from bscb.models import Partnership
from tests.access.registry import CASES
from tests.access.types import Invalid
from tests.conftest import sign_in
from tests.helpers.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HTML_PAGES = sorted(name for name, case in CASES.items() if case.html)
FORMS = sorted(name for name, case in CASES.items() if case.post and case.html)


@pytest.fixture(autouse=True)
def _partnership(db):
    Partnership.objects.create(name="Testshire Safeguarding Children Partnership", short_name="TSCP", area="Testshire")


@pytest.fixture(scope="module")
def sweep_context(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


@pytest.fixture
def sweep_page(sweep_context, live_server):
    sweep_context.clear_cookies()
    page = sweep_context.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("name", HTML_PAGES)
def test_page_has_no_wcag_violation(name, sweep_page, live_server):
    case = CASES[name]
    scenario = case.setup()
    if scenario.allowed is not None:
        sign_in(sweep_page, scenario.allowed, live_server.url)
    sweep_page.goto(live_server.url + reverse(name, kwargs=scenario.kwargs), wait_until="load")
    assert_no_axe_violations(sweep_page)


def test_sign_in_with_errors_has_no_wcag_violation(page, live_server):
    page.goto(live_server.url + reverse("sign-in"), wait_until="load")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(page)


def test_not_found_page_has_no_wcag_violation(page, page_for, live_server):
    from tests.factories import UserFactory

    page_for(UserFactory())
    response = page.goto(live_server.url + "/no-such-page/", wait_until="load")
    assert response.status == 404
    assert_no_axe_violations(page)


def test_calendar_once_its_address_is_created_has_no_wcag_violation(sweep_page, live_server):
    """The sweep opens the calendar page as a person with no address yet (its button); pressed, the page
    shows the addresses (the business unit's two) and says so."""
    from tests.factories import business_unit

    sign_in(sweep_page, business_unit(), live_server.url)
    sweep_page.goto(live_server.url + reverse("calendar"), wait_until="load")
    with sweep_page.expect_navigation(wait_until="load"):
        sweep_page.get_by_role("button", name="Create my calendar address").click()
    assert sweep_page.get_by_label("Your calendar address").input_value().endswith("/mine.ics")
    assert sweep_page.get_by_label("The partnership's calendar").is_visible()
    assert_no_axe_violations(sweep_page)


def test_the_too_large_form_page_has_no_wcag_violation(page, page_for, live_server):
    """A form sent with more than the limit on a form's data gets its own page (413), which passes too."""
    from django.conf import settings

    from tests.reporting.helpers import expected_summary

    summary, chair, _ = expected_summary()
    page_for(chair)
    page.goto(live_server.url + reverse("summary-edit", args=[summary.pk]), wait_until="load")
    page.locator("#id_progress").evaluate("(box, size) => { box.value = 'x'.repeat(size); }",
                                          settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    with page.expect_navigation(wait_until="load") as sent:
        page.get_by_role("button", name="Save the draft").click()
    assert sent.value.status == 413
    assert page.locator("h1").inner_text() == "The form was too large to send"
    assert_no_axe_violations(page)


@pytest.mark.parametrize("form", ["theme", "summary draft"])
def test_a_form_refused_because_someone_saved_meanwhile_has_no_wcag_violation(form, page, page_for, live_server):
    """Issue 12 §2's conflict: the one form page (and the summary's own form page) with each changed field's
    value now and who changed it beside the field, a distinct state of every edit form."""
    from bscb.services import model_update
    from reporting import services
    from tests.factories import ThemeFactory, business_unit
    from tests.reporting.helpers import expected_summary

    if form == "theme":
        theme = ThemeFactory(name="Neglect", description="As the plan names it.")
        editor, record, url, typed = business_unit(), theme, reverse("theme-edit", args=[theme.pk]), "#id_name"
        other, change = business_unit(), {"description": "Changed meanwhile."}
    else:
        summary, editor, _ = expected_summary()
        record = services.summary_save_draft(summary=summary, sections={"progress": "Started."}, by=editor)
        url, typed = reverse("summary-edit", args=[summary.pk]), "#id_risks"
        other, change = business_unit(), {"progress": "Changed meanwhile."}
    page_for(editor)
    page.goto(live_server.url + url, wait_until="load")
    model_update(type(record).objects.get(pk=record.pk), change, by=other)
    page.fill(typed, "Typed while the other saved.")
    with page.expect_navigation(wait_until="load"):
        page.locator("main button[type=submit]").first.click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "after you opened this page" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)


# Every field of a form emptied as a person could: text cleared, boxes and radios unticked, nothing chosen.
EMPTY_THE_FORM = """form => {
  for (const field of form.elements) {
    if (['hidden', 'submit', 'button', 'file'].includes(field.type)) continue;
    if (field.type === 'checkbox' || field.type === 'radio') field.checked = false;
    else if (field.tagName === 'SELECT') field.selectedIndex = -1;
    else field.value = '';
  }
}"""


def _form_in_error(case, scenario, page, live_server):
    """Open the form as its allowed user and send it empty or invalid (case.invalid): the page answered."""
    if scenario.allowed is not None:
        sign_in(page, scenario.allowed, live_server.url)
    page.goto(live_server.url + reverse(case_name(case), kwargs=scenario.kwargs), wait_until="load")
    form = page.locator("main form[method=post]").first
    invalid = case.invalid or Invalid()
    if invalid.meanwhile:
        invalid.meanwhile(scenario)
    else:
        form.evaluate(EMPTY_THE_FORM)
    for selector, value in invalid.fill.items():
        form.locator(selector).fill(value)
    button = (form.get_by_role("button", name=invalid.button, exact=True) if invalid.button
              else form.locator("button[type=submit], input[type=submit]").first)
    with page.expect_navigation(wait_until="load") as sent:
        button.click()
    return sent.value


def case_name(case):
    return next(name for name, c in CASES.items() if c is case)


@pytest.mark.parametrize("name", [n for n in FORMS if not CASES[n].no_error_state])
def test_a_form_sent_empty_or_invalid_says_what_is_wrong_without_a_wcag_violation(name, sweep_page, live_server):
    """Issue 13 §3: the error state of every form of the registry, not only sign-in's and the decision's."""
    case = CASES[name]
    response = _form_in_error(case, case.setup(), sweep_page, live_server)
    assert response.status == 200, f"{name}: sent empty or invalid, the form got {response.status}"
    summary = sweep_page.locator(".govuk-error-summary")
    assert summary.is_visible(), f"{name}: sent empty or invalid, the page shows no error summary"
    # Each of the summary's links goes to a field of the page (GOV.UK's pattern: the link moves focus there).
    targets = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    missing = [t for t in targets if t.startswith("#") and not sweep_page.locator(f"[id='{t[1:]}']").count()]
    assert not missing, f"{name}: the error summary links to nothing on the page: {missing}"
    assert_no_axe_violations(sweep_page)


def _refused_page(page, live_server):
    """A sub group's draft opened by a member of the body it goes to: refused (issue 13 §2)."""
    scenario = CASES["summary-detail"].setup()
    sign_in(page, scenario.refused, live_server.url)
    return page.goto(live_server.url + reverse("summary-detail", kwargs=scenario.kwargs), wait_until="load")


def _form_sent(page, live_server, change):
    """The business unit's theme form, changed in the page by `change` (JavaScript given the form), sent."""
    from tests.factories import business_unit

    sign_in(page, business_unit(), live_server.url)
    page.goto(live_server.url + reverse("theme-create"), wait_until="load")
    form = page.locator("main form[method=post]")
    form.locator("#id_name").fill("Neglect")
    form.evaluate(change)
    with page.expect_navigation(wait_until="load") as sent:
        form.get_by_role("button").first.click()
    return sent.value


def _fault(page, live_server, settings):
    """A view that fails (tests/browser/error_urls.py): the 500 page a fault gets, with the project's handlers."""
    settings.ROOT_URLCONF = "tests.browser.error_urls"
    return page.goto(live_server.url + "/a-fault-for-the-sweep/", wait_until="load")


ERROR_PAGES = {
    "403": (403, "You cannot open this page", _refused_page),
    # The form's CSRF token replaced: Django's refusal, the project's page (CSRF_FAILURE_VIEW).
    "403 form": (403, "Your form could not be sent", lambda page, server: _form_sent(
        page, server, "form => { form.elements.csrfmiddlewaretoken.value = 'x'.repeat(64); }")),
    # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS: a request Django cannot read.
    "400": (400, "Sorry, the service could not read that request", lambda page, server: _form_sent(
        page, server, """form => { for (let i = 0; i < 1100; i++) {
            const field = document.createElement('input');
            field.type = 'hidden'; field.name = 'extra' + i; form.appendChild(field); } }""")),
    "500": (500, "Sorry, there is a problem with the service", None),
}


@pytest.mark.parametrize("error", ERROR_PAGES)
def test_an_error_page_has_no_wcag_violation(error, sweep_page, live_server, settings):
    """Issue 13 §3: the 403 and 500 pages (and the form refused by its CSRF token, and the 400) pass too."""
    status, heading, reach = ERROR_PAGES[error]
    response = _fault(sweep_page, live_server, settings) if reach is None else reach(sweep_page, live_server)
    assert response.status == status
    assert sweep_page.locator("h1").inner_text() == heading
    assert_no_axe_violations(sweep_page)
