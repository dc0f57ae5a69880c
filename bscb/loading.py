"""Loading configuration from data files (the demo partnership, a plan): shared pieces."""

from pathlib import Path

import yaml

# libyaml's loader where PyYAML was built with it: ten times faster on the demo's file, which the
# demo load and its tests read often. The same safe subset of YAML either way.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_read(path: Path) -> dict:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)


def set_changed(record, values: dict) -> bool:
    """Set the values that differ from the record's; True when any did. Loaders save only then, so
    that loading the same file again writes nothing, history included."""
    changed = False
    for field, value in values.items():
        if getattr(record, field) != value:
            setattr(record, field, value)
            changed = True
    return changed
