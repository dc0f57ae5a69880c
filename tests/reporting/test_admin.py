"""Summaries in the admin: every page opens for an administrator, and nothing can be written there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from reporting import services
from tests.factories import UserFactory
from tests.reporting.helpers import SECTIONS, expected_summary, receiving_body

pytestmark = pytest.mark.django_db
# The deadline settings are the administrator's to edit (tests/reporting/test_deadlines.py).
MODELS = [model for model in admin.site._registry
          if model._meta.app_label == "reporting" and model.__name__ != "DeadlineSettings"]


def test_every_summary_model_is_in_the_admin():
    assert {m.__name__ for m in MODELS} == {"Summary", "SummaryVersion", "SummaryReceipt"}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_pages_open_read_only(client_for, model):
    receiving_body()
    summary, chair, _ = expected_summary()
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    services.summary_submit(summary=summary, by=chair)
    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
    obj = model.objects.first()
    page = client.get(reverse(f"{prefix}_change", args=[obj.pk]))
    assert page.status_code == 200 and 'type="submit" value="Save"' not in page.content.decode()
    assert client.get(reverse(f"{prefix}_history", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"{prefix}_add")).status_code == 403
