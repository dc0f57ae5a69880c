"""The core's demo data: the partnership's name, short name and area."""

from .models import Partnership
from .services import model_update, save_stamped


def demo_partnership_load(data: dict) -> Partnership:
    """Made, or changed only where the file says something new (so a second run adds no history). The
    partnership is configuration with no rule of its own: the administrator's, made with no one's stamp."""
    partnership = Partnership.objects.filter(pk=1).first()
    if partnership is None:
        return save_stamped(Partnership(**data["partnership"]), None)
    model_update(partnership, data["partnership"], by=None)
    return partnership
