"""After `make run` (the demo loaded), each demo role signs in and sees what needs them today and their
dashboards, every dashboard they are offered opening with its figures (issue 18: done when)."""

import re

import pytest
from django.urls import reverse

from accountability.models import User

pytestmark = pytest.mark.django_db

# email -> the dashboards their home page must offer
DEMO = {
    "bu.officer@bscb.example.org": {"/dashboards/board/", "/dashboards/business-unit/"},
    "subgroup.chair@bscb.example.org": {"/dashboards/bodies/"},
    "board.member@bscb.example.org": {"/dashboards/board/"},
    "agency.lead@bscb.example.org": {"/dashboards/agencies/"},
}


@pytest.mark.parametrize("email", sorted(DEMO))
def test_each_demo_role_sees_what_needs_them_and_their_dashboards(demo, client_for, email):
    client = client_for(User.objects.get(email=email))
    home = client.get(reverse("home")).content.decode()
    needing = home[home.index('id="needs-you"'):home.index("What else would appear here")]
    assert needing.count("<li>") >= 1, f"{email}: nothing needs them"
    offered = re.findall(r'href="(/dashboards/[^"]+)"', home)
    for prefix in DEMO[email]:
        assert any(href.startswith(prefix) for href in offered), f"{email}: no {prefix}"
    for href in offered:
        page = client.get(href)
        assert page.status_code == 200, href
        assert "app-figure" in page.content.decode() or "govuk-table" in page.content.decode(), href
