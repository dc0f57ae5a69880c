"""The parts of a meeting's pack, as a small registry: an ordered list of functions, each (meeting, reader) ->
[Part, ...], so that another part (the quarterly outcome report) registers itself without this module knowing
it. Each function reads what its reader may read and costs a fixed number of queries, whatever the data.

A Part is one entry of the pack's contents: a section the pack prints (html), a stored PDF it merges (pdf), or
a document it lists with its link (url: a paper in another format, a record with no stored PDF)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse

from accountability.models import BodyFunction, Function, Meeting, MeetingStatus
from challenge_log.models import Entry, Escalation
from challenge_log.selectors import visible_to
from plan.action_selectors import ratification_list

from .models import Summary, SummaryKind, SummaryReceipt, SummaryStatus, SummaryVersion
from .papers_selectors import papers_for


@dataclass
class Part:
    key: str
    title: str
    html: str = ""  # a section the pack prints
    pdf: object = None  # a stored PDF (a FieldFile) merged into the pack
    url: str = ""  # a document listed in the contents with its link
    restricted: bool = False
    note: str = ""  # one line for the pack's page: what the part holds ("3 reports", "none due")
    items: list = field(default_factory=list)  # what the pack's page lists under the part

    @property
    def is_pdf(self) -> bool:
        return self.pdf is not None

    @property
    def is_link(self) -> bool:
        return not self.pdf and bool(self.url)


PartFunction = Callable[[Meeting, object], list[Part]]
PARTS: list[PartFunction] = []


def register(function: PartFunction, *, first: bool = False) -> PartFunction:
    """Add a part to every pack: after those registered before it, or `first` (straight after the agenda)."""
    if function not in PARTS:
        PARTS.insert(0, function) if first else PARTS.append(function)
    return function


def _count(items, one: str, many: str, none: str) -> str:
    return none if not items else (one if len(items) == 1 else many.format(n=len(items)))


def _latest_versions():
    return Prefetch("summary__versions", queryset=SummaryVersion.objects.order_by("number"), to_attr="all_versions")


def _with_text(summaries) -> list[dict]:
    return [{"summary": s, "version": (s.all_versions[-1] if s.is_submitted and s.all_versions else None)}
            for s in summaries]


def yearly_reports(meeting: Meeting, user) -> list[Part]:
    """The yearly assurance reports due to this meeting (those whose due date falls before it: it is the
    receiving body's last of the year): the text of those submitted, the state of the others. Two queries."""
    reports = list(Summary.objects.filter(kind=SummaryKind.YEARLY, for_meeting=meeting).select_related("body")
                   .prefetch_related(Prefetch("versions", queryset=SummaryVersion.objects.order_by("number"),
                                              to_attr="all_versions"))
                   .order_by("body__name"))
    if not reports and not meeting.is_final_of_year:
        return []
    rows = _with_text(reports)
    title = "Yearly assurance reports"
    return [Part(key="yearly", title=title, items=rows,
                 note=_count(reports, "1 report due", "{n} reports due", "None due to this meeting"),
                 html=render_to_string("reporting/pack/part_summaries.html", {"title": title, "rows": rows,
                                       "empty": "No yearly assurance report is due to this meeting."}))]


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
            .exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at").only("pk", "starts_at").first())


def summaries_received(meeting: Meeting, user) -> list[Part]:
    """The summaries (after meetings, quarterly) the body received since its previous meeting, up to this one,
    with their text. Four queries."""
    before = previous_meeting(meeting)
    condition = Q(body_id=meeting.body_id, summary__status=SummaryStatus.SUBMITTED,
                  summary__submitted_on__lte=meeting.starts_at)
    if before is not None:
        condition &= Q(summary__submitted_on__gt=before.starts_at)
    receipts = list(SummaryReceipt.objects.filter(condition).exclude(summary__kind=SummaryKind.YEARLY)
                    .select_related("summary__body", "summary__meeting")
                    .prefetch_related(_latest_versions()).order_by("summary__body__name", "summary__submitted_on"))
    if not receipts:
        return []
    summaries = [r.summary for r in receipts]
    rows = _with_text(summaries)
    title = "Summaries received since the last meeting"
    return [Part(key="summaries", title=title, items=rows,
                 note=_count(summaries, "1 summary", "{n} summaries", ""),
                 html=render_to_string("reporting/pack/part_summaries.html", {"title": title, "rows": rows,
                                       "empty": ""}))]


def ratifications(meeting: Meeting, user) -> list[Part]:
    """For a meeting of the body that ratifies: the actions signed off and awaiting its ratification."""
    if not BodyFunction.objects.filter(body_id=meeting.body_id, function=Function.RATIFIES).exists():
        return []
    actions = ratification_list(user)
    title = "Actions for ratification"
    return [Part(key="ratification", title=title, items=actions,
                 note=_count(actions, "1 action", "{n} actions", "None awaiting ratification"),
                 html=render_to_string("reporting/pack/part_ratification.html", {"title": title,
                                                                                 "actions": actions}))]


def escalations(meeting: Meeting, user) -> list[Part]:
    """The log's entries escalated to the meeting's body, awaiting its decision or decided at this meeting; a
    restricted entry only for a reader who may read it, marked as such. One query (and the reader's seats)."""
    rows = list(Escalation.objects.filter(Q(outcome_on__isnull=True) | Q(meeting=meeting), to_body_id=meeting.body_id,
                                          entry__in=Entry.objects.filter(visible_to(user)))
                .select_related("entry", "entry__raised_by_body").order_by("created_on", "pk"))
    if not rows:
        return []
    title = "Escalated from the challenge and risk log"
    return [Part(key="escalations", title=title, items=rows, restricted=any(r.entry.restricted for r in rows),
                 note=_count(rows, "1 entry", "{n} entries", ""),
                 html=render_to_string("reporting/pack/part_escalations.html", {"title": title, "rows": rows}))]


def papers(meeting: Meeting, user) -> list[Part]:
    """The meeting's papers the reader may read, in agenda order: a stored PDF is merged, any other document
    (or a record with no stored PDF) listed with its link. One query."""
    parts = []
    for paper in papers_for(meeting, user).visible:
        if paper.is_pdf:
            parts.append(Part(key=f"paper-{paper.pk}", title=paper.title, pdf=paper.document,
                              restricted=paper.restricted, url=reverse("paper-document", args=[paper.pk])))
        elif paper.document:
            parts.append(Part(key=f"paper-{paper.pk}", title=paper.title, restricted=paper.restricted,
                              url=reverse("paper-document", args=[paper.pk])))
        else:
            parts.append(Part(key=f"paper-{paper.pk}", title=paper.title, restricted=paper.restricted, url=paper.url))
    return parts


for _part in (yearly_reports, summaries_received, ratifications, escalations, papers):
    register(_part)
