"""The core's demo data: the partnership's name, short name and area."""

from .models import Partnership


def demo_partnership_load(data: dict) -> Partnership:
    partnership = Partnership.objects.filter(pk=1).first() or Partnership()
    changed = partnership.pk is None
    for field, value in data["partnership"].items():
        if getattr(partnership, field) != value:
            setattr(partnership, field, value)
            changed = True
    if changed:  # saved only when the file says something new, so a second run adds no history
        partnership.full_clean()
        partnership.save()
    return partnership
