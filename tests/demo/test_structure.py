"""The demo is Bradford's structure as its 2016-18 plan describes it, loaded with `load_demo`."""

import pytest

from accountability.models import (
    CHAIR_ROLES,
    Body,
    Function,
    LeadRole,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationLead,
    Role,
    User,
)
from accountability.roles import roles_for
from accountability.selectors import bodies_with_function, body_with_function, chair_of, current_members
from bscb.models import Theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

PASSWORD = "demo-governance-2026"
SUB_GROUPS = {"PMAE", "L&D", "CSE", "SAPP", "DAG", "JTAI"}

# The plan's vulnerable groups and high level risks ("page 7"), word for word, and the three
# themes its priorities name.
PLAN_THEMES = [
    "Online Safety - grooming, sexting and cyber bullying",
    "Grooming and exploitation of children through gangs, radicalisation, sexual abuse and trafficking",
    "Prevention and disruption strategies to address the perpetration of abuse and exploitation",
    "Motivation of children who go missing",
    "Misuse of substances",
    "Female genital mutilation",
    "Forced marriage",
    "Disabled children",
    "Neglect",
    "Domestic abuse",
    "Child sexual exploitation",
]


def body(short_name):
    return Body.objects.get(short_name=short_name)


def user(prefix):
    return User.objects.get(email=f"{prefix}@bscb.example.org")


def functions(short_name):
    return set(body(short_name).functions.values_list("function", flat=True))


def test_every_theme_from_the_plan_is_loaded():
    assert set(PLAN_THEMES) <= set(Theme.objects.values_list("name", flat=True))


def test_the_business_planning_group_monitors_approves_signs_off_holds_the_log_and_receives_reports():
    for function in [Function.MONITORS, Function.APPROVES_PLANS, Function.SIGNS_OFF_ACTIONS, Function.HOLDS_LOG]:
        assert body_with_function(function).short_name == "BPG"
    assert functions("BPG") == {
        Function.MONITORS, Function.APPROVES_PLANS, Function.SIGNS_OFF_ACTIONS, Function.HOLDS_LOG,
        Function.RECEIVES_QUARTERLY, Function.RECEIVES_SUMMARIES, Function.AGREES_OUTCOME_REPORT,
    }
    assert [b.short_name for b in bodies_with_function(Function.RECEIVES_QUARTERLY)] == ["BPG"]
    # The plan's 2.3: summaries go to the BPG and the Board.
    assert {b.short_name for b in bodies_with_function(Function.RECEIVES_SUMMARIES)} == {"BPG", "BSCB"}


def test_the_board_ratifies_and_receives_summaries_yearly_reports_and_the_outcome_report():
    assert body_with_function(Function.RATIFIES).short_name == "BSCB"
    assert functions("BSCB") == {
        Function.RATIFIES, Function.RECEIVES_SUMMARIES, Function.RECEIVES_YEARLY, Function.RECEIVES_OUTCOME_REPORT,
    }
    assert body("BSCB").reports_to is None
    assert body("BPG").reports_to == body("BSCB")


def test_the_business_unit_is_the_business_unit():
    unit = body_with_function(Function.BUSINESS_UNIT)
    assert unit.short_name == "BU"
    assert functions("BU") == {Function.BUSINESS_UNIT}
    purpose = unit.purpose.splitlines()
    assert len(purpose) == 4
    assert "To manage the challenge/risk log and ensure it is updated as required." in purpose


def test_the_sub_groups_are_those_the_plan_names_and_each_owes_all_three():
    sub_groups = Body.objects.filter(kind__name="Sub group")
    assert {b.short_name for b in sub_groups} == SUB_GROUPS
    for sub_group in sub_groups:
        assert (sub_group.owes_summaries, sub_group.owes_quarterly_summaries, sub_group.owes_yearly_assurance) == (
            True, True, True), sub_group
        assert sub_group.reports_to == body("BPG")
        assert sub_group.meeting_cadence_weeks == 8  # bi-monthly
        assert not sub_group.functions.exists()
        assert sub_group.purpose.splitlines()[0] == (
            "To fulfil the activity assigned to the sub group under the BSCB Business Plan or subsequent tasks set "
            "by the BPG or the Board"
        )
    for other in Body.objects.exclude(kind__name="Sub group"):
        assert not (other.owes_summaries or other.owes_quarterly_summaries or other.owes_yearly_assurance), other


def test_the_task_and_finish_group_maps_therapeutic_services_for_the_cse_sub_group():
    group = Body.objects.get(kind__name="Task and finish group")
    assert group.reports_to == body("CSE")
    assert "map of therapeutic services" in group.purpose


def test_purposes_and_membership_rules_are_the_plans_words():
    board, bpg = body("BSCB"), body("BPG")
    assert board.purpose.splitlines()[0] == (
        "To contribute to the decision making of the Board in making local safeguarding arrangements"
    )
    assert len(board.purpose.splitlines()) == 9
    assert "Senior leads from partner agencies" in board.membership_rule
    assert "Chairs of the BSCB sub groups and other invited members" in bpg.membership_rule
    assert len(bpg.purpose.splitlines()) == 9
    assert "Accountability: Members are authorised to approve action plans" in bpg.terms_of_reference


def test_the_bpgs_members_are_derived_from_every_sub_groups_chair():
    bpg = body("BPG")
    assert bpg.seats_for_chairs_of.name == "Sub group"
    members = current_members(bpg)
    derived = {m.person for m in members if m.derived}
    chairs = {chair_of(sub_group) for sub_group in Body.objects.filter(kind__name="Sub group")}
    assert None not in chairs and len(chairs) == len(SUB_GROUPS)
    assert chairs <= {m.person for m in members}
    assert chairs == derived  # no sub group chair was seated by hand


def test_a_change_of_chair_moved_the_bpg_seat_with_no_hand_edit():
    """L&D's chair changed hands: the old chair's term ended, and the BPG seats the new one."""
    learning = body("L&D")
    ended = Membership.objects.get(body=learning, role=Role.CHAIR, end__isnull=False)
    new_chair = chair_of(learning)
    assert new_chair != ended.person
    seated = {m.person for m in current_members(body("BPG"))}
    assert new_chair in seated and ended.person not in seated
    assert ended.person in {m.person for m in current_members(body("BPG"), ended.end)}


def test_the_board_is_led_by_an_independent_chair_who_also_chairs_the_bpg():
    chair = chair_of(body("BSCB"))
    assert Membership.objects.get(body__short_name="BSCB", person=chair).role == Role.INDEPENDENT_CHAIR
    assert chair_of(body("BPG")) == chair


def test_every_body_has_a_chair_and_six_to_twelve_members_besides():
    for each in Body.objects.exclude(short_name="BU"):
        members = current_members(each)
        assert chair_of(each) is not None, each
        others = [m for m in members if m.role not in CHAIR_ROLES]
        assert 5 <= len(others) <= 12, (each, len(others))
    officers = current_members(body("BU"))
    assert len(officers) >= 5 and {m.role for m in officers} == {Role.BUSINESS_UNIT_OFFICER}


def test_the_demo_users_hold_what_their_job_titles_say():
    officer, chair, board_member, lead, admin = (
        user(p) for p in ["bu.officer", "subgroup.chair", "board.member", "agency.lead", "admin"]
    )
    assert roles_for(officer).is_business_unit
    assert Membership.objects.filter(person=officer, body__short_name="BU", role=Role.BUSINESS_UNIT_OFFICER).exists()

    chair_roles = roles_for(chair)
    assert chair_of(body("PMAE")) == chair and chair_roles.chairs(body("PMAE").pk)
    assert chair_roles.member_of(body("BPG").pk)  # derived: the BPG is the sub group chairs
    assert not chair_roles.is_business_unit

    assert roles_for(board_member).member_of(body("BSCB").pk)
    assert not roles_for(board_member).is_business_unit

    lead_roles = roles_for(lead)
    assert lead_roles.lead_organisation_ids
    assert OrganisationLead.objects.get(person=lead).role == LeadRole.LEAD
    assert not lead_roles.member_body_ids and not lead_roles.is_business_unit

    assert admin.is_staff and admin.is_superuser
    for person in [officer, chair, board_member, lead, admin]:
        assert person.check_password(PASSWORD), person


def test_the_fictional_people_are_at_example_org_and_cannot_sign_in():
    demo_sign_ins = User.objects.filter(email__endswith="@bscb.example.org")
    others = User.objects.exclude(pk__in=demo_sign_ins)
    assert others.count() >= 40
    for person in others:
        assert person.email.endswith("@example.org"), person.email
        assert not person.has_usable_password(), person


def test_bradfords_kinds_of_partner_agency_each_have_a_lead_and_a_deputy():
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.POLICE, OrganisationKind.HEALTH,
            OrganisationKind.EDUCATION, OrganisationKind.PROBATION, OrganisationKind.CAFCASS,
            OrganisationKind.VOLUNTARY} <= kinds
    assert Organisation.objects.get(name__endswith="Children's Services").parent.name == (
        "City of Bradford Metropolitan District Council"
    )
    for organisation in Organisation.objects.all():
        roles = set(organisation.leads.values_list("role", flat=True))
        assert roles == {LeadRole.LEAD, LeadRole.DEPUTY}, organisation


def test_everything_was_recorded_by_the_business_unit_officer_with_history():
    """But for what the administrator set up first, as in a new deployment: the business unit and the
    officer's seat on it (the officer then holds the right to keep the structure, through the services)."""
    officer, administrator = user("bu.officer"), user("admin")
    unit = body("BU")
    assert unit.created_by == administrator
    assert set(Body.objects.exclude(pk=unit.pk).values_list("created_by", flat=True)) == {officer.pk}
    seat = Membership.objects.get(body=unit, person=officer)
    assert seat.created_by == administrator
    assert set(Membership.objects.exclude(pk=seat.pk).values_list("created_by", flat=True)) == {officer.pk}
    assert unit.modified_by == officer  # the officer completed it (where it reports to)
    assert body("BPG").history.exists()
