"""A record's history page and the redaction form, as the business unit uses them."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accountability.models import ChildrensVoice, Decision
from bscb.models import Redaction, Theme
from bscb.redaction import REASON_REQUIRED, TEXT_NOT_FOUND
from tests.factories import BodyFactory, MeetingFactory, UserFactory, business_unit, member_of
from tests.helpers.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NAME = "Jayden Smith"


def history_url(record):
    return reverse("record-history", args=[record._meta.app_label, record._meta.model_name, record.pk])


def redact_url(record):
    return reverse("record-redact", args=[record._meta.app_label, record._meta.model_name, record.pk])


def save_as(record, user, when):
    record._history_user = user
    record._history_date = when
    record.save()
    del record._history_user, record._history_date


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def error_beside(html, field):
    """The message shown beside a field (GOV.UK error message), or None."""
    found = re.search(rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', html)
    return found and found.group(1).replace('<span class="govuk-visually-hidden">Error:</span>', "").strip()


def typed(html, field):
    found = re.search(rf'<textarea name="{field}"[^>]*>(.*?)</textarea>', html)
    return found and found.group(1).strip()


@pytest.fixture
def bu(db):
    return business_unit(person=UserFactory(full_name="Bea Officer"))


@pytest.fixture
def theme(bu):
    """A theme created by the BU officer, then changed by an administrator."""
    admin = UserFactory(full_name="Ade Admin")
    theme = Theme(name="Neglect", description=f"Raised after the review of {NAME}.")
    save_as(theme, bu, dt.datetime(2017, 3, 3, 10, 0, tzinfo=LONDON))
    theme.description = f"Raised after the review of {NAME}. Agreed by the Board."
    save_as(theme, admin, dt.datetime(2017, 4, 4, 16, 30, tzinfo=LONDON))
    return theme


class TestHistoryPage:
    def test_the_business_unit_sees_every_change_with_who_and_when_newest_first(self, client_for, bu, theme):
        html = text(client_for(bu).get(history_url(theme)))
        assert "History of Neglect" in html
        newest, oldest = html.index("4 April 2017 16:30"), html.index("3 March 2017 10:00")
        assert newest < oldest
        assert html.index("Ade Admin") < html.index("Bea Officer", newest)  # each row names its author
        assert "Created." in html[oldest:]
        assert f"Raised after the review of {NAME}. Agreed by the Board." in html[newest:oldest]
        # The first version shows every field it was given; the second only what changed.
        assert "<dt>Name</dt><dd>Neglect</dd>" in html[oldest:]
        assert "<dt>Name</dt>" not in html[newest:oldest]

    def test_a_change_nobody_signed_in_made_is_shown_as_the_systems(self, client_for, bu):
        other = Theme(name="Missing children")
        save_as(other, None, dt.datetime(2017, 5, 5, 9, 0, tzinfo=LONDON))
        assert "The system" in text(client_for(bu).get(history_url(other)))

    def test_the_business_unit_is_offered_the_redaction(self, client_for, bu, theme):
        assert redact_url(theme) in client_for(bu).get(history_url(theme)).content.decode()

    def test_a_member_of_a_body_is_refused(self, client_for, theme):
        member = member_of(BodyFactory(), role="chair")
        assert client_for(member).get(history_url(theme)).status_code == 403

    @pytest.mark.parametrize("args", [
        ("bscb", "workerheartbeat", 1),  # a model without history
        ("auth", "group", 1),  # not one of the governance apps
        ("nosuchapp", "theme", 1),
        ("accountability", "nosuchmodel", 1),
        ("bscb", "theme", 999999),  # no such record
    ])
    def test_what_has_no_history_here_is_not_found(self, client_for, bu, args):
        assert client_for(bu).get(reverse("record-history", args=args)).status_code == 404

    def test_a_decisions_history_and_the_way_back_to_a_meeting(self, client_for, bu):
        meeting = MeetingFactory()
        decision = Decision.objects.create(meeting=meeting, text="Agreed.", childrens_voice=ChildrensVoice.INFORMED,
                                           childrens_voice_detail="Young people's panel.")
        html = text(client_for(bu).get(history_url(decision)))
        assert "Young people&#x27;s panel." in html
        html = text(client_for(bu).get(history_url(meeting)))
        assert reverse("meeting-detail", args=[meeting.pk]) in html  # the crumb back to the record

    def test_a_persons_history_opens_from_their_page_and_never_shows_the_password(self, client_for, bu):
        """Every person's History page was a server error: a person's history keeps no password (nor last
        sign-in), and the page walked the model's fields, not the history's."""
        person = UserFactory(full_name="Pat Chair", job_title="Head of Service")
        person.job_title = "Director of Children's Services"
        person.set_password("a-new-password-123")
        person.save()
        client = client_for(bu)
        detail = client.get(reverse("person-detail", args=[person.pk])).content.decode()
        link = reverse("person-history", args=[person.pk])
        assert f'href="{link}"' in detail
        for url in (link, history_url(person)):
            response = client.get(url)
            assert response.status_code == 200, url
            html = text(response)
            assert "History of Pat Chair" in html
            assert "Director of Children&#x27;s Services" in html and "Head of Service" in html
            assert person.password not in html and "Password" not in html and "Last login" not in html

    def test_long_histories_are_paged(self, client_for, bu, theme):
        for i in range(30):
            theme.description = f"Version {i}"
            theme.save()
        client = client_for(bu)
        first = text(client.get(history_url(theme)))
        assert "Version 29" in first and "Created." not in first and "Page 1 of 2" in first
        second = text(client.get(history_url(theme) + "?page=2"))
        assert "Created." in second and "Version 29" not in second

    def test_queries_do_not_grow_with_the_history(self, client_for, bu):
        theme = Theme.objects.create(name="Online safety")
        authors = [UserFactory() for _ in range(3)]
        history_model = Theme.history.model
        start = dt.datetime(2017, 1, 1, tzinfo=LONDON)

        def add_rows(k):
            base = history_model.objects.filter(id=theme.pk).count()
            history_model.objects.bulk_create(
                history_model(id=theme.pk, name=theme.name, description=f"Version {base + i}",
                              created_on=theme.created_on, modified_on=theme.modified_on,
                              history_date=start + dt.timedelta(hours=base + i), history_type="~",
                              history_user=authors[i % 3])
                for i in range(k)
            )

        assert assert_queries_do_not_grow(client_for(bu), history_url(theme), add_rows) <= 8


class TestRedactPage:
    def test_the_form_offers_the_records_free_text_fields(self, client_for, bu, theme):
        html = text(client_for(bu).get(redact_url(theme)))
        assert 'value="name"' in html and 'value="description"' in html
        assert "cannot be undone" in html

    def test_errors_appear_beside_their_fields_and_what_was_typed_is_kept(self, client_for, bu, theme):
        response = client_for(bu).post(redact_url(theme), {"field": "description", "text": NAME, "reason": ""})
        assert response.status_code == 200
        html = text(response)
        assert "<title>Error:" in html
        assert error_beside(html, "reason") == REASON_REQUIRED
        assert error_beside(html, "confirm") == "Confirm that you understand the redaction cannot be undone"
        assert error_beside(html, "text") is None
        assert typed(html, "text") == NAME
        assert re.search(r'value="description"[^>]*checked', html)
        assert Theme.objects.get(pk=theme.pk).description.count(NAME) == 1
        assert not Redaction.objects.exists()

    def test_text_not_in_the_field_is_explained_beside_it(self, client_for, bu, theme):
        response = client_for(bu).post(redact_url(theme), {
            "field": "name", "text": NAME, "reason": "A child's name", "confirm": "on"})
        html = text(response)
        assert response.status_code == 200
        assert error_beside(html, "text") == TEXT_NOT_FOUND
        assert (typed(html, "text"), typed(html, "reason")) == (NAME, "A child&#x27;s name")
        assert re.search(r'value="name"[^>]*checked', html) and 'id="id_confirm" checked' in html
        assert not Redaction.objects.exists()

    def test_a_redaction_confirms_where_it_found_the_text_and_the_history_links_to_it(self, client_for, bu, theme):
        client = client_for(bu)
        response = client.post(redact_url(theme), {
            "field": "description", "text": NAME, "reason": "A child's name", "confirm": "on"})
        done = Redaction.objects.get()
        page = reverse("record-redaction", args=["bscb", "theme", theme.pk, done.pk])
        assert response.status_code == 302 and response.url == page
        html = text(client.get(page))
        assert "The text was redacted in 3 stored copies." in html and "Text redacted" in html
        assert "<li>Theme “Neglect”, “Description”: the record and 2 versions in its history</li>" in html
        assert "A child&#x27;s name" in html and "Bea Officer" in html and NAME not in html
        html = text(client.get(history_url(theme)))
        assert NAME not in html and "[redacted]" in html
        assert "A child&#x27;s name" in html and "Bea Officer" in html  # the redactions table: who and why
        assert f'href="{page}">1 place' in html
        assert not Theme.history.filter(description__contains=NAME).exists()

    def test_a_member_of_a_body_is_refused_and_nothing_changes(self, client_for, theme):
        client = client_for(member_of(BodyFactory()))
        assert client.get(redact_url(theme)).status_code == 403
        response = client.post(redact_url(theme), {
            "field": "description", "text": NAME, "reason": "A child's name", "confirm": "on"})
        assert response.status_code == 403
        assert Theme.history.filter(description__contains=NAME).count() == 2
        assert not Redaction.objects.exists()

    def test_a_record_without_free_text_is_not_found(self, client_for, bu):
        from accountability.models import BodyFunction

        function = BodyFunction.objects.create(body=BodyFactory(), function="holds_log")
        assert client_for(bu).get(redact_url(function)).status_code == 404
