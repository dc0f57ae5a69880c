"""The right a test due hands over for "remind now" (notifications.services.remind_now checks the right its
due names, on the due's record): in these tests every signed-in person holds it."""

import rules

REMIND = "tests.remind_thing"
rules.set_perm(REMIND, rules.is_authenticated)
