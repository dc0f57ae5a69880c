"""Partnership records read across bodies: the decision log and the attendance report."""

from datetime import date

from django.shortcuts import render
from django.utils import timezone

from bscb import access
from bscb.lists import list_page
from bscb.partnership import partnership_get

from .. import selectors
from ..filters import DecisionFilter
from ..forms.meetings import AttendancePeriodForm


@access.signed_in
def decision_log(request):
    context = list_page(request, DecisionFilter, selectors.decision_log(request.GET))
    return render(request, "accountability/meetings/decision_log.html", context)


def year_start(today: date, month: int) -> date:
    """The first day of the partnership's year that contains `today` (April 1st for the financial year)."""
    return date(today.year if today.month >= month else today.year - 1, month, 1)


@access.signed_in
def attendance_report(request):
    today = timezone.localdate()
    start = year_start(today, partnership_get().year_start_month or 4)
    form = AttendancePeriodForm(
        request.GET or None, default_start=start, default_end=today,
        initial={"start": start, "end": today, "by": "organisation"},
    )
    period_start, period_end, by = form.period()
    rows = selectors.attendance_rates(period_start, period_end, by=by)
    for row in rows:
        row["senior_delegate"] = row["delegate"] - row["delegate_not_senior"]
    return render(request, "accountability/meetings/attendance_report.html", {
        "form": form, "rows": rows,
        "start": period_start, "end": period_end, "by": by,
    })
