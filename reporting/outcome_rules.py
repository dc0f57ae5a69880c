"""Who reads and writes the quarterly outcome report (imported by reporting.rules, which django-rules discovers).

A draft (building, failed, draft, agreed) is a body record of the body that agrees it (the BPG): its members and
the business unit read it; the body that receives it sees that it exists, its state and quarter, on the list.
An issued report is a partnership record: every member reads it. The business unit builds, comments, edits the
narrative and issues; the business unit or a member of the agreeing body records its agreement (DESIGN.md:
decisions of the BPG are recorded by the BU or a member of that body)."""

import rules

from accountability.models import Function
from accountability.roles import roles_for
from accountability.rules import is_business_unit

AGREES = Function.AGREES_OUTCOME_REPORT


@rules.predicate
def sits_on_agreeing_body(user):
    return user.is_authenticated and bool(roles_for(user).bodies_holding({AGREES}))


@rules.predicate
def report_is_issued(user, report):
    return report is not None and report.state == "issued"


rules.add_perm("reporting.view_outcome_report",
               (rules.is_authenticated & report_is_issued) | sits_on_agreeing_body | is_business_unit)
rules.add_perm("reporting.build_outcome_report", is_business_unit)
rules.add_perm("reporting.edit_outcome_report", is_business_unit)
rules.add_perm("reporting.agree_outcome_report", is_business_unit | sits_on_agreeing_body)
rules.add_perm("reporting.issue_outcome_report", is_business_unit)
