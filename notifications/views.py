"""Each person's in-app notices: one for every reminder sent to them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from bscb import access

from . import selectors, services
from .models import Notice

PAGE_SIZE = 25


@access.signed_in
def notice_list(request):
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(selectors.notices_for(request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page"))
    # A notice's address was stored when it was sent: shown as a link only where it opens for the reader
    # now (the chase's last rung, the monitoring body's chair, may not read the draft it is told of).
    opens = access.links_that_open(request.user, [notice.url for notice in page.object_list])
    return render(request, "notifications/notice_list.html", {
        "page": page, "notices": page.object_list, "opens": opens, "unread_only": unread_only,
        "unread": selectors.notices_for(request.user, unread_only=True).count(),
    })


@access.record
def notice_read(request, pk):
    """Mark one of one's own notices read; another person's notice is refused."""
    notice = get_object_or_404(Notice, pk=pk)
    if notice.user_id != request.user.pk:
        raise PermissionDenied
    if request.method == "POST":
        services.mark_notice_read(notice, request.user)
        messages.success(request, "The notice was marked as read.")
        return redirect("notice-list")
    return render(request, "notifications/notice_read.html", {"notice": notice})


@access.signed_in
def notices_read(request):
    """Mark every notice of one's own read, after a confirmation."""
    if request.method == "POST":
        count = services.mark_all_notices_read(request.user)
        messages.success(request, f"{count} notice{'s' * (count != 1)} marked as read." if count
                         else "There were no unread notices.")
        return redirect("notice-list")
    return render(request, "notifications/notices_read.html", {
        "unread": selectors.notices_for(request.user, unread_only=True).count()})
