"""The structure pages: organisations and their leads, bodies and their members, people.

Organisations and bodies are partnership records (every signed-in member reads them); changing
them, and reading people, is the business unit's (the `record` kind: a chair or an agency's lead
without the BU's role is refused)."""

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import Case, Scenario


def _date(prefix, day):
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def _structure():
    """A small partnership: an agency with a lead, a child agency, a sub group with a chair and a
    member, a BPG whose members include the sub group chairs, and a meeting."""
    import datetime

    from accountability.models import BodyFunction, Function, OrganisationLead
    from tests.factories import (
        BodyFactory,
        BodyKindFactory,
        MeetingFactory,
        MembershipFactory,
        OrganisationFactory,
        UserFactory,
    )

    police = OrganisationFactory(name="West Yorkshire Police", short_name="WYP", kind="police")
    OrganisationFactory(name="Bradford District Police", parent=police)
    lead = OrganisationLead.objects.create(
        organisation=police, person=UserFactory(full_name="Lee Lead"), start=datetime.date(2016, 4, 1)
    )
    sub_group = BodyKindFactory(name="Sub group", plural="Sub groups")
    bpg = BodyFactory(
        name="Business Planning Group", short_name="BPG", kind=BodyKindFactory(name="BPG"),
        seats_for_chairs_of=sub_group, purpose="Monitors the sub groups\nApproves action plans",
    )
    BodyFunction.objects.create(body=bpg, function=Function.MONITORS)
    body = BodyFactory(
        name="Performance Management and Evaluation", short_name="PMAE", kind=sub_group, reports_to=bpg,
        owes_summaries=True, purpose="- Scrutinise the data\n- Report to the BPG",
    )
    BodyFunction.objects.create(body=body, function=Function.RECEIVES_SUMMARIES)
    chair = MembershipFactory(body=body, role="chair", organisation=police)
    member = MembershipFactory(body=body, role="member", organisation=police)
    MeetingFactory(body=body)
    return {"police": police, "lead": lead, "bpg": bpg, "body": body, "chair": chair, "member": member}


def _reader():
    from tests.factories import business_unit

    records = _structure()
    return records, business_unit()


def _organisation_list():
    from tests.factories import BodyFactory, member_of

    _reader()
    return Scenario(allowed=member_of(BodyFactory()))


def _organisation_detail():
    records, _bu = _reader()
    return Scenario(kwargs={"pk": records["police"].pk}, allowed=records["member"].person)


def _organisation_create():
    from accountability.models import Organisation

    records, bu = _reader()
    return Scenario(
        allowed=bu, refused=records["lead"].person,
        post_data={"name": "Bradford Council", "short_name": "CBMDC", "sector": "statutory",
                   "kind": "local_authority", "parent": ""},
        state=lambda: sorted(Organisation.objects.values_list("name", flat=True)),
    )


def _organisation_edit():
    from accountability.models import Organisation

    records, bu = _reader()
    police = records["police"]
    return Scenario(
        kwargs={"pk": police.pk}, allowed=bu, refused=records["lead"].person,
        post_data={"name": "West Yorkshire Police Service", "short_name": "WYP", "sector": "statutory",
                   "kind": "police", "parent": ""},
        state=lambda: Organisation.objects.get(pk=police.pk).name,
    )


def _organisation_lead_add():
    import datetime

    from accountability.models import OrganisationLead
    from tests.factories import UserFactory

    records, bu = _reader()
    police = records["police"]
    deputy = UserFactory(full_name="Dee Deputy")
    return Scenario(
        kwargs={"pk": police.pk}, allowed=bu, refused=records["lead"].person,
        post_data={"person": str(deputy.pk), "role": "deputy", **_date("start", datetime.date(2017, 1, 9)),
                   "end_0": "", "end_1": "", "end_2": ""},
        state=lambda: sorted(OrganisationLead.objects.filter(organisation=police).values_list("person_id", flat=True)),
    )


def _organisation_lead_end():
    import datetime

    from accountability.models import OrganisationLead

    records, bu = _reader()
    lead = records["lead"]
    return Scenario(
        kwargs={"pk": lead.pk}, allowed=bu, refused=lead.person,
        post_data=_date("end", datetime.date(2026, 3, 31)),
        state=lambda: OrganisationLead.objects.get(pk=lead.pk).end,
    )


def _body_list():
    records, _bu = _reader()
    return Scenario(allowed=records["lead"].person)


def _body_detail():
    records, _bu = _reader()
    return Scenario(kwargs={"pk": records["bpg"].pk}, allowed=records["member"].person)


def _body_post_data(kind, **overrides):
    import datetime

    data = {
        "kind": str(kind.pk), "name": "Learning and Development", "short_name": "L&D",
        "purpose": "Training for the workforce", "terms_of_reference": "", "membership_rule": "",
        "seats_for_chairs_of": "", "reports_to": "", "meeting_cadence_weeks": "8",
        "owes": ["owes_summaries", "owes_quarterly_summaries"], "functions": ["receives_summaries"],
        **_date("active_from", datetime.date(2016, 4, 1)), "active_to_0": "", "active_to_1": "", "active_to_2": "",
    }
    data.update(overrides)
    return data


def _body_create():
    from accountability.models import Body

    records, bu = _reader()
    return Scenario(
        allowed=bu, refused=records["chair"].person,
        post_data=_body_post_data(records["body"].kind),
        state=lambda: sorted(Body.objects.values_list("name", flat=True)),
    )


def _body_edit():
    from accountability.models import Body

    records, bu = _reader()
    body = records["body"]
    return Scenario(
        kwargs={"pk": body.pk}, allowed=bu, refused=records["chair"].person,
        post_data=_body_post_data(body.kind, name="Performance Management, Audit and Evaluation",
                                  short_name="PMAE", reports_to=str(records["bpg"].pk)),
        state=lambda: Body.objects.values_list("name", "owes_quarterly_summaries").get(pk=body.pk),
    )


def _body_membership_add():
    import datetime

    from accountability.models import Membership
    from tests.factories import UserFactory

    records, bu = _reader()
    body = records["body"]
    newcomer = UserFactory(full_name="Nia Newcomer")
    return Scenario(
        kwargs={"pk": body.pk}, allowed=bu, refused=records["chair"].person,
        post_data={"person": str(newcomer.pk), "role": "member", "organisation": str(records["police"].pk),
                   **_date("start", datetime.date(2017, 1, 9)), "end_0": "", "end_1": "", "end_2": ""},
        state=lambda: sorted(Membership.objects.filter(body=body).values_list("person_id", flat=True)),
    )


def _membership_end():
    import datetime

    from accountability.models import Membership

    records, bu = _reader()
    member = records["member"]
    return Scenario(
        kwargs={"pk": member.pk}, allowed=bu, refused=records["chair"].person,
        post_data=_date("end", datetime.date(2026, 3, 31)),
        state=lambda: Membership.objects.get(pk=member.pk).end,
    )


def _person_list():
    records, bu = _reader()
    return Scenario(allowed=bu, refused=records["chair"].person)


def _person_detail():
    records, bu = _reader()
    return Scenario(kwargs={"pk": records["chair"].person_id}, allowed=bu, refused=records["lead"].person)


def _person_history():
    """A person's history with a change in it: their name and job title edited since they were added."""
    records, bu = _reader()
    person = records["chair"].person
    person.job_title = "Head of Safeguarding"
    person.save()
    return Scenario(kwargs={"pk": person.pk}, allowed=bu, refused=records["lead"].person)


CASES: dict[str, Case] = {
    "organisation-list": Case(SIGNED_IN, setup=_organisation_list),
    "organisation-detail": Case(SIGNED_IN, setup=_organisation_detail),
    "organisation-create": Case(RECORD, setup=_organisation_create, post=True, post_status=302),
    "organisation-edit": Case(RECORD, setup=_organisation_edit, post=True, post_status=302),
    "organisation-lead-add": Case(RECORD, setup=_organisation_lead_add, post=True, post_status=302),
    "organisation-lead-end": Case(RECORD, setup=_organisation_lead_end, post=True, post_status=302),
    "body-list": Case(SIGNED_IN, setup=_body_list),
    "body-detail": Case(SIGNED_IN, setup=_body_detail),
    "body-create": Case(RECORD, setup=_body_create, post=True, post_status=302),
    "body-edit": Case(RECORD, setup=_body_edit, post=True, post_status=302),
    "body-membership-add": Case(RECORD, setup=_body_membership_add, post=True, post_status=302),
    "membership-end": Case(RECORD, setup=_membership_end, post=True, post_status=302),
    "person-list": Case(RECORD, setup=_person_list),
    "person-detail": Case(RECORD, setup=_person_detail),
    "person-history": Case(RECORD, setup=_person_history),
}
