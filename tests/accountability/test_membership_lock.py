"""Two chairs added at once, on PostgreSQL: the services' lock makes the second wait and then refuses it,
whether the body has members yet or not, and whether the page or the admin (membership_update) adds it."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accountability import services
from accountability.models import Membership, Role
from tests.factories import BodyFactory, MembershipFactory, UserFactory, business_unit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(monkeypatch, *writes):
    """Run the writes in threads; each pauses just after its check passes, so that without a lock both
    checks pass before either saves. With the lock the second is still waiting for it: the pause times
    out and the first carries on."""
    pause = threading.Barrier(len(writes))
    check = services.membership_check

    def checked_then_paused(**kwargs):
        check(**kwargs)
        try:
            pause.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass

    monkeypatch.setattr(services, "membership_check", checked_then_paused)
    refusals, errors = [], []

    def work(write):
        try:
            write()
        except ValidationError as refusal:
            refusals.append(refusal)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(write,)) for write in writes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return refusals


@pytest.mark.parametrize("members_already", [False, True])
def test_two_chairs_added_at_once_one_is_refused(monkeypatch, members_already):
    officer, body = business_unit(), BodyFactory()
    if members_already:
        MembershipFactory(body=body, role=Role.MEMBER)
    first, second = UserFactory(), UserFactory()
    refusals = race(monkeypatch, *[
        lambda person=person: services.membership_add(person=person, body=body, role=Role.CHAIR, by=officer)
        for person in (first, second)])
    assert Membership.objects.filter(body=body, role=Role.CHAIR).count() == 1
    assert [r.message_dict for r in refusals] == [{"role": [services.SECOND_CHAIR.format(body=body)]}]


def test_a_member_made_chair_in_the_admin_while_a_chair_is_added_one_is_refused(monkeypatch):
    officer, body = business_unit(), BodyFactory()
    member = MembershipFactory(body=body, role=Role.MEMBER)
    refusals = race(
        monkeypatch,
        lambda: services.membership_add(person=UserFactory(), body=body, role=Role.CHAIR, by=officer),
        lambda: services.membership_update(membership=Membership.objects.get(pk=member.pk), data={"role": Role.CHAIR},
                                           by=officer),
    )
    assert Membership.objects.filter(body=body, role=Role.CHAIR).count() == 1
    assert len(refusals) == 1
