"""Small factories for the plan pages' tests, and an excerpt of Bradford's 2016-18 plan in its own words
(the YAML loader is tested elsewhere; these tests build what they need)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from plan.models import EvidenceItem, Outcome, Plan, PlanStatus, Priority, Target
from tests.factories import BodyFactory, BodyKindFactory, ThemeFactory


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Safeguarding plan {n}")
    first_year = 2016
    last_year = 2018
    status = PlanStatus.DRAFT


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    statement = factory.Sequence(lambda n: f"Priority statement {n}.")


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    priority = factory.SubFactory(PriorityFactory)
    code = factory.Sequence(lambda n: f"9.{n + 1}")
    order = factory.Sequence(lambda n: n + 1)
    statement = factory.Sequence(lambda n: f"Outcome statement {n}.")
    years = factory.LazyFunction(lambda: [2016, 2017, 2018])


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    outcome = factory.SubFactory(OutcomeFactory)
    text = factory.Sequence(lambda n: f"Target {n}")


class EvidenceItemFactory(DjangoModelFactory):
    class Meta:
        model = EvidenceItem
        skip_postgeneration_save = True

    outcome = factory.SubFactory(OutcomeFactory)
    text = factory.Sequence(lambda n: f"Evidence {n}")

    @factory.post_generation
    def bodies(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsible_bodies.set(extracted)


PRIORITY_1 = ("Ensure that the care and protection of all children in the Bradford District remains the highest "
              "priority while delivering the improvement programme")
FOCUS_1 = [
    "Scrutinise, challenge and evaluate the use and impact of the Threshold Document on decision making in "
    "Bradford.",
    "Evaluate and challenge multi-agency safeguarding performance on neglect.",
]
OUTCOME_1_2 = ("The BSCB neglect strategy will drive the improvements in practice around children living in "
               "neglectful families.")
TARGET_1_2_A = "January 2017: 60 neglect cases will be reviewed in CSS as part of the QA process."
TARGET_1_2_B = "Children subject to neglect challenge panel 27 April 2017"
EVIDENCE_1_2_A = "Evidence of progress on action plans arising from: 1. The neglect audit and challenge panel."
EVIDENCE_1_2_B = "2. Evaluation of the impact of the neglect training courses."
NARRATIVE_3 = ("The needs of particularly vulnerable groups will – from time-to-time – require specific attention.\n"
               "This is because the Board and its Sub-Groups will pay attention to such subjects through processes "
               "that are, in effect, \u201cbusiness as usual\u201d.")
DEVELOPMENTS_3 = [
    "Ensuring that the dataset used by the PMAE group captures the key indicators of risk to children.",
    "Similarly policies, procedures and protocols need to be monitored; it will all be overseen by the SAPP "
    "sub-group.",
    "The L&D sub-group will ensure that there is sufficient and suitable multi-agency training.",
]


def bradford_excerpt(status=PlanStatus.ACTIVE) -> dict:
    """The 2016-18 plan with priority 1 (its outcomes 1.2 and 1.4) and priority 3 (narrative and
    developments), outcome 1.2's targets and evidence paired with PMAE and L&D, tagged Neglect."""
    sub_group = BodyKindFactory(name="Sub group")
    pmae = BodyFactory(kind=sub_group, name="Performance Management, Audit and Evaluation sub group",
                       short_name="PMAE")
    ld = BodyFactory(kind=sub_group, name="Learning and Development sub group", short_name="L&D")
    neglect = ThemeFactory(name="Neglect")
    cse = ThemeFactory(name="Child sexual exploitation")
    plan = PlanFactory(
        title="Bradford Safeguarding Children Board Plan 2016-2018", status=status,
        vision="Strong and Effective Safeguarding Arrangements",
        introduction="The Board's first paragraph.\nThe Board's second paragraph.",
        outstanding_traits="Challenges partners robustly\nListens to children",
    )
    p1 = PriorityFactory(plan=plan, number=1, statement=PRIORITY_1, focus_areas="\n".join(FOCUS_1))
    p1.themes.set([neglect])
    p3 = PriorityFactory(plan=plan, number=3, statement="The high level risks are understood and targeted.",
                         narrative=NARRATIVE_3, business_as_usual="\n".join(DEVELOPMENTS_3))
    o12 = OutcomeFactory(priority=p1, code="1.2", order=2, statement=OUTCOME_1_2, years=[2016, 2017, 2018],
                         responsibility="1. PMAE sub group\n2. L&D sub group")
    o12.themes.set([neglect])
    o14 = OutcomeFactory(priority=p1, code="1.4", order=4, years=[2016], responsibility="CSE sub group",
                         statement="A map of therapeutic services for young people at risk of CSE is available.")
    o14.themes.set([cse])
    TargetFactory(outcome=o12, order=1, text=TARGET_1_2_A, due_date=datetime.date(2017, 1, 31))
    TargetFactory(outcome=o12, order=2, text=TARGET_1_2_B, due_date=datetime.date(2017, 4, 27))
    EvidenceItemFactory(outcome=o12, order=1, text=EVIDENCE_1_2_A, responsibility="1. PMAE sub group", bodies=[pmae])
    EvidenceItemFactory(outcome=o12, order=2, text=EVIDENCE_1_2_B, responsibility="2. L&D sub group", bodies=[ld])
    return {"plan": plan, "p1": p1, "p3": p3, "o12": o12, "o14": o14, "pmae": pmae, "ld": ld,
            "neglect": neglect, "cse": cse}
