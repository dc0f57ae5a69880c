"""The challenge/risk log. An unrestricted entry is a partnership record; a restricted one is seen only by
those DESIGN.md names. Each step's page opens for whoever may take the step; the refused user is someone the
design leaves out of it (a member who is not the chair, the agency's lead judging, a chair answering...)."""

import datetime

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import OTHER_SUB_GROUP, Case, Scenario


def _soon():
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=20)


def _due_fields(day, name="due_on"):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _log():
    from tests.challenge_log.shape import log_shape

    return log_shape()


def _challenge(log, **more):
    from challenge_log import services

    return services.entry_raise(data={
        "kind": "challenge", "title": "Return interviews", "description": "Not offered within 72 hours.",
        "raised_by_body": log["sapp"], "organisation": log["police"], "likelihood": 3, "impact": 4, **more},
        by=log["chair"])


def _requested(log, **more):
    from challenge_log import services

    entry = _challenge(log, **more)
    request = services.assurance_request(entry=entry, asks="How many were offered in time?", due_on=_soon(),
                                         by=log["chair"])
    return entry, request


def _answered(log, **more):
    from challenge_log import services

    entry, request = _requested(log, **more)
    return entry, services.assurance_answer(request=request, text="82% in time.", by=log["lead"])


def _escalated(log, **more):
    from challenge_log import services

    entry, response = _answered(log, **more)
    services.response_judge(response=response, assured=False, outcome="No plan for the rest.", by=log["chair"])
    return entry, services.entry_escalate(entry=entry, reason="Not assured.", by=log["bpg_member"])


def _risk(log):
    from challenge_log import services

    return services.entry_raise(data={
        "kind": "risk", "title": "Capacity of the MASH", "description": "Referrals rising.",
        "raised_by_body": log["bpg"], "likelihood": 4, "impact": 4, "owner_body": log["bpg"]}, by=log["bpg_member"])


def _steps(entry):
    return lambda: list(entry.steps.values_list("kind", "comment"))


def _restricted_entry():
    log = _log()
    entry, _ = _escalated(log, restricted=True)
    # The business unit sees the most of the page for the axe sweep.
    return Scenario(kwargs={"pk": entry.pk}, allowed=log["bu"], refused=log["member"])


SWEEP_ATTACHMENT = "access-sweep/log-attachment.pdf"


def _attachment():
    """A restricted entry's attachment: for the business unit, not for a member of the raising body."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from bscb.documents import PDF
    from challenge_log.models import Attachment
    from tests.helpers.documents import clean_pdf

    # One fixed name, reused: the sweep leaves nothing new behind in the storage folder each run.
    if not default_storage.exists(SWEEP_ATTACHMENT):
        default_storage.save(SWEEP_ATTACHMENT, ContentFile(clean_pdf()))
    log = _log()
    entry, response = _answered(log, restricted=True)
    attachment = Attachment.objects.create(entry=entry, response=response, file=SWEEP_ATTACHMENT, kind=PDF,
                                           created_by=log["lead"])
    return Scenario(kwargs={"pk": attachment.pk}, allowed=log["bu"], refused=log["member"])


def _list():
    log = _log()
    _escalated(log)
    return Scenario(allowed=log["stranger"])


def _agency():
    log = _log()
    _requested(log)
    return Scenario(allowed=log["lead"])


def _queue():
    log = _log()
    _escalated(log)
    return Scenario(allowed=log["bpg_member"], refused=log["chair"])


def _create():
    from challenge_log.models import Entry

    log = _log()
    return Scenario(
        allowed=log["member"], refused=log["lead"],  # a lead who sits on no body raises nothing
        not_refused={OTHER_SUB_GROUP: "a member of any body raises an entry for their own body"},
        post_data={"kind": "challenge", "raised_by_body": str(log["sapp"].pk), "title": "Section 11 returns",
                   "description": "Three agencies have not returned it.", "organisation": str(log["police"].pk)},
        state=lambda: sorted(Entry.objects.values_list("reference", "title")))


def _edit():
    from challenge_log.models import Entry

    log = _log()
    entry = _challenge(log)
    return Scenario(
        kwargs={"pk": entry.pk}, allowed=log["chair"], refused=log["member"],
        post_data={"title": "Return interviews within 72 hours", "description": entry.description,
                   "organisation": str(log["police"].pk), "likelihood": "3", "impact": "4"},
        state=lambda: list(Entry.objects.filter(pk=entry.pk).values_list("title", "description")))


def _step(make, allowed, refused, post_data, target=lambda made: made.pk, kwargs_of=None):
    def setup():
        log = _log()
        made = make(log)
        entry = made if not isinstance(made, tuple) else made[0]
        record = made if not isinstance(made, tuple) else made[1]
        return Scenario(kwargs={"pk": (kwargs_of or (lambda e, r: e.pk))(entry, record)},
                        allowed=log[allowed], refused=log[refused], post_data=post_data(log),
                        state=_steps(entry))

    return setup


def _decide_setup(log):
    from challenge_log import services

    entry = _risk(log)
    return entry, services.risk_treat(entry=entry, treatment="tolerate", reason="Within appetite.",
                                      expires_on=_soon(), by=log["bpg_member"])


def _outcome_data(log):
    from tests.factories import MeetingFactory

    return {"meeting": str(MeetingFactory(body=log["board"]).pk), "outcome": "The police report to the next Board."}


def _noncompliance():
    from django.utils import timezone

    from bscb.workdays import add_working_days
    from challenge_log.models import Entry
    from reporting.dues import summary_key
    from reporting.models import Summary
    from tests.factories import MeetingFactory

    log = _log()
    log["sapp"].owes_summaries = True
    log["sapp"].save()
    day = add_working_days(timezone.localdate(), -30)
    MeetingFactory(body=log["sapp"], starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
                   status="held")
    summary = Summary.objects.get(meeting__body=log["sapp"])
    soon = _soon()
    return Scenario(kwargs={"key": summary_key(summary.pk)}, allowed=log["bu"], refused=log["chair"],
                    post_data={"asks": "Submit it, and say why it is late.", **_due_fields(soon)},
                    state=lambda: list(Entry.objects.values_list("reference", "body_id")))


def _saved_view(log):
    from challenge_log import services

    return services.saved_view_create(name="Open challenges to agencies", query="open=1&kind=challenge",
                                      by=log["chair"])


def _views(owner):
    from challenge_log.models import SavedView

    return lambda: list(SavedView.objects.filter(owner=owner).values_list("name", "query"))


def _view_create():
    log = _log()
    _escalated(log)
    return Scenario(allowed=log["chair"], post_data={"name": "Escalated this year", "query": "status=escalated"},
                    state=_views(log["chair"]))


def _view_change():
    """A saved view is its person's own: another reader of the log (the BPG's chair, who reads all of it) is
    refused."""
    log = _log()
    view = _saved_view(log)
    return Scenario(kwargs={"pk": view.pk}, allowed=log["chair"], refused=log["bpg_chair"],
                    post_data={"name": "Challenges to agencies, open"}, state=_views(log["chair"]))


def _view_delete():
    scenario = _view_change()
    scenario.post_data = {}
    return scenario


CASES = {
    "entry-export-csv": Case(SIGNED_IN, _list, html=False),
    "entry-export-xlsx": Case(SIGNED_IN, _list, html=False),
    "saved-view-create": Case(SIGNED_IN, _view_create, post=True, post_status=302),
    "saved-view-rename": Case(RECORD, _view_change, post=True, post_status=302, listed_on=("entry-list",)),
    "saved-view-delete": Case(RECORD, _view_delete, post=True, post_status=302, listed_on=("entry-list",),
                              no_error_state="one button: a confirmation"),
    "noncompliance-create": Case(RECORD, _noncompliance, post=True, post_status=302),
    "entry-list": Case(SIGNED_IN, _list),
    "agency-challenges": Case(SIGNED_IN, _agency),
    "escalated-list": Case(SIGNED_IN, _list),
    "log-queue": Case(RECORD, _queue),
    "entry-detail": Case(RECORD, _restricted_entry),
    "attachment-download": Case(RECORD, _attachment, html=False),
    "entry-create": Case(RECORD, _create, post=True, post_status=302),
    "entry-edit": Case(RECORD, _edit, post=True, post_status=302),
    "entry-request": Case(RECORD, _step(_challenge, "chair", "lead", lambda log: {
        "asks": "How many were offered in time?", **_due_fields(_soon())}), post=True, post_status=302),
    "entry-nominate": Case(RECORD, _step(_challenge, "chair", "member", lambda log: {
        "person": str(log["member"].pk)}), post=True, post_status=302,
        no_error_state="one optional choice of the raising body's members: none chosen, the chair judges"),
    "entry-escalate": Case(RECORD, _step(lambda log: _answered(log), "bpg_member", "chair", lambda log: {
        "reason": "Twice not assured."}), post=True, post_status=302),
    "entry-review": Case(RECORD, _step(_risk, "bpg_chair", "stranger", lambda log: {
        "likelihood": "3", "impact": "4", "commentary": "Two more social workers."}), post=True, post_status=302),
    "entry-treat": Case(RECORD, _step(_risk, "bpg_chair", "chair", lambda log: {
        "treatment": "reduce", "reason": "Recruiting."}), post=True, post_status=302),
    "entry-close": Case(RECORD, _step(_risk, "bu", "stranger", lambda log: {"reason": "Treated."}), post=True,
                        post_status=302),
    "entry-withdraw": Case(RECORD, _step(_challenge, "chair", "lead", lambda log: {"reason": "Raised in error."}),
                           post=True, post_status=302),
    "request-answer": Case(RECORD, _step(_requested, "lead", "chair", lambda log: {"text": "82% in time."},
                                         kwargs_of=lambda e, r: r.pk), post=True, post_status=302),
    "response-judge": Case(RECORD, _step(_answered, "chair", "lead", lambda log: {
        "assured": "no", "outcome": "No plan for the rest."}, kwargs_of=lambda e, r: r.pk), post=True,
        post_status=302),
    "escalation-outcome": Case(RECORD, _step(_escalated, "board_member", "bpg_member", _outcome_data,
                                             kwargs_of=lambda e, r: r.pk), post=True, post_status=302),
    "tolerance-decide": Case(RECORD, _step(_decide_setup, "bpg_chair", "chair", lambda log: {"agree": "yes"},
                                           kwargs_of=lambda e, r: r.pk), post=True, post_status=302),
}
