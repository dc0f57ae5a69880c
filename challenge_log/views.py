"""The log's pages. Reads come from challenge_log.selectors, writes from challenge_log.services, whose
refusals are put beside the fields so that nothing typed is lost. Who may open an entry is the rule
challenge_log.view_entry (a restricted entry only for those DESIGN.md names); each step's page opens only for
whoever may take the step, and the service checks again whoever calls it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accountability.models import Meeting
from accountability.roles import roles_for
from bscb import access, documents
from bscb.forms import form_saved, model_data
from bscb.workdays import add_working_days

from . import forms, selectors, services
from .links import registered as registered_links
from .models import ENDED, AssuranceRequest, Attachment, Entry, Escalation, Kind, Response, Treatment, TreatmentDecision

FORM_TEMPLATE = "form_page.html"
NONCOMPLIANCE_WORKING_DAYS = 10  # the assurance asked of a body in default: its due date, prefilled


def _entry(request, pk, perm="challenge_log.view_entry") -> Entry:
    try:
        entry = selectors.entry_detail(pk)
    except Entry.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("challenge_log.view_entry", entry) or not request.user.has_perm(perm, entry):
        raise PermissionDenied
    return entry


def _crumbs(entry=None):
    crumbs = [("Challenge and risk log", reverse("entry-list"))]
    if entry is not None:
        crumbs.append((entry.reference, entry.get_absolute_url()))
    return crumbs


def _step_page(request, form, *, act, entry, title, done, intro=""):
    """A step's form: valid, the service takes the step and the entry's page says so."""
    def take(data):
        act(data)
        return entry

    saved = form_saved(request, form, take, done)
    if saved is not None:
        return saved
    return render(request, "challenge_log/step_form.html", {
        "form": form, "title": title, "caption": f"{entry.get_kind_display()} {entry.reference}: {entry.title}",
        "crumbs": _crumbs(entry), "back_url": entry.get_absolute_url(), "intro": intro})


def _actions(user, entry) -> dict:
    """The steps open to this reader now: nothing more is shown (issue 14 §4)."""
    has = user.has_perm
    ended = entry.status in ENDED
    requests = list(entry.requests.all())
    waiting = next((r for r in requests if not hasattr(r, "response")), None)
    to_judge = [r.response for r in requests if hasattr(r, "response") and not hasattr(r.response, "judgement")]
    escalation = next((e for e in entry.escalations.all() if e.outcome_on is None), None)
    proposals = [t for t in entry.treatments.all() if t.treatment == Treatment.TOLERATE and t.decided_on is None]
    return {
        "edit": not ended and has("challenge_log.change_entry", entry),
        "request": not ended and entry.kind == Kind.CHALLENGE and waiting is None
        and has("challenge_log.request_assurance", entry),
        "answer": waiting if waiting is not None and not ended and has("challenge_log.answer", waiting) else None,
        "judge": [r for r in to_judge if not ended and has("challenge_log.judge", r)],
        "nominate": not ended and entry.kind == Kind.CHALLENGE and has("challenge_log.nominate_judge", entry),
        "escalate": not ended and escalation is None and has("challenge_log.escalate", entry),
        "outcome": escalation if escalation is not None and has("challenge_log.record_outcome", escalation)
        else None,
        "review": not ended and entry.kind == Kind.RISK and has("challenge_log.review_risk", entry),
        "decide": [t for t in proposals if not ended and has("challenge_log.decide_tolerance", entry)],
        "close": not ended and entry.kind != Kind.CHALLENGE and has("challenge_log.change_entry", entry),
        "withdraw": not ended and has("challenge_log.change_entry", entry),
    }


@access.record
def entry_detail(request, pk):
    entry = _entry(request, pk)
    settings = selectors.scale()
    return render(request, "challenge_log/entry_detail.html", {
        "entry": entry, "steps": entry.steps.all(), "requests": entry.requests.all(),
        "escalations": entry.escalations.all(), "band": settings.band(entry.score),
        "target_band": settings.band(entry.target_score), "actions": _actions(request.user, entry),
        "attachments": entry.attachments.all(), "can_redact": request.user.has_perm("bscb.redact"),
        "links": [(link.label, link.linked([entry.pk]).get(entry.pk, [])) for link in registered_links()],
        "crumbs": _crumbs(), "current": entry.reference,
    })


def _links(data) -> dict:
    return {link.name: data.get(link.name) or [] for link in registered_links()}


@access.record
def entry_create(request):
    bodies = selectors.bodies_raising_for(request.user)
    if not bodies:
        raise PermissionDenied
    initial = {}
    if request.GET.get("body", "").isdigit():
        initial["raised_by_body"] = int(request.GET["body"])
    if request.GET.get("kind") in Kind.values:
        initial["kind"] = request.GET["kind"]
    form = forms.EntryForm(request.POST or None, instance=Entry(), bodies=bodies, initial=initial)
    saved = form_saved(request, form, lambda data: services.entry_raise(
        data=model_data(form, exclude=("themes",)), themes=data.get("themes"), links=_links(data), by=request.user),
        lambda entry: f"{entry.reference} was raised.")
    if saved is not None:
        return saved
    return render(request, FORM_TEMPLATE, {
        "form": form, "title": "Raise a challenge, risk or concern", "crumbs": _crumbs(),
        "back_url": reverse("entry-list"),
        "intro": "A challenge asks an agency or a body for an assurance report; a risk is scored and reviewed; "
                 "a concern is noted and followed up."})


@access.record
def entry_edit(request, pk):
    entry = _entry(request, pk, "challenge_log.change_entry")
    if entry.status in ENDED:
        raise PermissionDenied
    form = forms.EntryForm(request.POST or None, instance=selectors.entry_for_edit(pk), submit="Save the changes")
    def update(data):
        services.entry_update(entry=entry, data=model_data(form, exclude=("themes",)), themes=data.get("themes"),
                              links=_links(data), by=request.user, version=form.version)
        return entry

    saved = form_saved(request, form, update, "The changes were saved.")
    if saved is not None:
        return saved
    return render(request, FORM_TEMPLATE, {
        "form": form, "title": f"Change {entry.reference}", "crumbs": _crumbs(entry), "current": "Change",
        "back_url": entry.get_absolute_url()})


@access.record
def entry_request(request, pk):
    entry = _entry(request, pk, "challenge_log.request_assurance")
    form = forms.RequestForm(request.POST or None)
    return _step_page(
        request, form, entry=entry, title="Ask for an assurance report",
        intro=f"Asked of {entry.directed_to}. Its leads and deputies (or its chair) are reminded before, on and "
              "after the due date." if entry.directed_to else "",
        done="The assurance report was asked for.",
        act=lambda data: services.assurance_request(entry=entry, asks=data["asks"], due_on=data["due_on"],
                                                    by=request.user))


@access.record
def request_answer(request, pk):
    assurance = get_object_or_404(AssuranceRequest.objects.select_related("entry", "organisation", "body"), pk=pk)
    entry = _entry(request, assurance.entry_id)
    if not request.user.has_perm("challenge_log.answer", assurance):
        raise PermissionDenied
    form = forms.AnswerForm(request.POST or None, request.FILES or None)
    return _step_page(
        request, form, entry=entry, title="Answer the challenge", intro=assurance.asks,
        done="Your assurance report was sent; the raising body judges it.",
        act=lambda data: services.assurance_answer(request=assurance, text=data["text"], files=data["files"],
                                                   by=request.user))


@access.record
def attachment_download(request, pk):
    """An attachment, sent only to someone who may read its entry (a restricted entry's to those DESIGN.md names),
    checked on every download: it is never served from a public path."""
    attachment = get_object_or_404(Attachment.objects.select_related("entry"), pk=pk)
    _entry(request, attachment.entry_id)
    return documents.download(attachment.file, filename=attachment.download_name)


@access.record
def response_judge(request, pk):
    response = get_object_or_404(Response.objects.select_related("request__entry", "organisation", "body"), pk=pk)
    entry = _entry(request, response.request.entry_id)
    if not request.user.has_perm("challenge_log.judge", response):
        raise PermissionDenied
    form = forms.JudgeForm(request.POST or None)
    return _step_page(
        request, form, entry=entry, title="Judge the answer", intro=response.text,
        done="The judgement was recorded; the body that holds the log sees it in its queue.",
        act=lambda data: services.response_judge(response=response, assured=data["assured"],
                                                 outcome=data["outcome"], impact=data["impact"],
                                                 refer=data["refer"], by=request.user))


@access.record
def entry_nominate(request, pk):
    entry = _entry(request, pk, "challenge_log.nominate_judge")
    form = forms.NominateForm(request.POST or None, members=selectors.members_of(entry.raised_by_body))
    return _step_page(
        request, form, entry=entry, title="Nominate who judges the answers", done="The nomination was saved.",
        act=lambda data: services.judge_nominate(entry=entry, person=data["person"], by=request.user))


@access.record
def entry_escalate(request, pk):
    entry = _entry(request, pk, "challenge_log.escalate")
    form = forms.ReasonForm(request.POST or None, submit="Escalate it")
    return _step_page(
        request, form, entry=entry, title="Escalate to the Board", done="It was escalated.",
        intro="The body that holds the log raises it to the body it reports to, with its reason.",
        act=lambda data: services.entry_escalate(entry=entry, reason=data["reason"], by=request.user))


@access.record
def escalation_outcome(request, pk):
    escalation = get_object_or_404(Escalation.objects.select_related("entry", "to_body"), pk=pk)
    entry = _entry(request, escalation.entry_id)
    if not request.user.has_perm("challenge_log.record_outcome", escalation):
        raise PermissionDenied
    meetings = Meeting.objects.filter(body=escalation.to_body).order_by("-starts_at")
    form = forms.OutcomeForm(request.POST or None, meetings=meetings)
    return _step_page(
        request, form, entry=entry, title=f"Record the {escalation.to_body.short_name}'s outcome",
        done="The outcome was recorded.", intro=escalation.reason,
        act=lambda data: services.escalation_outcome(escalation=escalation, outcome=data["outcome"],
                                                     meeting=data["meeting"], close=not data["keep_open"],
                                                     by=request.user))


@access.record
def entry_review(request, pk):
    entry = _entry(request, pk, "challenge_log.review_risk")
    form = forms.ReviewForm(request.POST or None, initial={"likelihood": entry.likelihood, "impact": entry.impact})
    return _step_page(
        request, form, entry=entry, title="Review the risk", done="The review was recorded.",
        act=lambda data: services.risk_review(entry=entry, likelihood=data["likelihood"], impact=data["impact"],
                                              commentary=data["commentary"],
                                              next_review_on=data["next_review_on"], by=request.user))


@access.record
def entry_treat(request, pk):
    entry = _entry(request, pk, "challenge_log.review_risk")
    form = forms.TreatForm(request.POST or None)
    return _step_page(
        request, form, entry=entry, title="Treat the risk", done="The treatment was recorded.",
        intro="To tolerate a risk is a decision: another member of the body that holds the log takes it.",
        act=lambda data: services.risk_treat(entry=entry, treatment=data["treatment"], reason=data["reason"],
                                             expires_on=data["expires_on"], by=request.user))


@access.record
def tolerance_decide(request, pk):
    decision = get_object_or_404(TreatmentDecision.objects.select_related("entry", "created_by"), pk=pk)
    entry = _entry(request, decision.entry_id, "challenge_log.decide_tolerance")
    form = forms.ToleranceForm(request.POST or None)
    return _step_page(
        request, form, entry=entry, title="Decide whether to tolerate the risk", done="The decision was recorded.",
        intro=f"Proposed by {decision.created_by} until {decision.expires_on:%-d %B %Y}: {decision.reason}",
        act=lambda data: services.tolerance_decide(decision=decision, agree=data["agree"], comment=data["comment"],
                                                   by=request.user))


@access.record
def entry_close(request, pk):
    entry = _entry(request, pk, "challenge_log.change_entry")
    form = forms.ReasonForm(request.POST or None, submit="Close it")
    return _step_page(request, form, entry=entry, title=f"Close {entry.reference}", done="It was closed.",
                      act=lambda data: services.entry_close(entry=entry, reason=data["reason"], by=request.user))


@access.record
def entry_withdraw(request, pk):
    entry = _entry(request, pk, "challenge_log.change_entry")
    form = forms.ReasonForm(request.POST or None, submit="Withdraw it")
    return _step_page(request, form, entry=entry, title=f"Withdraw {entry.reference}", done="It was withdrawn.",
                      intro="Nothing is deleted: the entry and its timeline stay, marked withdrawn.",
                      act=lambda data: services.entry_withdraw(entry=entry, reason=data["reason"], by=request.user))


@access.record
def noncompliance_create(request, key):
    """From the page of what is due: a challenge to the body that has not submitted what it owes, prefilled with
    the item, its due date and its chase history; one step raises it and asks for the assurance."""
    if not request.user.has_perm("challenge_log.raise_noncompliance"):
        raise PermissionDenied
    due, text = services.noncompliance_draft(key, timezone.localdate())
    if due is None:
        return render(request, "confirm_page.html", {
            "title": "Raise a non-compliance challenge", "problems": [text], "back_url": reverse("due-list"),
            "crumbs": [("What is due", reverse("due-list"))]})
    form = forms.NoncomplianceForm(request.POST or None, initial={
        "asks": "Submit it, and say why it is late and what will stop it happening again.",
        "due_on": add_working_days(timezone.localdate(), NONCOMPLIANCE_WORKING_DAYS)})
    saved = form_saved(request, form, lambda data: services.noncompliance_raise(
        key=key, asks=data["asks"], due_on=data["due_on"], by=request.user),
        lambda entry: f"{entry.reference} was raised and the assurance asked for.")
    if saved is not None:
        return saved
    return render(request, "challenge_log/noncompliance.html", {
        "form": form, "title": "Raise a non-compliance challenge", "draft": text, "due": due,
        "crumbs": [("What is due", reverse("due-list"))], "back_url": reverse("due-list")})


@access.signed_in
def agency_challenges(request):
    """Challenges to the agencies the person leads or deputises for, and to the bodies she chairs; and the
    answers she is to judge, to challenges her bodies raised."""
    roles = roles_for(request.user)
    requests = selectors.requests_to(roles.lead_organisation_ids, roles.chaired_body_ids)
    return render(request, "challenge_log/agency_challenges.html", {
        "to_judge": selectors.to_judge(request.user, roles.chaired_body_ids),
        "waiting": [r for r in requests if not hasattr(r, "response")],
        "answered": [r for r in requests if hasattr(r, "response")],
        "crumbs": _crumbs(), "current": "Challenges to you"})


@access.record
def log_queue(request):
    """The queue of the body that holds the log: answers judged or awaiting judgement, referrals, proposals to
    tolerate, escalations awaiting an outcome."""
    if not request.user.has_perm("challenge_log.escalate"):
        raise PermissionDenied
    return render(request, "challenge_log/queue.html", {**selectors.queue(request.user), "crumbs": _crumbs(),
                                                        "current": "The log's queue"})


@access.signed_in
def escalated_list(request):
    """What has been escalated to the Board, and its outcomes: entries the reader may see."""
    escalations = selectors.escalations(request.user)
    return render(request, "challenge_log/escalated.html", {
        "waiting": [e for e in escalations if e.outcome_on is None],
        "decided": [e for e in escalations if e.outcome_on is not None],
        "crumbs": _crumbs(), "current": "Escalated"})


