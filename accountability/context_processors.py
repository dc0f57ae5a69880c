from .roles import roles_for


def roles(request):
    """`is_business_unit` for the navigation: a `perms` lookup that fails falls through to Django's
    model backend, which loads every permission of the person (two more queries on every page)."""
    user = getattr(request, "user", None)
    return {"is_business_unit": bool(user and user.is_authenticated and roles_for(user).is_business_unit)}
