"""Loads the demo partnership by asking each app to load its own part, in order. Idempotent: a
second run updates what is there, adds nothing twice.

Later issues extend `load_demo` with their own records by adding their app's loader to DEMO_LOADERS.
"""

from pathlib import Path

from django.db import transaction

from accountability.demo import demo_meetings_load, demo_structure_load, demo_themes_load, demo_users_load
from bscb.demo import demo_partnership_load
from bscb.loading import yaml_read
from challenge_log.demo import demo_log_load
from plan.action_demo import demo_actions_load
from plan.demo import demo_plan_load
from reporting.demo import demo_summaries_load
from reporting.outcome_demo import demo_outcome_reports_load
from reporting.papers_demo import demo_papers_load

DEMO_FILE = Path(__file__).with_name("bradford.yaml")


def demo_read(path: Path = DEMO_FILE) -> dict:
    return yaml_read(path)


# In order: the structure needs the users (the business unit officer records it); the themes are
# the business unit's to keep, so they come once the officer holds a seat on it; the meetings'
# decisions need the themes. The summaries the held meetings made expected come next: written,
# submitted and received as they would have been by today, so that the first chase sends a handful
# of reminders rather than a year of them. The plan (plan/data/bradford-2016-18.yaml) names the
# structure's bodies and themes: after them. The log's entries are raised by the chairs and answered by the
# leads of the load day; the action plans, on the plan's outcomes, after it.
DEMO_LOADERS = [
    demo_partnership_load, demo_users_load, demo_structure_load, demo_themes_load, demo_meetings_load,
    demo_summaries_load, demo_plan_load, demo_log_load, demo_actions_load, demo_papers_load,
    demo_outcome_reports_load,  # issue 17: built from all the above
]


@transaction.atomic
def demo_load(path: Path = DEMO_FILE) -> dict:
    data = demo_read(path)
    for loader in DEMO_LOADERS:
        loader(data)
    return data
