"""Writes to the log. Pages, the admin, commands and tasks call these; each refuses a person without the
right (bscb.services.NotAllowed) and a wrong state (ValidationError, a sentence for the page), and every
step writes a line of the entry's timeline in the same transaction. Nothing is deleted."""

import uuid
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from accountability.people import chairs_of
from accountability.roles import roles_for
from bscb import documents
from bscb.partnership import partnership_get
from bscb.periods import year_of
from bscb.services import model_update, require, save_stamped
from notifications.services import notify

from .filters import EntryFilter
from .links import registered as registered_links
from .models import (
    ENDED,
    AssuranceRequest,
    Attachment,
    Entry,
    Escalation,
    Judgement,
    Kind,
    ReferenceCounter,
    Response,
    Review,
    SavedView,
    Status,
    Step,
    StepKind,
    Treatment,
    TreatmentDecision,
)

ENDED_ENTRY = "This entry is {status}: nothing more can be done to it."
NOT_A_CHALLENGE = "Only a challenge asks for assurance."
NOT_A_RISK = "Only a risk is reviewed and treated."
REQUEST_OPEN = "An assurance request to {addressee} is still awaiting its answer."
NO_ADDRESSEE = "Say which agency or body the challenge is directed to."
BOTH_ADDRESSEES = "Direct it to an agency or to a body, not both."
ALREADY_ANSWERED = "This request has already been answered."
NOT_ANSWERED = "There is no answer to judge yet."
ALREADY_JUDGED = "This answer has already been judged."
ALREADY_ESCALATED = "This entry has already been escalated to {body} and awaits its outcome."
NOWHERE_TO_ESCALATE = "The body that holds the log reports to no other body: set it in the admin."
NOT_ESCALATED = "There is no escalation awaiting an outcome."
OUTCOME_RECORDED = "The outcome of this escalation has already been recorded."
WRONG_MEETING = "Choose a meeting of the {body}."
OWN_PROPOSAL = "You proposed this tolerance: another member of the {body} decides it."
NOT_PROPOSED = "This tolerance has already been decided."
TOLERANCE_EXPIRY = "Give the date the tolerance ends, after today."
DUE_IN_PAST = "The due date must be today or later."
NOMINEE_NOT_MEMBER = "Choose a member of the {body}."
NOMINEE_MAY_NOT_READ = "{person} may not read this restricted entry: its chair judges the answers."
FILES_FIELD = "files"
TOO_MANY_FILES = documents.TOO_MANY_FILES
ATTACHMENTS_AT_ONCE = documents.FILES_AT_ONCE


def _step(entry: Entry, kind: str, by, comment: str = "") -> Step:
    step = Step(entry=entry, kind=kind, by=by, on=timezone.now(), comment=comment or "")
    return save_stamped(step, by)


def _lock(entry: Entry) -> Entry:
    """The entry, locked for this transaction and read afresh: two steps at once are taken one after another,
    each checking the state the other left."""
    return Entry.objects.select_for_update().get(pk=entry.pk)


def _open(entry: Entry) -> None:
    if entry.status in ENDED:
        raise ValidationError(ENDED_ENTRY.format(status=entry.get_status_display().lower()))


def _set_status(entry: Entry, status: str, by, **more) -> None:
    model_update(entry, {"status": status, **more}, by=by)


def next_reference(day: date) -> tuple[int, int, str]:
    """The next number of the partnership year `day` falls in, taken under a lock on the year's counter."""
    year = year_of(day, partnership_get().year_start_month).start.year
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return year, counter.last, f"CRL-{year}-{counter.last:03d}"


def _check_addressee(data: dict) -> None:
    if data.get("organisation") and data.get("body"):
        raise ValidationError({"organisation": BOTH_ADDRESSEES})
    if data.get("kind") == Kind.CHALLENGE and not (data.get("organisation") or data.get("body")):
        raise ValidationError({"organisation": NO_ADDRESSEE})


@transaction.atomic
def entry_raise(*, data: dict, themes=None, links: dict | None = None, by) -> Entry:
    """A new entry, raised by a body (`data["raised_by_body"]`) and numbered in the partnership's year; `links`:
    what other apps link to it (challenge_log.links: the plan's outcomes), by the link's name."""
    require(by, "challenge_log.raise_entry", data.get("raised_by_body"))
    _check_addressee(data)
    entry = Entry(**{k: v for k, v in data.items() if k != "status"}, raised_by=by, raised_on=timezone.now())
    entry.year, entry.number, entry.reference = next_reference(timezone.localdate())
    save_stamped(entry, by)
    if themes:
        entry.themes.set(themes)
    _links_save(entry, links)
    _step(entry, StepKind.RAISED, by)
    return entry


def _links_save(entry: Entry, links: dict | None) -> bool:
    changed = False
    for link in registered_links():
        if links is not None and link.name in links:
            changed = link.save(entry, list(links[link.name])) or changed
    return changed


@transaction.atomic
def entry_update(*, entry: Entry, data: dict, themes=None, links: dict | None = None, by,
                 version: int | None = None) -> bool:
    require(by, "challenge_log.change_entry", entry)
    _open(entry)
    _check_addressee({"kind": entry.kind, **{k: getattr(entry, k) for k in ("organisation", "body")}, **data})
    changes = {**data, **({"themes": list(themes)} if themes is not None else {})}
    changed = model_update(entry, changes, by=by, version=version)
    changed = _links_save(entry, links) or changed
    if changed:
        _step(entry, StepKind.EDITED, by)
    return changed


@transaction.atomic
def assurance_request(*, entry: Entry, asks: str, due_on: date, organisation=None, body=None, by) -> AssuranceRequest:
    """Ask the agency or body (the entry's addressee unless another is named) for an assurance report by a date."""
    require(by, "challenge_log.request_assurance", entry)
    entry = _lock(entry)
    _open(entry)
    if entry.kind != Kind.CHALLENGE:
        raise ValidationError(NOT_A_CHALLENGE)
    waiting = entry.requests.filter(response__isnull=True).select_related("organisation", "body").first()
    if waiting is not None:
        raise ValidationError(REQUEST_OPEN.format(addressee=waiting.addressee))
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": DUE_IN_PAST})
    if organisation is None and body is None:
        organisation, body = entry.organisation, entry.body
    request = save_stamped(AssuranceRequest(entry=entry, organisation=organisation, body=body, asks=asks,
                                            due_on=due_on), by)
    _set_status(entry, Status.REQUESTED, by)
    _step(entry, StepKind.REQUESTED, by, f"Of {request.addressee}, due {due_on:%-d %B %Y}. {asks}")
    return request


def _attach(entry: Entry, response: Response | None, checked, by) -> list[Attachment]:
    """Store checked files under names of our own (the entry's reference and a random part)."""
    made = []
    for upload, kind in checked:
        attachment = Attachment(entry=entry, response=response, kind=kind)
        attachment.file = documents.named(upload, stem=f"{entry.reference}-{uuid.uuid4().hex[:16]}", kind=kind)
        made.append(save_stamped(attachment, by))
    return made


@transaction.atomic
def assurance_answer(*, request: AssuranceRequest, text: str, files=(), by) -> Response:
    """The assurance report, by one of the agency's leads or deputies (or the body's chair), with any files
    given as its evidence (bscb.documents.ATTACHMENTS: checked by their content, all refused if one is)."""
    require(by, "challenge_log.answer", request)
    entry = _lock(request.entry)
    _open(entry)
    if Response.objects.filter(request=request).exists():
        raise ValidationError(ALREADY_ANSWERED)
    checked = documents.validate_all(list(files), field=FILES_FIELD, kinds=documents.ATTACHMENTS)
    response = save_stamped(Response(request=request, text=text, organisation=request.organisation,
                                     body=request.body), by)
    attached = _attach(entry, response, checked, by)
    _set_status(entry, Status.ANSWERED, by)
    count = len(attached)
    _step(entry, StepKind.ANSWERED, by, f"With {count} attached {'file' if count == 1 else 'files'}." if count
          else "")
    judge = entry.judge_nominee_id or _chair_id(entry.raised_by_body)
    _tell(judge, entry, by, key=f"log-answer-{response.pk}",
          title=f"{entry.reference} answered by {request.addressee}: judge it")
    return response


@transaction.atomic
def judge_nominate(*, entry: Entry, person, by) -> None:
    """The raising body's chair names the member who judges the answers."""
    require(by, "challenge_log.nominate_judge", entry)
    entry = _lock(entry)
    _open(entry)
    if person is not None and not roles_for(person).member_of(entry.raised_by_body_id):
        raise ValidationError({"person": NOMINEE_NOT_MEMBER.format(body=entry.raised_by_body)})
    if person is not None and not person.has_perm("challenge_log.view_entry", entry):
        raise ValidationError({"person": NOMINEE_MAY_NOT_READ.format(person=person)})
    model_update(entry, {"judge_nominee": person}, by=by)
    _step(entry, StepKind.JUDGE_NOMINATED, by, str(person) if person else "The chair judges.")


@transaction.atomic
def response_judge(*, response: Response, assured: bool, outcome: str = "", impact: str = "", refer: bool = False,
                   by) -> Judgement:
    """Assured (the entry is closed, with its outcome and impact) or not assured (a further request may follow,
    or it is referred to the body that holds the log). The body that holds the log is told either way: its
    chair gets a notice (unless she judged it) and its members see it in their queue."""
    require(by, "challenge_log.judge", response)
    entry = _lock(response.request.entry)
    _open(entry)
    if Judgement.objects.filter(response=response).exists():
        raise ValidationError(ALREADY_JUDGED)
    judgement = save_stamped(Judgement(response=response, assured=assured, outcome=outcome, impact=impact), by)
    if assured:
        _set_status(entry, Status.CLOSED, by)
        _step(entry, StepKind.ASSURED, by, "\n".join(filter(None, [outcome, impact])))
    else:
        _set_status(entry, Status.NOT_ASSURED, by)
        _step(entry, StepKind.NOT_ASSURED, by, outcome)
        if refer:
            _step(entry, StepKind.REFERRED, by)
    _tell_log_holder(entry, judgement, by)
    return judgement


def _chair_id(body) -> int | None:
    chair = body and chairs_of([body], timezone.localdate()).get(body.pk)
    return chair.person_id if chair else None


def _tell(person_id: int | None, entry: Entry, by, *, key: str, title: str) -> None:
    """A notice linking the entry, to someone who may read it and did not take the step herself."""
    if not person_id or person_id == by.pk:
        return
    if not get_user_model().objects.get(pk=person_id).has_perm("challenge_log.view_entry", entry):
        return
    notify([person_id], key=key, title=title, url=reverse("entry-detail", args=[entry.pk]))


def _tell_log_holder(entry: Entry, judgement: Judgement, by) -> None:
    from .rules import log_holder

    verdict = "assured" if judgement.assured else "not assured"
    _tell(_chair_id(log_holder()), entry, by, key=f"log-judgement-{judgement.pk}",
          title=f"{entry.reference} judged {verdict}: {entry.title}")


@transaction.atomic
def entry_escalate(*, entry: Entry, reason: str, by) -> Escalation:
    """The body that holds the log escalates the entry to the body it reports to (the Board)."""
    from .rules import log_holder

    require(by, "challenge_log.escalate", entry)
    entry = _lock(entry)
    _open(entry)
    waiting = entry.escalations.filter(outcome_on__isnull=True).select_related("to_body").first()
    if waiting is not None:
        raise ValidationError(ALREADY_ESCALATED.format(body=waiting.to_body))
    holder = log_holder()
    if holder is None or holder.reports_to_id is None:
        raise ValidationError(NOWHERE_TO_ESCALATE)
    escalation = save_stamped(Escalation(entry=entry, to_body=holder.reports_to, reason=reason), by)
    _set_status(entry, Status.ESCALATED, by)
    _step(entry, StepKind.ESCALATED, by, f"To the {holder.reports_to}. {reason}")
    return escalation


@transaction.atomic
def escalation_outcome(*, escalation: Escalation, outcome: str, meeting, close: bool = True, by) -> Escalation:
    """The outcome decided at a meeting of the body it was escalated to; the entry is closed unless kept open."""
    require(by, "challenge_log.record_outcome", escalation)
    entry = _lock(escalation.entry)
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.outcome_on is not None:
        raise ValidationError(OUTCOME_RECORDED)
    if meeting is None or meeting.body_id != escalation.to_body_id:
        raise ValidationError({"meeting": WRONG_MEETING.format(body=escalation.to_body)})
    model_update(escalation, {"outcome": outcome, "meeting": meeting, "outcome_by": by,
                              "outcome_on": timezone.now()}, by=by)
    _step(entry, StepKind.BOARD_OUTCOME, by, f"At the meeting of {meeting.starts_at:%-d %B %Y}. {outcome}")
    if close:
        _set_status(entry, Status.CLOSED, by)
        _step(entry, StepKind.CLOSED, by)
    else:
        _set_status(entry, Status.OPEN, by)
    return escalation


def _risk(entry: Entry) -> None:
    if entry.kind != Kind.RISK:
        raise ValidationError(NOT_A_RISK)


@transaction.atomic
def risk_review(*, entry: Entry, likelihood: int, impact: int, commentary: str, next_review_on: date | None,
                by) -> Review:
    """New scores and a commentary; the entry's current score and next review date follow. A tolerated risk
    reviewed after its tolerance has expired returns to open."""
    require(by, "challenge_log.review_risk", entry)
    entry = _lock(entry)
    _open(entry)
    _risk(entry)
    review = save_stamped(Review(entry=entry, likelihood=likelihood, impact=impact, commentary=commentary,
                                 next_review_on=next_review_on), by)
    changes = {"likelihood": likelihood, "impact": impact, "next_review_on": next_review_on}
    if entry.status == Status.TOLERATED and entry.tolerated_until and entry.tolerated_until < timezone.localdate():
        changes.update(status=Status.OPEN, tolerated_until=None)
    model_update(entry, changes, by=by)
    _step(entry, StepKind.REVIEWED, by, f"Scored {likelihood} x {impact} = {likelihood * impact}. {commentary}")
    return review


@transaction.atomic
def risk_treat(*, entry: Entry, treatment: str, reason: str, expires_on: date | None = None,
               by) -> TreatmentDecision:
    """Reduce, avoid or transfer: recorded at once. Tolerate: a proposal, decided by another member of the
    body that holds the log (`tolerance_decide`)."""
    require(by, "challenge_log.review_risk", entry)
    entry = _lock(entry)
    _open(entry)
    _risk(entry)
    if treatment == Treatment.TOLERATE and (expires_on is None or expires_on <= timezone.localdate()):
        raise ValidationError({"expires_on": TOLERANCE_EXPIRY})
    decision = save_stamped(TreatmentDecision(entry=entry, treatment=treatment, reason=reason,
                                              expires_on=expires_on if treatment == Treatment.TOLERATE else None),
                            by)
    kind = StepKind.TOLERANCE_PROPOSED if treatment == Treatment.TOLERATE else StepKind.TREATMENT
    _step(entry, kind, by, f"{decision.get_treatment_display()}. {reason}")
    return decision


@transaction.atomic
def tolerance_decide(*, decision: TreatmentDecision, agree: bool, comment: str = "", by) -> TreatmentDecision:
    from .rules import log_holder

    require(by, "challenge_log.decide_tolerance", decision.entry)
    entry = _lock(decision.entry)
    _open(entry)
    decision = TreatmentDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.treatment != Treatment.TOLERATE or decision.decided_on is not None:
        raise ValidationError(NOT_PROPOSED)
    if decision.created_by_id == by.pk:
        raise ValidationError(OWN_PROPOSAL.format(body=log_holder() or "body that holds the log"))
    model_update(decision, {"decided_by": by, "decided_on": timezone.now(), "declined": not agree}, by=by)
    if agree:
        _set_status(entry, Status.TOLERATED, by, tolerated_until=decision.expires_on)
        _step(entry, StepKind.TOLERATED, by, f"Until {decision.expires_on:%-d %B %Y}. {comment}".strip())
    else:
        _step(entry, StepKind.TOLERANCE_DECLINED, by, comment)
    return decision


@transaction.atomic
def entry_close(*, entry: Entry, reason: str, by) -> None:
    """A risk treated, or a concern dealt with, closed with the reason."""
    require(by, "challenge_log.change_entry", entry)
    entry = _lock(entry)
    _open(entry)
    _set_status(entry, Status.CLOSED, by)
    _step(entry, StepKind.CLOSED, by, reason)


@transaction.atomic
def entry_withdraw(*, entry: Entry, reason: str, by) -> None:
    require(by, "challenge_log.change_entry", entry)
    entry = _lock(entry)
    _open(entry)
    _set_status(entry, Status.WITHDRAWN, by)
    _step(entry, StepKind.WITHDRAWN, by, reason)


NOT_OWED = "Nothing is owed under this any more (it may have been submitted): there is nothing to challenge."
NO_BODY_OWES = "No body owes this, so there is no body to challenge."
NO_LOG_HOLDER = "No body holds the challenge and risk log: set it in the admin."
ALREADY_CHALLENGED = "{reference} already challenges this, and is still open."


def noncompliance_draft(key: str, as_of: date):
    """What a non-compliance challenge would say: the thing owed, its due date and its chase history (who was
    reminded, when, by which step). (None, reason) when there is nothing to challenge."""
    from notifications.registry import find_due
    from notifications.selectors import chase_history

    due = find_due(key, as_of)
    if due is None:
        return None, NOT_OWED
    if due.body_id is None:
        return None, NO_BODY_OWES
    history = chase_history([key]).get(key, [])
    lines = [f"{due.title}: due {due.due_date:%-d %B %Y} and not submitted."]
    if history:
        lines.append("Chased:")
        lines += [f"- {timezone.localtime(r.created):%-d %B %Y}: {r.step_label} to {r.recipient}"
                  f"{' (skipped)' if r.status == 'skipped' else ''}" for r in history]
    else:
        lines.append("Nobody has been reminded yet.")
    return due, "\n".join(lines)


@transaction.atomic
def noncompliance_raise(*, key: str, asks: str, due_on: date, by) -> Entry:
    """The plan's escalation policy in one step: a challenge, raised by the body that holds the log, to the body
    that has not submitted what it owes, with the item, its due date and its chase history, and the assurance
    asked of it. One open challenge per thing owed."""
    from accountability.models import Body

    from .rules import log_holder

    require(by, "challenge_log.raise_noncompliance")
    due, text = noncompliance_draft(key, timezone.localdate())
    if due is None:
        raise ValidationError(text)
    open_one = Entry.objects.filter(source_key=key).exclude(status__in=ENDED).first()
    if open_one is not None:
        raise ValidationError(ALREADY_CHALLENGED.format(reference=open_one.reference))
    holder = log_holder()
    if holder is None:
        raise ValidationError(NO_LOG_HOLDER)
    entry = Entry(kind=Kind.CHALLENGE, title=f"Not submitted: {due.title}"[:200], description=text,
                  raised_by_body=holder, body=Body.objects.get(pk=due.body_id), raised_by=by,
                  raised_on=timezone.now(), source_key=key)
    entry.year, entry.number, entry.reference = next_reference(timezone.localdate())
    save_stamped(entry, by)
    _step(entry, StepKind.RAISED, by, "Non-compliance, from the page of what is due.")
    assurance_request(entry=entry, asks=asks, due_on=due_on, by=by)
    return entry


VIEW_NAME_TAKEN = "You already have a view named \u201c{name}\u201d: choose another name."
VIEW_NAME_REQUIRED = "Enter a name for the view"


def saved_view_query(query: str) -> str:
    """The list's address query as a view keeps it: its filters and sort, not its page number, the filters left
    empty or anything the list does not read."""
    given = QueryDict(query or "")
    kept = QueryDict(mutable=True)
    for name in given:
        values = [value for value in given.getlist(name) if value]
        if values and (name in EntryFilter.base_filters or name.rsplit("_", 1)[0] in EntryFilter.base_filters):
            kept.setlist(name, values)  # (a date's parts are its name and _0, _1, _2)
    return kept.urlencode()


def _view_name(name: str, *, owner, pk=None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": VIEW_NAME_REQUIRED})
    if SavedView.objects.filter(owner=owner, name__iexact=name).exclude(pk=pk).exists():
        raise ValidationError({"name": VIEW_NAME_TAKEN.format(name=name)})
    return name


@transaction.atomic
def saved_view_create(*, name: str, query: str, by) -> SavedView:
    """The person's own view of the list, named: `query` is the list's address query (its filters and sort)."""
    require(by, "challenge_log.view_log")
    view = SavedView(owner=by, name=_view_name(name, owner=by), query=saved_view_query(query))
    return save_stamped(view, by)


def saved_view_rename(*, view: SavedView, name: str, by, version: int | None = None) -> bool:
    require(by, "challenge_log.change_saved_view", view)
    return model_update(view, {"name": _view_name(name, owner=by, pk=view.pk)}, by=by, version=version)


def saved_view_delete(*, view: SavedView, by) -> None:
    require(by, "challenge_log.change_saved_view", view)
    view.delete()
