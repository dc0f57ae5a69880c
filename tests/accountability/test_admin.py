"""The Django admin: every model of the structure and its meetings, with history; saves record who
made them; its forms refuse what the services refuse; lists answer in a fixed number of queries."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from accountability import services
from accountability.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyFunction,
    BodyKind,
    ChildrensVoice,
    Decision,
    Function,
    Meeting,
    MeetingStatus,
    Membership,
    Organisation,
    OrganisationLead,
    User,
)
from bscb.models import Redaction, Theme
from tests.factories import (
    BodyFactory,
    BodyKindFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

APPS = ("accountability", "bscb")
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry if model._meta.app_label in APPS
)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, full_name="Ada Administrator")


@pytest.fixture
def su_client(client_for, superuser):
    return client_for(superuser)


def one_of_each():
    """A record of every registered model of the two apps."""
    meeting = MeetingFactory(status=MeetingStatus.HELD)
    person = MembershipFactory(body=meeting.body).person
    decision = Decision.objects.create(meeting=meeting, text="Agreed.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
                                       not_applicable_reason="Housekeeping.")
    decision.themes.add(ThemeFactory())
    OrganisationLead.objects.create(organisation=OrganisationFactory(), person=person)
    BodyFunction.objects.create(body=meeting.body, function=Function.HOLDS_LOG)
    AgendaItem.objects.create(meeting=meeting, title="Apologies")
    Attendance.objects.create(meeting=meeting, person=person, status="present")
    Redaction.objects.create(content_type=ContentType.objects.get_for_model(Decision), object_id=decision.pk,
                             field="text", replacement="[redacted]", reason="A name", redacted_by=person,
                             occurrences=2)
    from bscb.models import FormSubmission, Partnership, WorkerHeartbeat

    FormSubmission.objects.create(token="a-form-token-of-the-admin-test", user=person, location="/themes/")

    Partnership.objects.create(name="Bradford Safeguarding Children Board", short_name="BSCB", area="Bradford")
    WorkerHeartbeat.objects.create(name="heartbeat", last_beat=timezone.now())


def test_every_model_of_the_two_apps_is_in_the_admin():
    from django.apps import apps

    models = {
        (m._meta.app_label, m._meta.model_name) for app in APPS for m in apps.get_app_config(app).get_models()
        if not m._meta.model_name.startswith("historical")  # django-simple-history's own tables
    }
    assert models - set(REGISTERED) == set()


def test_every_model_with_history_shows_it_in_the_admin():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in APPS and hasattr(model, "history"):
            assert isinstance(model_admin, SimpleHistoryAdmin), model


def test_the_admin_configuration_passes_djangos_checks():
    assert [str(e) for e in checks.run_checks(tags=[checks.Tags.admin])] == []


@pytest.mark.parametrize("app_label, model_name", REGISTERED)
def test_every_changelist_and_add_page_opens(su_client, app_label, model_name):
    one_of_each()
    model_admin = next(a for m, a in admin.site._registry.items()
                       if (m._meta.app_label, m._meta.model_name) == (app_label, model_name))
    model = model_admin.model
    assert su_client.get(url(model, "changelist")).status_code == 200
    assert su_client.get(url(model, "changelist") + "?q=a").status_code == 200
    request = type("Request", (), {"user": User.objects.get(is_superuser=True)})()
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert su_client.get(url(model, "add")).status_code == expected
    record = model.objects.first()
    assert su_client.get(url(model, "change", record.pk)).status_code == 200
    if isinstance(model_admin, SimpleHistoryAdmin):
        history = su_client.get(url(model, "history", record.pk))
        assert history.status_code == 200
        version = model.history.filter(id=record.pk).latest()
        assert su_client.get(url(model, "simple_history", record.pk, version.history_id)).status_code == 200


# Configuration with no rule of its own, kept in the admin as it stands.
CONFIGURATION = {"accountability.User", "accountability.BodyKind", "bscb.Partnership", "bscb.WorkerHeartbeat",
                 "bscb.Redaction", "bscb.FormSubmission", "plan.ActionSettings"}


def test_every_admin_that_writes_a_governance_record_saves_through_the_services():
    """Every admin (and inline) of a record with service rules says which services make and change it,
    so an admin save takes the rights, checks and locks the pages take; a new one fails here until it does."""
    from bscb.admin import ServiceSaves, StampedAdmin

    request = type("Request", (), {"user": UserFactory.build(is_staff=True, is_superuser=True, is_active=True)})()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("accountability", "bscb", "plan", "reporting"):
            continue
        label = model._meta.label
        writes = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
        if label in CONFIGURATION or not writes:
            continue
        assert isinstance(model_admin, StampedAdmin), label
        for name in ("service_create", "service_update"):
            if name == "service_update" and not model_admin.has_change_permission(request, model()):
                continue
            if name == "service_create" and not model_admin.has_add_permission(request):
                continue  # a one-row setting is made after migrate, never added here
            assert getattr(type(model_admin), name) is not getattr(ServiceSaves, name), (label, name)
        for inline in model_admin.get_inline_instances(request):
            assert isinstance(inline, ServiceSaves), (label, type(inline).__name__)
            overrides = {name for name in ("service_create", "service_update", "service_save_formset")
                         if getattr(type(inline), name) is not getattr(ServiceSaves, name)}
            assert overrides >= {"service_create", "service_update"} or "service_save_formset" in overrides, (
                label, type(inline).__name__)


def test_the_redaction_audit_is_read_only(su_client, superuser):
    one_of_each()
    redaction = Redaction.objects.get()
    assert su_client.get(url(Redaction, "add")).status_code == 403
    assert su_client.post(url(Redaction, "change", redaction.pk), {"reason": "Changed"}).status_code == 403
    assert su_client.post(url(Redaction, "delete", redaction.pk), {"post": "yes"}).status_code == 403
    assert Redaction.objects.get().reason == "A name"
    assert "A name" in su_client.get(url(Redaction, "change", redaction.pk)).content.decode()


def test_governance_records_are_not_deleted_here(su_client):
    one_of_each()
    for model in (Organisation, Body, Membership, Meeting, Attendance, Decision, Theme):
        record = model.objects.first()
        assert su_client.post(url(model, "delete", record.pk), {"post": "yes"}).status_code == 403, model
        assert model.objects.filter(pk=record.pk).exists()


def action(name, *records):
    return {"action": name, "_selected_action": [r.pk for r in records], "index": "0"}


def management(prefix, total=0, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


class TestSavesRecordWho:
    def test_an_organisation_and_its_lead_added_here_name_who_added_them(self, su_client, superuser):
        person = UserFactory()
        response = su_client.post(url(Organisation, "add"), {
            "name": "Bradford Council", "short_name": "CBMDC", "sector": "statutory", "kind": "local_authority",
            "parent": "", **management("leads", total=1),
            "leads-0-person": person.pk, "leads-0-role": "lead", "leads-0-start": "01/04/2017", "leads-0-end": "",
        })
        assert response.status_code == 302, response.content.decode()
        organisation = Organisation.objects.get(name="Bradford Council")
        lead = organisation.leads.get()
        assert (organisation.created_by, organisation.modified_by) == (superuser, superuser)
        assert (lead.person, lead.created_by, lead.modified_by) == (person, superuser, superuser)
        assert organisation.history.get().history_user == superuser
        assert lead.history.get().history_user == superuser

    def test_a_change_keeps_who_created_it_and_records_who_changed_it(self, su_client, superuser):
        creator = UserFactory()
        theme = Theme.objects.create(name="Neglect", created_by=creator, modified_by=creator)
        response = su_client.post(url(Theme, "change", theme.pk), {"name": "Neglect", "description": "Added."})
        assert response.status_code == 302
        theme.refresh_from_db()
        assert (theme.description, theme.created_by, theme.modified_by) == ("Added.", creator, superuser)
        assert theme.history.latest().history_user == superuser


class TestFormsRefuseWhatTheServicesRefuse:
    def body_data(self, body, **extra):
        return {
            "kind": body.kind_id, "name": body.name, "short_name": body.short_name, "reports_to": "",
            "active_from": "01/04/2016", "active_to": "", "purpose": body.purpose, "terms_of_reference": "",
            "membership_rule": "", "seats_for_chairs_of": "", "meeting_cadence_weeks": "",
            **management("functions"), **management("memberships"), **extra,
        }

    def test_a_function_another_body_holds_is_refused(self, su_client):
        bpg = BodyFactory(name="Business Planning Group")
        BodyFunction.objects.create(body=bpg, function=Function.SIGNS_OFF_ACTIONS)
        board = BodyFactory(name="Safeguarding Children Board")
        response = su_client.post(url(Body, "change", board.pk), self.body_data(
            board, **management("functions", total=1), **{"functions-0-function": Function.SIGNS_OFF_ACTIONS}))
        assert response.status_code == 200
        message = services.FUNCTION_HELD.format(function=Function.SIGNS_OFF_ACTIONS.label, body=bpg)
        assert message in response.content.decode()
        assert not board.functions.exists()

    def test_functions_are_given_and_removed(self, su_client):
        board = BodyFactory()
        response = su_client.post(url(Body, "change", board.pk), self.body_data(
            board, **management("functions", total=1), **{"functions-0-function": Function.RATIFIES}))
        assert response.status_code == 302
        function = board.functions.get()
        response = su_client.post(url(Body, "change", board.pk), self.body_data(
            board, **management("functions", total=1, initial=1),
            **{"functions-0-id": function.pk, "functions-0-body": board.pk,
               "functions-0-function": Function.RATIFIES, "functions-0-DELETE": "on"}))
        assert response.status_code == 302
        assert not board.functions.exists()

    def test_a_second_chair_added_on_the_bodys_page_is_refused(self, su_client):
        body = BodyFactory()
        MembershipFactory(body=body, role="independent_chair", start=dt.date(2016, 4, 1))
        person = UserFactory()
        response = su_client.post(url(Body, "change", body.pk), self.body_data(
            body, **management("memberships", total=1), **{
                "memberships-0-person": person.pk, "memberships-0-role": "chair", "memberships-0-organisation": "",
                "memberships-0-start": "01/04/2017", "memberships-0-end": ""}))
        assert response.status_code == 200
        assert services.SECOND_CHAIR.format(body=body) in response.content.decode()
        assert not Membership.objects.filter(person=person).exists()

    def test_a_second_chair_is_refused(self, su_client):
        body = BodyFactory()
        MembershipFactory(body=body, role="chair", start=dt.date(2016, 4, 1))
        person = UserFactory()
        response = su_client.post(url(Membership, "add"), {
            "person": person.pk, "body": body.pk, "role": "chair", "organisation": "", "start": "01/04/2017",
            "end": ""})
        assert response.status_code == 200
        assert services.SECOND_CHAIR.format(body=body) in response.content.decode()
        assert not Membership.objects.filter(person=person).exists()

    def test_a_duplicate_membership_and_an_end_before_the_start_are_refused(self, su_client):
        membership = MembershipFactory(start=dt.date(2016, 4, 1))
        data = {"person": membership.person_id, "body": membership.body_id, "role": "member", "organisation": "",
                "start": "01/04/2017", "end": ""}
        html = su_client.post(url(Membership, "add"), data).content.decode()
        assert services.DUPLICATE_MEMBERSHIP.format(person=membership.person, body=membership.body).replace(
            "'", "&#x27;") in html
        html = su_client.post(url(Membership, "add"), {**data, "person": UserFactory().pk, "end": "01/03/2017"}
                           ).content.decode()
        assert services.END_BEFORE_START in html
        assert Membership.objects.count() == 1

    def test_a_membership_is_added_and_ended(self, su_client, superuser):
        body, person = BodyFactory(), UserFactory()
        data = {"person": person.pk, "body": body.pk, "role": "member", "organisation": "", "start": "01/04/2017",
                "end": ""}
        assert su_client.post(url(Membership, "add"), data).status_code == 302
        membership = Membership.objects.get(person=person)
        response = su_client.post(url(Membership, "change", membership.pk), {**data, "end": "31/03/2018"})
        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.end == dt.date(2018, 3, 31) and membership.modified_by == superuser

    def test_an_overlapping_agency_lead_is_refused(self, su_client):
        agency = OrganisationFactory(name="West Yorkshire Police")
        person = UserFactory(full_name="Asha Patel")
        OrganisationLead.objects.create(organisation=agency, person=person, start=dt.date(2016, 4, 1))
        response = su_client.post(url(OrganisationLead, "add"), {
            "organisation": agency.pk, "person": person.pk, "role": "deputy", "start": "01/04/2017", "end": ""})
        message = services.DUPLICATE_LEAD.format(person=person, organisation=agency)
        assert message in response.content.decode()
        assert agency.leads.count() == 1

    def test_a_decision_not_applicable_without_a_reason_is_refused(self, su_client):
        meeting = MeetingFactory(status=MeetingStatus.HELD)
        html = su_client.post(url(Decision, "add"), {
            "meeting": meeting.pk, "text": "Agreed.", "childrens_voice": ChildrensVoice.NOT_APPLICABLE,
            "childrens_voice_detail": "", "not_applicable_reason": ""}).content.decode()
        assert services.NOT_APPLICABLE_REASON_REQUIRED in html
        assert not Decision.objects.exists()

    def test_a_delegate_without_a_name_is_refused(self, su_client):
        meeting = MeetingFactory(status=MeetingStatus.HELD)
        html = su_client.post(url(Attendance, "add"), {
            "meeting": meeting.pk, "person": UserFactory().pk, "status": "delegate", "delegate_name": "",
            "delegate_sufficiently_senior": "true"}).content.decode()
        assert services.DELEGATE_NAME_REQUIRED.replace("'", "&#x27;") in html
        assert not Attendance.objects.exists()

    def test_a_meeting_in_the_future_cannot_be_marked_held(self, su_client):
        meeting = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=7))
        response = su_client.post(url(Meeting, "changelist"), action("mark_held", meeting), follow=True)
        assert f"{meeting}: {services.HELD_IN_FUTURE}" in response.content.decode()
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.SCHEDULED

    def test_a_minutes_document_is_checked_by_its_content(self, su_client, settings, tmp_path):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from accountability.documents import DOCUMENT_WRONG_TYPE

        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
        meeting = MeetingFactory()
        starts = timezone.localtime(meeting.starts_at)
        data = {"body": meeting.body_id, "starts_at_0": starts.strftime("%d/%m/%Y"),
                "starts_at_1": starts.strftime("%H:%M:%S"), "place": "", "status": MeetingStatus.SCHEDULED,
                "minutes": "", **management("agenda_items"), **management("attendances")}
        response = su_client.post(url(Meeting, "change", meeting.pk), {
            **data, "minutes_document": SimpleUploadedFile("minutes.pdf", b"not a pdf at all")})
        assert DOCUMENT_WRONG_TYPE in response.content.decode()
        response = su_client.post(url(Meeting, "change", meeting.pk), {
            **data, "minutes_document": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n")})
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.minutes_document.name.startswith("minutes/")

    def test_a_minutes_document_with_macros_is_refused_in_the_admin_too(self, su_client, settings, tmp_path):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from bscb.uploads import MACROS, PDF_SCRIPT
        from tests.helpers import documents as doc

        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
        meeting = MeetingFactory()
        for name, content, reason in [("minutes.docx", doc.renamed_docm(), MACROS),
                                      ("minutes.pdf", doc.pdf_with_packed_javascript(), PDF_SCRIPT)]:
            response = su_client.post(url(Meeting, "change", meeting.pk), meeting_data(
                meeting, status=MeetingStatus.SCHEDULED, minutes_document=SimpleUploadedFile(name, content)))
            assert response.status_code == 200 and reason.replace("'", "&#x27;") in response.content.decode()
        meeting.refresh_from_db()
        assert not meeting.minutes_document


def meeting_data(meeting, **extra):
    starts = timezone.localtime(meeting.starts_at)
    return {"body": meeting.body_id, "starts_at_0": starts.strftime("%d/%m/%Y"),
            "starts_at_1": starts.strftime("%H:%M:%S"), "place": meeting.place, "minutes": "",
            **management("agenda_items"), **management("attendances"), **extra}


class TestStatusChangesGoThroughTheServices:
    """A meeting's status is read-only in the admin; its actions call the services' transitions, so the
    admin refuses what they refuse, with their message (no 500), and makes nothing the pages could not."""

    def test_the_status_is_read_only_on_the_meetings_page(self, su_client):
        meeting = MeetingFactory(status=MeetingStatus.CANCELLED)
        response = su_client.post(url(Meeting, "change", meeting.pk), meeting_data(meeting, status="held"))
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CANCELLED
        assert 'name="status"' not in su_client.get(url(Meeting, "change", meeting.pk)).content.decode()

    def test_a_cancelled_meeting_cannot_be_recorded_as_held(self, su_client):
        meeting = MeetingFactory(status=MeetingStatus.CANCELLED)
        response = su_client.post(url(Meeting, "changelist"), action("mark_held", meeting), follow=True)
        assert response.status_code == 200
        assert f"{meeting}: {services.ALREADY_CANCELLED}" in response.content.decode()
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CANCELLED
        assert [h.status for h in meeting.history.all()] == [MeetingStatus.CANCELLED]

    def test_a_held_meeting_cannot_be_put_back_to_scheduled_or_cancelled(self, su_client):
        meeting = MeetingFactory(status=MeetingStatus.HELD)
        response = su_client.post(url(Meeting, "change", meeting.pk), meeting_data(meeting, status="scheduled"))
        assert response.status_code == 302
        response = su_client.post(url(Meeting, "changelist"), action("cancel", meeting), follow=True)
        assert f"{meeting}: {services.CANCEL_HELD}" in response.content.decode()
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.HELD

    def test_the_actions_make_the_transitions_the_services_allow_as_the_administrator(self, su_client, superuser):
        held, cancelled = MeetingFactory(), MeetingFactory()
        response = su_client.post(url(Meeting, "changelist"), action("mark_held", held), follow=True)
        assert "1 recorded as held." in response.content.decode()
        su_client.post(url(Meeting, "changelist"), action("cancel", cancelled))
        held.refresh_from_db()
        cancelled.refresh_from_db()
        assert (held.status, held.modified_by) == (MeetingStatus.HELD, superuser)
        assert (cancelled.status, cancelled.modified_by) == (MeetingStatus.CANCELLED, superuser)
        assert held.history.latest().history_user == superuser

    def test_one_refusal_among_several_leaves_the_others_made(self, su_client):
        scheduled, cancelled = MeetingFactory(), MeetingFactory(status=MeetingStatus.CANCELLED)
        response = su_client.post(url(Meeting, "changelist"), action("mark_held", scheduled, cancelled), follow=True)
        html = response.content.decode()
        assert "1 recorded as held." in html and services.ALREADY_CANCELLED in html
        assert Meeting.objects.get(pk=scheduled.pk).status == MeetingStatus.HELD

    def test_a_plans_status_changes_only_by_putting_it_in_force(self, su_client):
        from plan.models import Plan, PlanStatus
        from plan.services import ALREADY_ACTIVE

        plan = Plan.objects.create(title="Plan", first_year=2016, last_year=2018, status=PlanStatus.ACTIVE)
        response = su_client.post(reverse("admin:plan_plan_change", args=[plan.pk]), {
            "title": "Plan", "first_year": 2016, "last_year": 2018, "vision": "", "introduction": "",
            "outstanding_traits": "", "status": "draft", **management("priorities")})
        assert response.status_code == 302
        response = su_client.post(reverse("admin:plan_plan_changelist"), action("activate", plan), follow=True)
        assert ALREADY_ACTIVE in response.content.decode()
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ACTIVE


class TestSavesGoThroughTheServices:
    def test_a_second_chair_changed_into_on_the_membership_page_is_refused(self, su_client):
        body = BodyFactory()
        MembershipFactory(body=body, role="chair", start=dt.date(2016, 4, 1))
        member = MembershipFactory(body=body, role="member", start=dt.date(2016, 4, 1))
        response = su_client.post(url(Membership, "change", member.pk), {
            "person": member.person_id, "body": body.pk, "role": "chair", "organisation": member.organisation_id,
            "start": "01/04/2016", "end": ""})
        assert response.status_code == 200
        assert services.SECOND_CHAIR.format(body=body) in response.content.decode()
        member.refresh_from_db()
        assert member.role == "member"

    def test_a_membership_save_takes_the_services_lock_and_rechecks(self, su_client, monkeypatch):
        """The form's check can pass while another chair is being added: the save runs membership_add,
        which locks the body's memberships and checks again, and its refusal is a message, not a 500."""
        from accountability import admin as accountability_admin

        body, person = BodyFactory(), UserFactory()
        monkeypatch.setattr(accountability_admin.MembershipAdminForm, "clean", lambda form: form.cleaned_data)
        locked = []
        original = getattr(services, "_lock_memberships", None)
        monkeypatch.setattr(services, "_lock_memberships", lambda *bodies: locked.append(bodies) or original(*bodies),
                            raising=False)
        MembershipFactory(body=body, role="chair", start=dt.date(2016, 4, 1))  # "meanwhile"
        response = su_client.post(url(Membership, "add"), {
            "person": person.pk, "body": body.pk, "role": "chair", "organisation": "", "start": "01/04/2017",
            "end": ""}, follow=True)
        assert response.status_code == 200
        assert services.SECOND_CHAIR.format(body=body) in response.content.decode()
        assert locked and not Membership.objects.filter(person=person).exists()

    def test_a_staff_member_without_the_right_is_refused_with_a_message(self, client_for):
        from django.contrib.auth.models import Permission

        staff = UserFactory(is_staff=True)
        staff.user_permissions.add(*Permission.objects.filter(codename__in=["add_membership", "view_membership"]))
        body, person = BodyFactory(), UserFactory()
        response = client_for(staff).post(url(Membership, "add"), {
            "person": person.pk, "body": body.pk, "role": "member", "organisation": "", "start": "01/04/2017",
            "end": ""}, follow=True)
        assert response.status_code == 200
        assert "You do not have the right to do this." in response.content.decode()
        assert not Membership.objects.filter(person=person).exists()


class TestChangelistQueries:
    def test_the_membership_list_does_not_grow_with_rows(self, su_client):
        kind = BodyKindFactory()

        def add_rows(k):
            n = Membership.objects.count()
            people = User.objects.bulk_create(
                User(email=f"member{n + i}@agency.example.org", full_name=f"Member {n + i}") for i in range(k))
            bodies = Body.objects.bulk_create(
                Body(kind=kind, name=f"Body {n + i}", short_name=f"B{n + i}") for i in range(k))
            agencies = Organisation.objects.bulk_create(Organisation(name=f"Agency {n + i}") for i in range(k))
            Membership.objects.bulk_create(
                Membership(person=p, body=b, organisation=o, role="member")
                for p, b, o in zip(people, bodies, agencies, strict=True))

        assert assert_queries_do_not_grow(su_client, url(Membership, "changelist"), add_rows) <= 12

    def test_the_meeting_list_does_not_grow_with_rows(self, su_client):
        kind = BodyKindFactory()
        start = timezone.now() - dt.timedelta(days=400)

        def add_rows(k):
            n = Meeting.objects.count()
            bodies = Body.objects.bulk_create(
                Body(kind=kind, name=f"Body {n + i}", short_name=f"B{n + i}") for i in range(k))
            Meeting.objects.bulk_create(
                Meeting(body=b, starts_at=start + dt.timedelta(days=7 * (n + i))) for i, b in enumerate(bodies))

        assert assert_queries_do_not_grow(su_client, url(Meeting, "changelist"), add_rows) <= 12

    def test_the_decision_list_does_not_grow_with_rows(self, su_client):
        body = BodyFactory()
        recorders = [UserFactory() for _ in range(3)]

        def add_rows(k):
            meetings = Meeting.objects.bulk_create(Meeting(body=body, starts_at=timezone.now()) for _ in range(k))
            Decision.objects.bulk_create(
                Decision(meeting=m, text="Agreed.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
                         not_applicable_reason="None.", created_by=recorders[i % 3]) for i, m in enumerate(meetings))

        assert assert_queries_do_not_grow(su_client, url(Decision, "changelist"), add_rows) <= 12

    def test_the_attendance_list_does_not_grow_with_rows(self, su_client):
        body = BodyFactory()

        def add_rows(k):
            meeting = Meeting.objects.create(body=body, starts_at=timezone.now())
            n = User.objects.count()
            people = User.objects.bulk_create(
                User(email=f"att{n + i}@agency.example.org", full_name=f"Att {n + i}") for i in range(k))
            agencies = Organisation.objects.bulk_create(Organisation(name=f"Agency {n + i}") for i in range(k))
            Attendance.objects.bulk_create(
                Attendance(meeting=meeting, person=p, status="present", organisation=o)
                for p, o in zip(people, agencies, strict=True))

        assert assert_queries_do_not_grow(su_client, url(Attendance, "changelist"), add_rows) <= 12

    def test_the_body_list_does_not_grow_with_rows(self, su_client):
        def add_rows(k):
            n = Body.objects.count()
            kinds = BodyKind.objects.bulk_create(BodyKind(name=f"Kind {n + i}") for i in range(k))
            Body.objects.bulk_create(
                Body(kind=kd, name=f"Body {n + i}", short_name=f"B{n + i}") for i, kd in enumerate(kinds))

        assert assert_queries_do_not_grow(su_client, url(Body, "changelist"), add_rows) <= 12
