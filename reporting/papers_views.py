"""A meeting's papers (list, add, change, withdraw, download) and its pack (the page, the PDF). Thin: the rules
are papers_rules', the reads papers_selectors' and pack's, the writes papers_services'."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from bscb import access, documents
from bscb.forms import add_service_errors, form_saved, model_data

from . import pack as packs
from . import papers_services as services
from .papers_forms import PaperForm, WithdrawForm
from .papers_selectors import meeting_for_papers, paper_detail, papers_for


def _may_manage(request, meeting) -> bool:
    return request.user.has_perm("reporting.manage_papers", meeting)



@access.signed_in
def paper_list(request, pk):
    """A meeting's papers in agenda order: partnership records, but a restricted paper only for those who may
    read it (the others are told how many they may not read, never what they are)."""
    meeting = meeting_for_papers(pk)
    return render(request, "reporting/papers/paper_list.html", {
        "meeting": meeting, "papers": papers_for(meeting, request.user), "can_manage": _may_manage(request, meeting),
        "is_cancelled": meeting.status == "cancelled",
        # The history page, where the business unit also redacts a paper's text or removes its file.
        "can_view_history": request.user.has_perm("accountability.view_history"),
    })


def _form_page(request, meeting, form, paper=None):
    return render(request, "reporting/papers/paper_form.html", {"form": form, "meeting": meeting, "paper": paper})


@access.record
def paper_add(request, pk):
    meeting = meeting_for_papers(pk)
    if not _may_manage(request, meeting):
        raise PermissionDenied
    form = PaperForm(request.POST or None, request.FILES or None, record=None,
                     initial={"order": services._next_order(meeting)})

    def act(data):
        return services.paper_add(meeting=meeting, title=data["title"], order=data["order"],
                                  restricted=data["restricted"], upload=data["document"], url=data["url"],
                                  record_kind=data["record_kind"], by=request.user)

    saved = form_saved(request, form, act, lambda paper: f"The paper “{paper.title}” was added.")
    return saved or _form_page(request, meeting, form)


@access.record
def paper_edit(request, pk):
    paper = paper_detail(pk)
    if not _may_manage(request, paper.meeting):
        raise PermissionDenied
    if paper.is_withdrawn:
        messages.error(request, services.ALREADY_WITHDRAWN)
        return redirect(paper)
    form = PaperForm(request.POST or None, request.FILES or None, instance=copy.copy(paper))

    def act(data):
        return services.paper_update(paper=paper, data=model_data(form), upload=data["document"], by=request.user,
                                     version=form.version)

    saved = form_saved(request, form, act, lambda saved: f"The paper “{saved.title}” was saved.")
    return saved or _form_page(request, paper.meeting, form, paper)


@access.record
def paper_withdraw(request, pk):
    """Withdrawing a paper takes it out of the papers and the pack; it is kept, with its history."""
    paper = paper_detail(pk)
    if not _may_manage(request, paper.meeting):
        raise PermissionDenied
    problems = [services.ALREADY_WITHDRAWN] if paper.is_withdrawn else []
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and not problems and form.is_valid():
        try:
            services.paper_withdraw(paper=paper, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error, rename={"withdrawal_reason": "reason"})
        else:
            messages.success(request, f"The paper “{paper.title}” was withdrawn.")
            return redirect(paper)
    return render(request, "reporting/papers/paper_withdraw.html", {"paper": paper, "meeting": paper.meeting,
                                                                    "form": form, "problems": problems})


@access.record
def paper_document(request, pk):
    """A paper's document, sent only to a reader who may read the paper, checked on every download."""
    paper = paper_detail(pk)
    if not request.user.has_perm("reporting.view_paper", paper):
        raise PermissionDenied
    return documents.download(paper.document, filename=f"{paper.meeting.body.short_name} paper {paper.pk}")


@access.signed_in
def pack_page(request, pk):
    """The pack as its reader may read it: its contents, and the PDF to download."""
    meeting = meeting_for_papers(pk)
    pack = packs.pack_for(meeting, request.user)
    return render(request, "reporting/pack/pack_page.html", {
        "meeting": meeting, "pack": pack, "withheld": papers_for(meeting, request.user).withheld,
    })


@access.signed_in
def pack_download(request, pk):
    """The pack as one PDF, built for its reader on request."""
    meeting = meeting_for_papers(pk)
    body = packs.pack_pdf(packs.pack_for(meeting, request.user))
    day = timezone.localtime(meeting.starts_at)
    response = HttpResponse(body, content_type="application/pdf")
    name = f"{meeting.body.short_name} pack {day:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


MOVE_CHOICE = "Choose whether to move the paper up or down the agenda"


@access.record
def paper_move(request, pk):
    """Move a paper up or down the agenda: the list's buttons post here; opened, the page offers both."""
    paper = paper_detail(pk)
    if not _may_manage(request, paper.meeting):
        raise PermissionDenied
    problems = []
    if request.method == "POST":
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            problems = [{"text": MOVE_CHOICE, "href": "#direction-up"}]
        else:
            try:
                opened_at = int(request.POST["from"]) if request.POST.get("from", "").isdigit() else None
                services.paper_move(paper=paper, up=direction == "up", opened_at=opened_at, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"“{paper.title}” moved {direction} the agenda.")
            return redirect(paper)
    return render(request, "reporting/papers/paper_move.html", {"paper": paper, "meeting": paper.meeting,
                                                                "problems": problems})
