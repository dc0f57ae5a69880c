"""Summaries: what each body owes, the draft form, submission, amendment, versions and receipts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accountability.models import User
from accountability.people import owners_of
from accountability.roles import roles_for
from accountability.selectors import current_members
from bscb import access
from bscb.forms import add_service_errors, save_form
from bscb.lists import list_page
from bscb.periods import quarter_label, year_label
from notifications import services as chasing
from notifications.registry import OWNER, find_due
from notifications.selectors import chase_history, remind_now_held

from . import selectors, services
from .deadlines import deadline_counts
from .dues import no_meeting_key, summary_key
from .filters import DueFilter, SummaryFilter
from .forms import NOBODY, AmendForm, NominateForm, SummaryForm
from .models import Summary, SummaryKind, SummaryReceipt, SummaryVersion
from .periodic import yearly_due_problem

PAGE_SIZE = 25


# The rule a summary's page and its versions are opened by; a link to them is drawn from it too.
READ = "reporting.view_summary"


def _summary_for(request, pk, perm=READ) -> Summary:
    summary = get_object_or_404(Summary.objects.select_related("body", "meeting", "for_meeting", "submitted_by",
                                                               "nominated_drafter"), pk=pk)
    if not request.user.has_perm(perm, summary):
        raise PermissionDenied
    return summary


@access.link_rule("summary-detail")
@access.link_rule("summary-version")
def _summaries_open(user, addresses: list[dict]) -> list[bool]:
    """Whether each summary's page (or a version's) opens for the user, by READ: one query for them all."""
    found = Summary.objects.only("pk", "kind", "status", "body_id", "nominated_drafter_id").in_bulk(
        {address["pk"] for address in addresses})
    return [address["pk"] in found and user.has_perm(READ, found[address["pk"]]) for address in addresses]


@access.signed_in
def summary_list(request):
    roles = roles_for(request.user)
    context = list_page(request, SummaryFilter, selectors.summary_list(request.user, filters=request.GET),
                        user=request.user)
    soon = selectors.due_soon_until()
    context["rows"] = [(s, selectors.summary_state(s, soon=soon)) for s in context["page"].object_list]
    context["is_bu"] = roles.is_business_unit
    if roles.is_business_unit:
        context["quiet_bodies"] = selectors.bodies_without_recent_meeting()
    return render(request, "reporting/summary_list.html", context)


@access.record
def due_list(request):
    """The business unit's view of everything owed and not yet in, with who was chased and when."""
    if not request.user.has_perm("reporting.view_due"):
        raise PermissionDenied
    context = list_page(request, DueFilter, selectors.due_list(request.user, filters=request.GET), user=request.user)
    page = context["page"]
    quiet = selectors.bodies_without_recent_meeting()
    keys = {s.pk: summary_key(s.pk) for s in page.object_list}
    quiet_keys = {b.pk: no_meeting_key(b.pk, b.quiet_since) for b in quiet}
    history = chase_history([*keys.values(), *quiet_keys.values()])
    # Who owes each, as the chase works it out now (the nominee, the chair, or the business unit).
    found = owners_of({s.body_id for s in page.object_list}, timezone.localdate())
    owners = {s.pk: found.of(s.body_id, s.nominated_drafter_id) for s in page.object_list}
    owing = {pk for ids in owners.values() for pk in ids}
    names = dict(User.objects.filter(pk__in=owing).values_list("pk", "full_name"))
    soon = selectors.due_soon_until()
    rows = [{"summary": s, "key": keys[s.pk], "state": selectors.summary_state(s, soon=soon),
             "history": history.get(keys[s.pk], []),
             "owners": [names[pk] for pk in owners[s.pk] if pk in names]}
            for s in page.object_list]
    unowned, unowned_bodies = selectors.nobody_to_remind()
    return render(request, "reporting/due_list.html", {
        **context, "rows": rows, "quiet": [(body, history.get(quiet_keys[body.pk], [])) for body in quiet],
        "unowned": unowned, "unowned_bodies": unowned_bodies, "unowned_count": len(unowned) + len(unowned_bodies),
    })


def _next_or(request, fallback):
    """Where to go afterwards: the page's own `next` when it is a path on this site, else `fallback`.
    Checked before anything is done, so a bad value (`next=present`) can never fail after acting."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (target.startswith("/") and not target.startswith(("//", "/\\"))
            and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure())):
        return target
    return fallback


@access.record
def summary_remind(request, pk):
    """The business unit's "remind now": the owner is emailed at once (by task), outside the daily digest."""
    summary = _summary_for(request, pk, "reporting.remind")
    key = summary_key(summary.pk)
    due = find_due(key, timezone.localdate())
    problems = [] if due else [chasing.NOTHING_OWED]
    back = _next_or(request, summary.get_absolute_url())
    if request.method == "POST" and not problems:
        try:
            result = chasing.remind_now(key, by=request.user)
        except ValidationError as error:
            problems = error.messages
        else:
            names = ", ".join(sorted(str(r.recipient) for r in result.reminders))
            # The email is sent by a task after this request commits, so the page cannot say it arrived.
            messages.success(request, f"Reminded now: {names}. The email is on its way; the reminder is in the "
                                      "chase history.")
            for reason in result.held_back:
                messages.info(request, f"Not reminded again: {reason}")
            return redirect(back)
    owners = list(User.objects.filter(pk__in=due.people([OWNER])).order_by("full_name")) if due else []
    recent = remind_now_held(key, owners) if owners and not problems else []
    return render(request, "reporting/summary_remind.html", {
        "summary": summary, "owners": owners, "problems": problems, "recent": recent, "back": back})


@access.record
def summary_detail(request, pk):
    summary = _summary_for(request, pk)
    versions = selectors.summary_versions(summary)
    summary.latest_number = len(versions)
    is_bu = roles_for(request.user).is_business_unit
    current = versions[-1] if versions else None
    return render(request, "reporting/summary_detail.html", {
        "summary": summary, "versions": versions, "current": current,
        "current_sections": selectors.version_sections(current, selectors.summary_sections(summary)) if current
        else [],
        "receipts": selectors.summary_receipts(summary), "state": selectors.summary_state(summary),
        "can_write": request.user.has_perm("reporting.write_summary", summary),
        "can_mark": request.user.has_perm("reporting.mark_received", summary),
        "can_nominate": not summary.is_submitted and request.user.has_perm("reporting.nominate_drafter", summary),
        "is_bu": is_bu,
        "history": chase_history([summary_key(summary.pk)]).get(summary_key(summary.pk), []) if is_bu else [],
        "due_problem": yearly_due_problem(summary),
    })


def _sections(summary, form):
    return {name: form.cleaned_data.get(name, "") for name, _ in summary.sections}


def _initial(summary, version):
    """What the form starts with: the current version; a quarterly summary not yet written starts
    from that quarter's summaries."""
    if version:
        return {name: getattr(version, name) for name, _ in summary.sections}
    return selectors.quarterly_prefill(summary)


@access.record
def summary_edit(request, pk):
    summary = _summary_for(request, pk, "reporting.write_summary")
    if summary.is_submitted:
        messages.error(request, services.ALREADY_SUBMITTED)
        return redirect(summary)
    version = services.current_version(summary)
    initial = _initial(summary, version)
    form = SummaryForm(request.POST if request.method == "POST" else None, initial=initial,
                       sections=selectors.summary_sections(summary),
                       record=version or SummaryVersion(summary=summary))
    if request.method == "POST" and form.is_valid():
        try:
            if "save_submit" in request.POST:  # checked whole before anything is saved
                services.summary_submit(summary=summary, sections=_sections(summary, form), by=request.user,
                                        version=form.version)
            else:
                services.summary_save_draft(summary=summary, sections=_sections(summary, form), by=request.user,
                                            version=form.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if "save_submit" in request.POST:
                messages.success(request, "The summary was submitted.")
            else:
                messages.success(request, "The draft was saved. You can come back to it later.")
            return redirect(summary)
    return render(request, "reporting/summary_form.html", {"form": form, "summary": summary,
                                                           "prefilled": bool(initial) and version is None})


@access.record
def summary_submit(request, pk):
    summary = _summary_for(request, pk, "reporting.write_summary")
    problems = []
    if summary.is_submitted:
        problems = [services.ALREADY_SUBMITTED]
    if request.method == "POST" and not problems:
        try:
            services.summary_submit(summary=summary, by=request.user)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, "The summary was submitted.")
            return redirect(summary)
    return render(request, "reporting/summary_submit.html", {"summary": summary, "problems": problems})


@access.record
def summary_amend(request, pk):
    summary = _summary_for(request, pk, "reporting.write_summary")
    if not summary.is_submitted:
        messages.error(request, services.NOT_SUBMITTED)
        return redirect("summary-edit", pk=summary.pk)
    version = services.current_version(summary)
    form = AmendForm(request.POST if request.method == "POST" else None, initial=_initial(summary, version),
                     sections=selectors.summary_sections(summary), record=version, once=True)
    if request.method == "POST" and form.is_valid():
        def save():
            services.summary_amend(summary=summary, sections=_sections(summary, form),
                                   reason=form.cleaned_data["amendment_reason"], by=request.user,
                                   version=form.version)
            messages.success(request, "The amendment was saved as a new version.")
            return redirect(summary)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "reporting/summary_amend.html", {"form": form, "summary": summary})


@access.record
def summary_nominate(request, pk):
    summary = _summary_for(request, pk, "reporting.nominate_drafter")
    members = current_members(summary.body)
    initial = {"person": str(summary.nominated_drafter_id) if summary.nominated_drafter_id else NOBODY}
    form = NominateForm(request.POST if request.method == "POST" else None, members=members, initial=initial,
                        record=summary)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["person"]
        person = None if chosen == NOBODY else User.objects.get(pk=int(chosen))

        def save():
            services.summary_nominate(summary=summary, person=person, by=request.user, version=form.version)
            messages.success(request, f"{person} will draft the summary." if person else
                             "The chair will draft the summary.")
            return redirect(summary)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "reporting/summary_nominate.html", {"form": form, "summary": summary})


@access.record
def summary_version(request, pk, number):
    summary = _summary_for(request, pk)
    version = summary.versions.filter(number=number).select_related("created_by").first()
    if version is None:
        raise Http404
    return render(request, "reporting/summary_version.html", {
        "summary": summary, "version": version,
        "sections": selectors.version_sections(version, selectors.summary_sections(summary)),
    })


@access.record
def receipt_received(request, pk):
    receipt = get_object_or_404(SummaryReceipt.objects.select_related("summary", "summary__body", "body",
                                                                      "summary__meeting"), pk=pk)
    if not request.user.has_perm("reporting.mark_received", receipt):
        raise PermissionDenied
    problems = [services.ALREADY_RECEIVED] if receipt.received_on else []
    if request.method == "POST" and not problems:
        try:
            services.receipt_mark_received(receipt=receipt, by=request.user)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, f"Marked as received by {receipt.body.name}.")
            return redirect(receipt.summary)
    return render(request, "reporting/receipt_received.html", {"receipt": receipt, "summary": receipt.summary,
                                                               "problems": problems})


@access.record
def summaries_received(request):
    if not request.user.has_perm("reporting.view_received"):
        raise PermissionDenied
    page = Paginator(selectors.summaries_received(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reporting/summaries_received.html", {"page": page, "receipts": page.object_list})


def _chosen_period(request, periods):
    """The period the page shows: ?period=<its first day> if it is one of `periods`, else the newest;
    and whether an unknown one was asked for."""
    wanted = request.GET.get("period")
    chosen = next((p for p in periods if p.start.isoformat() == wanted), None)
    return chosen or (periods[0] if periods else None), bool(wanted) and chosen is None


def _overview(request, kind, label, **text):
    periods = selectors.report_periods(kind)
    period, unknown = _chosen_period(request, periods)
    rows = selectors.report_overview(kind, period) if period else []
    report = next((row["report"] for row in rows if row["report"]), None)
    # The bodies that receive this kind, by their function: their names are configuration.
    receivers = selectors.receivers_named(kind) or "receiving body"
    return render(request, "reporting/report_overview.html", {
        "periods": [(p, label(p)) for p in periods], "period": period, "label": label(period) if period else "",
        "rows": rows, "unknown": unknown, "report": report, "yearly": kind == SummaryKind.YEARLY,
        "due_problem": yearly_due_problem(report) if report else "", "receiver": receivers,
        "deadlines": deadline_counts(), **text,
    })


@access.signed_in
def quarterly_overview(request):
    """The view of the body receiving quarterly summaries (the BPG in Bradford): each body's summary for
    a quarter (received, late, not yet due), with the issues each raised. Submitted summaries are
    partnership records."""
    return _overview(request, SummaryKind.QUARTERLY, quarter_label, heading="Quarterly summaries",
                     picker_label="Quarter", one="a summary")


@access.signed_in
def yearly_overview(request):
    """The view of the body receiving yearly reports (the Board in Bradford): the reports due before
    its last meeting of the year."""
    return _overview(request, SummaryKind.YEARLY, year_label, heading="Yearly assurance reports",
                     picker_label="Year", one="a report")
