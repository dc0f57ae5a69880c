"""Every link a reader meets opens for them (issue 13 §2): each of the demo's sign-ins, one of each role,
follows the links of every page it opens from its home page, and none is refused (403) or missing (404).

A page draws each link from the rule that decides whether its target opens (`{% has_perm %}` with the
view's own permission); where the reader may not open a record, the page names it and its state with no
link. The access sweep checks the same for every page of the registry, as each case's reader meets it
(test_access_sweep.py), and that a list links a record for those who may open it only."""

import pytest
from django.test import Client

from accountability.models import User
from tests.helpers.links import crawl, internal_links

# The demo's sign-ins (config/bradford.yaml), one of each role the README names.
DEMO_READERS = {
    "business unit officer": "bu.officer@bscb.example.org",
    "sub group chair": "subgroup.chair@bscb.example.org",
    "Board member": "board.member@bscb.example.org",
    "agency lead": "agency.lead@bscb.example.org",
    "administrator": "admin@bscb.example.org",
}


def _signed_in(email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


@pytest.mark.parametrize("role", DEMO_READERS)
@pytest.mark.django_db
def test_every_link_a_demo_reader_meets_opens_for_them(role, demo):
    found = crawl(_signed_in(DEMO_READERS[role]))
    assert len(found.opened) > 50, f"the {role} met only {len(found.opened)} addresses: the crawl went nowhere"
    assert not found.refused, f"the {role} meets links that do not open for them:\n{found.report()}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Board member", "sub group chair", "agency lead"])
def test_a_demo_reader_reads_other_bodies_summaries_once_submitted_only(role, demo):
    """Issue 13 §2: the Board member read other bodies' unsubmitted drafts (/summaries/22/, /summaries/15/
    and its version). A draft is its body's and the business unit's; submitted, every member reads it."""
    from accountability.roles import roles_for
    from reporting.models import Summary

    user = User.objects.get(email=DEMO_READERS[role])
    client, own = _signed_in(user.email), roles_for(user).member_body_ids
    others = Summary.objects.exclude(body_id__in=own).prefetch_related("versions").order_by("-pk")
    drafts, submitted = list(others.filter(status="draft")), list(others.filter(status="submitted")[:5])
    assert drafts and submitted
    for summary in drafts + submitted:
        expected = 200 if summary.is_submitted else 403
        for address in [summary.get_absolute_url(), *(v.get_absolute_url() for v in summary.versions.all())]:
            assert client.get(address).status_code == expected, f"{role}: {address} ({summary.status})"


class _Site:
    """A client of three pages: home links a list and a refused record; the list links the record too."""

    PAGES = {"/": '<a href="/summaries/">List</a> <a href="/summaries/9/">Draft</a> <a href="#main">Skip</a>',
             "/summaries/": '<a href="/summaries/9/">Draft</a> <a href="https://example.org/">Elsewhere</a>'
                            ' <a href="/static/app.css">Style</a> <a href="mailto:bu@example.org">Mail</a>'
                            '<form method="get"><select name="period"><option value="2017-01-01">Q4</option>'
                            '</select><button>Show</button></form>',
             "/summaries/?period=2017-01-01": '<a href="/">Home</a>'}

    def get(self, address):
        from django.http import HttpResponse

        if address in self.PAGES:
            return HttpResponse(self.PAGES[address])
        return HttpResponse("You cannot open this page", status=403)


def test_the_crawl_reports_a_link_that_does_not_open_with_the_pages_that_show_it():
    found = crawl(_Site())
    assert found.opened == {"/": 200, "/summaries/": 200, "/summaries/9/": 403, "/summaries/?period=2017-01-01": 200}
    assert found.refused == {"/summaries/9/": {"/", "/summaries/"}}
    assert internal_links(_Site.PAGES["/summaries/"], "/summaries/") == ["/summaries/9/",
                                                                         "/summaries/?period=2017-01-01"]
