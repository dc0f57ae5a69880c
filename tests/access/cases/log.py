"""The challenge/risk log. An unrestricted entry is a partnership record; a restricted one is seen only by
those DESIGN.md names: the refused user is a member (not the chair) of the sub group that raised it."""

from bscb.access import RECORD
from tests.access.types import Case, Scenario


def _restricted_entry():
    import datetime

    from django.utils import timezone

    from challenge_log import services
    from tests.challenge_log.shape import log_shape

    log = log_shape()
    entry = services.entry_raise(data={
        "kind": "challenge", "title": "Return interviews", "description": "Not offered within 72 hours.",
        "raised_by_body": log["sapp"], "organisation": log["police"], "restricted": True, "likelihood": 3,
        "impact": 4}, by=log["chair"])
    request = services.assurance_request(entry=entry, asks="How many were offered in time?",
                                         due_on=timezone.localdate() + datetime.timedelta(days=20), by=log["chair"])
    response = services.assurance_answer(request=request, text="82% in time.", by=log["lead"])
    services.response_judge(response=response, assured=False, outcome="No plan for the rest.", by=log["chair"])
    services.entry_escalate(entry=entry, reason="Not assured.", by=log["bpg_member"])
    # The business unit sees the most of the page for the axe sweep.
    return Scenario(kwargs={"pk": entry.pk}, allowed=log["bu"], refused=log["member"])


CASES = {
    "entry-detail": Case(RECORD, _restricted_entry),
}
