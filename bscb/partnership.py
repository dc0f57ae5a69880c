"""Reads of the partnership's configuration, cached because every page shows its name."""

from django.core.cache import cache

from .models import PARTNERSHIP_CACHE_KEY, Partnership

# Shown only until an administrator names the partnership in the admin.
UNCONFIGURED = Partnership(name="Safeguarding partnership", short_name="Partnership", area="")


def partnership_get() -> Partnership:
    partnership = cache.get(PARTNERSHIP_CACHE_KEY)
    if partnership is None:
        partnership = Partnership.objects.filter(pk=1).first() or UNCONFIGURED
        cache.set(PARTNERSHIP_CACHE_KEY, partnership, timeout=300)
    return partnership
