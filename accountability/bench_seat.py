"""The benchmark's reader (issue 18): the dashboards open only for those who may read them, so the bench user
(bench/run.py's BENCH_EMAIL) is given a seat in the business unit, the reader who sees the most (every entry,
every action, every body's and agency's dashboard). Made with the seed (reporting/seed.py), idempotent, with
bulk writes as the other seeds (no history: these rows exist to measure pages under load)."""

import secrets

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from .models import Body, BodyFunction, BodyKind, Function, Membership, Role, User

BENCH_EMAIL = "bench@bench.example.org"


def seat_bench_user(email: str = BENCH_EMAIL) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create(email=email, full_name="Bench User",
                                   password=make_password(secrets.token_urlsafe(24)))
    unit = Body.objects.filter(functions__function=Function.BUSINESS_UNIT).first()
    if unit is None:
        kind, _ = BodyKind.objects.get_or_create(name="Business unit")
        unit = Body.objects.create(kind=kind, name="Seeded business unit", short_name="SBU",
                                   active_from=timezone.localdate().replace(year=2000))
        BodyFunction.objects.create(body=unit, function=Function.BUSINESS_UNIT)
    if not Membership.objects.filter(person=user, body=unit).exists():
        Membership.objects.create(person=user, body=unit, role=Role.BUSINESS_UNIT_OFFICER,
                                  start=timezone.localdate().replace(year=2000))
    return user
