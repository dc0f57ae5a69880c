import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["sign-in", "accessibility", "password-reset"])
def test_pages_carry_a_strict_content_security_policy(client, name):
    response = client.get(reverse(name))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts, "the base template's inline scripts are expected"
    for attrs in inline_scripts:
        assert f'nonce="{nonce}"' in attrs, f"inline script without the page's nonce: {attrs}"
    assert not re.search(r"\sstyle=", html), "an inline style attribute would be blocked"
    assert not re.search(r"\son[a-z]+=", html), "an inline event handler would be blocked"


def test_signed_in_page_carries_the_policy_and_refuses_framing(signed_in_client):
    response = signed_in_client.get(reverse("home"))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_signed_in_pages_are_not_cached(signed_in_client, client):
    assert "no-store" in signed_in_client.get(reverse("home"))["Cache-Control"]
    assert "private" in signed_in_client.get(reverse("home"))["Cache-Control"]
    assert "no-store" not in client.get(reverse("accessibility")).get("Cache-Control", "")
