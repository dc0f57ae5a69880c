"""Five entries whose every filtered view is written by hand in the tests (issue 15 §5):

| title             | kind      | by   | to     | L x I = score    | target | status    | raised     | review  |
| Return interviews | challenge | SAPP | police | 3 x 4 = 12 high  | 2 x 2  | requested | today      |         |
| Section 11        | challenge | SAPP | BPG    | 1 x 2 = 2 low    |        | closed    | 2025-06-01 |         |
| MASH capacity     | risk      | BPG  |        | 5 x 5 = 25 v.high| 3 x 3  | open      | today      | -1 day  |
| Private concern   | concern   | SAPP |        | not scored       |        | withdrawn | today      |         |
| Thresholds        | risk      | BPG  |        | 2 x 3 = 6 medium |        | tolerated | today      | +10 days|

Return interviews has the theme Missing and a request overdue since yesterday; Section 11 a request overdue,
but it is closed; MASH capacity the theme Neglect; Private concern is restricted.
The default bands are low up to 4, medium up to 9, high up to 16, very high above. Statuses are set with
QuerySet.update (the lifecycle's services are tested elsewhere): what the list reads is the row as it stands."""

import datetime

from django.utils import timezone

from bscb.models import Theme
from challenge_log import services
from challenge_log.models import AssuranceRequest, Entry

TITLES = ("Return interviews", "Section 11", "MASH capacity", "Private concern", "Thresholds")


def known_log(log) -> dict:
    today = timezone.localdate()
    missing, neglect = Theme.objects.create(name="Missing"), Theme.objects.create(name="Neglect")
    sapp, bpg = {"raised_by_body": log["sapp"]}, {"raised_by_body": log["bpg"]}
    entries = {
        "Return interviews": services.entry_raise(data={
            "kind": "challenge", "title": "Return interviews", "description": "D", **sapp,
            "organisation": log["police"], "likelihood": 3, "impact": 4, "target_likelihood": 2,
            "target_impact": 2}, themes=[missing], by=log["chair"]),
        "Section 11": services.entry_raise(data={
            "kind": "challenge", "title": "Section 11", "description": "D", **sapp, "body": log["bpg"],
            "likelihood": 1, "impact": 2}, by=log["chair"]),
        "MASH capacity": services.entry_raise(data={
            "kind": "risk", "title": "MASH capacity", "description": "D", **bpg, "likelihood": 5, "impact": 5,
            "target_likelihood": 3, "target_impact": 3}, themes=[neglect], by=log["bpg_member"]),
        "Private concern": services.entry_raise(data={
            "kind": "concern", "title": "Private concern", "description": "D", **sapp, "restricted": True},
            by=log["chair"]),
        "Thresholds": services.entry_raise(data={
            "kind": "risk", "title": "Thresholds", "description": "D", **bpg, "likelihood": 2, "impact": 3},
            by=log["bpg_member"]),
    }
    request = services.assurance_request(entry=entries["Return interviews"], asks="How many in time?",
                                         due_on=today + datetime.timedelta(days=5), by=log["chair"])
    AssuranceRequest.objects.filter(pk=request.pk).update(due_on=today - datetime.timedelta(days=1))
    # Section 11 had an overdue request too, but it is closed: no longer overdue.
    closed = services.assurance_request(entry=entries["Section 11"], asks="Returns?",
                                        due_on=today + datetime.timedelta(days=5), by=log["chair"])
    AssuranceRequest.objects.filter(pk=closed.pk).update(due_on=today - datetime.timedelta(days=3))
    rows = Entry.objects.filter
    rows(pk=entries["Section 11"].pk).update(status="closed", raised_on=timezone.make_aware(
        datetime.datetime(2025, 6, 1, 10)))
    rows(pk=entries["MASH capacity"].pk).update(next_review_on=today - datetime.timedelta(days=1))
    rows(pk=entries["Private concern"].pk).update(status="withdrawn")
    rows(pk=entries["Thresholds"].pk).update(status="tolerated", next_review_on=today + datetime.timedelta(days=10))
    return {"entries": entries, "missing": missing, "neglect": neglect}
