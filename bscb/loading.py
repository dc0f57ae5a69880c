"""Loading configuration from data files (the demo partnership, a plan): shared pieces."""

from pathlib import Path

import yaml

# libyaml's loader where PyYAML was built with it: ten times faster on the demo's file, which the
# demo load and its tests read often. The same safe subset of YAML either way.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_read(path: Path) -> dict:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)

