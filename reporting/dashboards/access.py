"""Who may open each dashboard, from the reader's seats (accountability.roles, loaded once per request).

- The Board's: the members of the bodies that ratify or receive the quarterly outcome report (the Board), the
  Independent Chair and the business unit.
- A body's (a sub group's): its members (a derived seat counts), the members of the body that monitors the sub
  groups (the BPG), the Board's readers, and the business unit.
- An agency's: its leads and deputies, the members who represent it on a body, the Board's readers and the
  business unit.
- The business unit's: the business unit."""

from accountability.models import Function
from accountability.roles import roles_for

BOARD_FUNCTIONS = {Function.RATIFIES, Function.RECEIVES_OUTCOME_REPORT}


def reads_board(user) -> bool:
    roles = roles_for(user)
    return user.is_authenticated and (roles.is_business_unit or roles.is_independent_chair
                                      or bool(roles.bodies_holding(BOARD_FUNCTIONS)))


def reads_body(user, body_id: int) -> bool:
    roles = roles_for(user)
    return user.is_authenticated and (roles.member_of(body_id) or bool(roles.bodies_holding({Function.MONITORS}))
                                      or reads_board(user))


def represents(user, organisation_id: int) -> bool:
    roles = roles_for(user)
    return organisation_id in roles.lead_organisation_ids or any(
        seat.organisation_id == organisation_id for seat in roles.seats)


def reads_agency(user, organisation_id: int) -> bool:
    return user.is_authenticated and (represents(user, organisation_id) or reads_board(user))


def reads_business_unit(user) -> bool:
    return user.is_authenticated and roles_for(user).is_business_unit
