"""The plan is a partnership record: every signed-in member reads it; the business unit keeps it."""

import rules

from accountability.rules import is_business_unit

rules.add_perm("plan.view_plan", rules.is_authenticated)
rules.add_perm("plan.manage_plan", is_business_unit)

# Action plans and actions have their own rules (registered on import).
from . import action_rules  # noqa: E402,F401
