"""A test source, registered in a worker process by tests/notifications/worker_app.py.

Every user whose email ends with @chase.test owes one thing, due on the date in their job title
(ISO), and the user with job title "bu" stands on the business unit's rung."""

from datetime import date

from django.contrib.auth import get_user_model

from notifications.registry import BUSINESS_UNIT, MONITORING_CHAIR, OWNER, Due, register

DOMAIN = "@chase.test"


def chase_test_dues(as_of: date):
    users = list(get_user_model().objects.filter(email__endswith=DOMAIN).values_list("pk", "job_title"))
    bu = [pk for pk, title in users if title == "bu"]
    chair = [pk for pk, title in users if title == "chair"]
    for pk, title in users:
        if title in ("bu", "chair"):
            continue
        yield Due(key=f"test:{pk}", title=f"Test return {pk}", url=f"/test/{pk}/",
                  due_date=date.fromisoformat(title),
                  rungs=[(OWNER, [pk]), (BUSINESS_UNIT, bu), (MONITORING_CHAIR, chair)])


register("chase-test", chase_test_dues)
