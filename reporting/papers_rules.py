"""Who reads and who adds a meeting's papers.

A paper of a meeting is a partnership record (every signed-in member reads it) unless it is restricted.
DESIGN.md's list of who reads a restricted record is written for log entries (the body holding the log, the
raising body, the agency addressed); a paper has none of those, so a restricted paper is read by the business
unit, the Independent Chair, and the chair and members of the body whose meeting it is (a derived seat counts
as a seat). Papers are added, changed and withdrawn by the business unit, and by the chair of the body for its
own meeting's papers."""

import rules

from accountability.roles import roles_for
from accountability.rules import chairs_body, is_business_unit


def _meeting_body_id(paper) -> int:
    return paper.meeting.body_id


@rules.predicate
def paper_unrestricted(user, paper):
    return paper is not None and not paper.restricted


@rules.predicate
def is_independent_chair(user):
    return user.is_authenticated and roles_for(user).is_independent_chair


@rules.predicate
def sits_on_meeting_body(user, paper):
    return paper is not None and user.is_authenticated and roles_for(user).member_of(_meeting_body_id(paper))


def reads_restricted_papers_of(user, body_id: int) -> bool:
    """Whether `user` reads the restricted papers of the meetings of body `body_id`: the rule below, for a list
    (no query beyond the person's seats, read once a request)."""
    if not user.is_authenticated:
        return False
    roles = roles_for(user)
    return roles.is_business_unit or roles.is_independent_chair or roles.member_of(body_id)


rules.add_perm("reporting.view_paper", rules.is_authenticated & (
    paper_unrestricted | is_business_unit | is_independent_chair | sits_on_meeting_body))
# On a meeting, or on one of its papers.
rules.add_perm("reporting.manage_papers", is_business_unit | chairs_body)
