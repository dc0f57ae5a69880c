"""The site's icon (issue 13 §2: `/favicon.ico` answered 404 on every first page a browser opened)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_served_to_anyone():
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an icon file's header


def test_every_page_names_its_icons_and_each_is_served():
    page = Client().get(reverse("sign-in")).content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert "/favicon.ico" in icons
    for href in icons:
        assert Client().get(href).status_code == 200, href
