"""Loading configuration from data files (the demo partnership, a plan): shared pieces."""


def set_changed(record, values: dict) -> bool:
    """Set the values that differ from the record's; True when any did. Loaders save only then, so
    that loading the same file again writes nothing, history included."""
    changed = False
    for field, value in values.items():
        if getattr(record, field) != value:
            setattr(record, field, value)
            changed = True
    return changed
