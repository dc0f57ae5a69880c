"""The plan's demo data: Bradford's 2016-18 plan, from its own file (plan/data/bradford-2016-18.yaml)."""

from .loader import plan_load
from .models import Plan


def demo_plan_load(data: dict) -> Plan:
    """For config.demo.DEMO_LOADERS: `load_demo` loads the plan after the structure, whose bodies and
    themes it names. The demo data (bradford.yaml) is not needed: the plan has its own file."""
    return plan_load()
