"""Loads the demo partnership. Idempotent: a second run updates what is there, adds nothing twice.

Later issues extend `load_demo` with their own records by adding a loader to DEMO_LOADERS.
"""

from pathlib import Path

import yaml
from django.db import transaction

from accountability.models import User
from bscb.demo.structure import demo_meetings_load, demo_structure_load, demo_themes_load
from bscb.demo.summaries import demo_summaries_load
from bscb.models import Partnership
from plan.loader import demo_plan_load

DEMO_FILE = Path(__file__).with_name("bradford.yaml")


def demo_read(path: Path = DEMO_FILE) -> dict:
    return yaml.safe_load(path.read_text())


def demo_partnership_load(data: dict) -> Partnership:
    partnership = Partnership.objects.filter(pk=1).first() or Partnership()
    changed = partnership.pk is None
    for field, value in data["partnership"].items():
        if getattr(partnership, field) != value:
            setattr(partnership, field, value)
            changed = True
    if changed:  # saved only when the file says something new, so a second run adds no history
        partnership.full_clean()
        partnership.save()
    return partnership


def demo_users_load(data: dict) -> list[User]:
    users = []
    for row in data["users"]:
        user = User.objects.filter(email__iexact=row["email"]).first()
        if user is None:
            user = User.objects.create_user(password=data["password"], **row)
        users.append(user)
    return users


# In order: the structure needs the users (the business unit officer records it) and the meetings'
# decisions need the themes.
DEMO_LOADERS = [demo_partnership_load, demo_users_load, demo_themes_load, demo_structure_load, demo_meetings_load]
# The summaries the held meetings made expected: written, submitted and received as they would have
# been by today, so that the first chase sends a handful of reminders rather than a year of them.
DEMO_LOADERS.append(demo_summaries_load)
# The plan (plan/data/bradford-2016-18.yaml) names the structure's bodies and themes: after them.
DEMO_LOADERS.append(demo_plan_load)


@transaction.atomic
def demo_load(path: Path = DEMO_FILE) -> dict:
    data = demo_read(path)
    for loader in DEMO_LOADERS:
        loader(data)
    return data
