"""The plan: every signed-in member reads it; the business unit keeps it (perm plan.manage_plan).

The refused user is the chair of a sub group the plan names as responsible (PMAE): being named in
the plan gives no right to change it."""

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import Case, Invalid, Scenario


def _plan(status="active"):
    from tests.factories import business_unit, member_of
    from tests.plan.factories import bradford_excerpt

    made = bradford_excerpt(status=status)
    made["bu"] = business_unit()
    made["refused"] = member_of(made["pmae"], role="chair")
    return made


def _values(model, pk, *fields):
    return lambda: model.objects.filter(pk=pk).values(*fields).first()


def _reader(key=None):
    def setup():
        made = _plan()
        # The business unit sees the most of each page (its buttons and history links) for the axe sweep.
        return Scenario(kwargs={"pk": made[key].pk} if key else {}, allowed=made["bu"])

    return setup


def _member_redirect():
    from tests.factories import BodyFactory, member_of

    _plan()
    return Scenario(allowed=member_of(BodyFactory()))


def _plan_create():
    from plan.models import Plan

    made = _plan()
    return Scenario(
        allowed=made["bu"], refused=made["refused"],
        post_data={"title": "Safeguarding plan 2019 to 2021", "first_year": "2019", "last_year": "2021",
                   "vision": "", "introduction": "", "outstanding_traits": ""},
        state=lambda: sorted(Plan.objects.values_list("title", flat=True)),
    )


def _plan_edit():
    from plan.models import Plan

    made = _plan()
    plan = made["plan"]
    return Scenario(
        kwargs={"pk": plan.pk}, allowed=made["bu"], refused=made["refused"],
        post_data={"title": plan.title, "first_year": "2016", "last_year": "2018", "vision": "A new vision.",
                   "introduction": plan.introduction, "outstanding_traits": plan.outstanding_traits},
        state=_values(Plan, plan.pk, "title", "vision", "introduction"),
    )


def _plan_copy():
    from plan.models import Plan

    made = _plan()
    return Scenario(
        kwargs={"pk": made["plan"].pk}, allowed=made["bu"], refused=made["refused"],
        post_data={"title": "Safeguarding plan 2019 to 2021", "first_year": "2019", "last_year": "2021"},
        state=lambda: sorted(Plan.objects.values_list("title", "status")),
    )


def _plan_activate():
    from plan.models import Plan
    from tests.plan.factories import PlanFactory

    made = _plan()
    draft = PlanFactory(title="Safeguarding plan 2019 to 2021", first_year=2019, last_year=2021)
    return Scenario(
        kwargs={"pk": draft.pk}, allowed=made["bu"], refused=made["refused"],
        state=lambda: sorted(Plan.objects.values_list("pk", "status")),
    )


def _activated_meanwhile(scenario):
    """Put in force by someone else after the page opened: the button is then refused."""
    from plan.models import Plan
    from plan.services import plan_activate

    plan_activate(plan=Plan.objects.get(pk=scenario.kwargs["pk"]), by=scenario.allowed)


def _priority_form(edit: bool):
    def setup():
        from plan.models import Priority

        made = _plan()
        priority, plan = made["p3"], made["plan"]
        return Scenario(
            kwargs={"pk": priority.pk if edit else plan.pk}, allowed=made["bu"], refused=made["refused"],
            post_data={"number": "3" if edit else "2", "title": "", "statement": "By ensuring strong arrangements.",
                       "focus_areas": "Develop a communication strategy.", "narrative": "", "business_as_usual": "",
                       "themes": [made["neglect"].pk]},
            state=lambda: sorted(Priority.objects.filter(plan=plan).values_list("number", "statement")),
        )

    return setup


def _outcome_form(edit: bool):
    def setup():
        from plan.models import Outcome

        made = _plan()
        priority, outcome = made["p1"], made["o12"]
        return Scenario(
            kwargs={"pk": outcome.pk if edit else priority.pk}, allowed=made["bu"], refused=made["refused"],
            post_data={"code": "1.2" if edit else "1.3", "order": "3", "statement": "The Board is assured.",
                       "years": ["2016", "2017"], "responsibility": "PMAE sub group", "themes": [made["neglect"].pk]},
            state=lambda: sorted(Outcome.objects.filter(priority=priority).values_list("code", "statement", "years")),
        )

    return setup


def _target_form(edit: bool):
    def setup():
        from plan.models import Target

        made = _plan()
        outcome = made["o12"]
        target = outcome.targets.first()
        return Scenario(
            kwargs={"pk": target.pk if edit else outcome.pk}, allowed=made["bu"], refused=made["refused"],
            post_data={"text": "Report to June 2017 Board meeting", "due_date_0": "30", "due_date_1": "6",
                       "due_date_2": "2017"},
            state=lambda: sorted(Target.objects.filter(outcome=outcome).values_list("text", "due_date")),
        )

    return setup


def _evidence_form(edit: bool):
    def setup():
        from plan.models import EvidenceItem

        made = _plan()
        outcome = made["o12"]
        item = outcome.evidence.first()
        return Scenario(
            kwargs={"pk": item.pk if edit else outcome.pk}, allowed=made["bu"], refused=made["refused"],
            post_data={"text": "Re-audit of neglect cases.", "responsibility": "PMAE sub group",
                       "responsible_bodies": [made["pmae"].pk, made["ld"].pk]},
            state=lambda: sorted(EvidenceItem.objects.filter(outcome=outcome).values_list("text", "responsibility")),
        )

    return setup


CASES = {
    "plan-current": Case(SIGNED_IN, setup=_member_redirect, get_status=302, html=False),
    "plan-list": Case(SIGNED_IN, setup=_reader()),
    "plan-detail": Case(SIGNED_IN, setup=_reader("plan")),
    "priority-detail": Case(SIGNED_IN, setup=_reader("p1")),
    "outcome-detail": Case(SIGNED_IN, setup=_reader("o12")),
    "plan-create": Case(RECORD, setup=_plan_create, post=True, post_status=302),
    "plan-edit": Case(RECORD, setup=_plan_edit, post=True, post_status=302),
    "plan-copy": Case(RECORD, setup=_plan_copy, post=True, post_status=302),
    "plan-activate": Case(RECORD, setup=_plan_activate, post=True, post_status=302,
                          invalid=Invalid(meanwhile=_activated_meanwhile)),
    "priority-create": Case(RECORD, setup=_priority_form(False), post=True, post_status=302),
    "priority-edit": Case(RECORD, setup=_priority_form(True), post=True, post_status=302),
    "outcome-create": Case(RECORD, setup=_outcome_form(False), post=True, post_status=302),
    "outcome-edit": Case(RECORD, setup=_outcome_form(True), post=True, post_status=302),
    "target-create": Case(RECORD, setup=_target_form(False), post=True, post_status=302),
    "target-edit": Case(RECORD, setup=_target_form(True), post=True, post_status=302),
    "evidence-create": Case(RECORD, setup=_evidence_form(False), post=True, post_status=302),
    "evidence-edit": Case(RECORD, setup=_evidence_form(True), post=True, post_status=302),
}
