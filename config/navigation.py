"""The header's few sections and the pages inside the one the reader is in.

In the project package because it names pages of every app. Eleven items on one bar wrapped onto
two lines and made a keyboard user tab through all of them before every page; a handful of
sections fits one line at 1024 pixels, and each section's own pages sit in a sub-navigation
under the header, only inside that section.
"""

from dataclasses import dataclass, field
from functools import cache

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    # Paths, besides the link's own, whose pages belong to it (a meeting's page to "Meetings").
    also: tuple[str, ...] = ()
    # The permission the page itself asks for, when not every signed-in member may open it: the link is
    # drawn from the same rule (an administrator may open every page, so she sees every link).
    perm: str = ""


@dataclass(frozen=True)
class Section:
    label: str
    links: tuple[Link, ...] = field(default_factory=tuple)
    url_name: str = ""  # where the section's own link goes; its first link when not given


SECTIONS = (
    Section("Home", url_name="home"),
    Section("Plan", (
        Link("Plan", "plan-current", also=("/plans/", "/priorities/", "/outcomes/", "/targets/", "/evidence/")),
        Link("Themes", "theme-list"),
        Link("Action plans", "action-plan-list", also=("/action-plans/",)),
        Link("Actions", "action-list"),
    )),
    Section("Meetings", (
        Link("Meetings", "meeting-list"),
        Link("Decisions", "decision-log"),
        Link("Attendance", "attendance-report"),
    )),
    Section("Reports", (
        Link("Summaries", "summary-list"),
        Link("Quarterly", "quarterly-overview"),
        Link("Yearly", "yearly-overview"),
        Link("Outcome reports", "outcome-report-list", also=("/outcome-reports/",)),
        Link("What is due", "due-list", perm="reporting.view_due"),
        Link("Calendar", "calendar"),
    )),
    Section("Log", (
        Link("Challenge and risk log", "entry-list"),
        Link("Challenges to you", "agency-challenges"),
        Link("The log's queue", "log-queue", perm="challenge_log.escalate"),
        Link("Escalated", "escalated-list"),
        Link("Heat map", "log-heat-map"),
        Link("Quarter's outcomes", "log-quarter-current", also=("/log/quarters/",)),
    )),
    Section("Structure", (
        Link("Bodies", "body-list", also=("/memberships/",)),
        Link("Organisations", "organisation-list", also=("/organisation-leads/",)),
        Link("People", "person-list", perm="accountability.view_people"),
    )),
    Section("Notices", url_name="notice-list"),
)


def _belongs(path: str, href: str, also: tuple[str, ...]) -> bool:
    if href == "/":
        return path == "/"
    return path.startswith(href) or any(path.startswith(prefix) for prefix in also)


@cache
def _resolved() -> list[tuple[Section, str, list[tuple[Link, str]]]]:
    """Each section with its address and its links' addresses: the URLs do not change while the
    process runs, so they are reversed once, not on every page."""
    resolved = []
    for section in SECTIONS:
        links = [(link, reverse(link.url_name)) for link in section.links]
        resolved.append((section, reverse(section.url_name) if section.url_name else links[0][1], links))
    return resolved


def navigation(request):
    """Context processor: `nav_sections` for the header, `nav_links` for the section the reader is in."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    path = request.path
    sections, links = [], []
    for section, href, section_links in _resolved():
        items = [{"label": link.label, "href": link_href, "active": _belongs(path, link_href, link.also)}
                 for link, link_href in section_links
                 if not link.perm or user.has_perm(link.perm)]
        active = any(item["active"] for item in items) or (not items and _belongs(path, href, ()))
        sections.append({"label": section.label, "href": href, "active": active, "current": path == href})
        if active and len(items) > 1:
            links = items
    return {"nav_sections": sections, "nav_links": links}
