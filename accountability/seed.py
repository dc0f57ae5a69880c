from django.contrib.auth.hashers import make_password

from .models import User

USERS_PER_FACTOR = 50


def seed(factor: int) -> dict[str, int]:
    start = User.objects.filter(email__startswith="seed.").count()
    password = make_password(None)  # unusable: seeded people cannot sign in
    users = [
        User(email=f"seed.{n}@seed.example.org", full_name=f"Seeded Person {n}", password=password)
        for n in range(start, factor * USERS_PER_FACTOR)
    ]
    User.objects.bulk_create(users)
    return {"users": len(users)}
