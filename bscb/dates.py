"""Dates: the one GOV.UK date input (day, month, year) of every form, and the years every date field
keeps to, in the admin too. A year outside them is a slip (0017, 20177) that would reach the
working-day calendar and the chase; a part such as 2147483648 must get a message, not a 500."""

from datetime import date

import django_filters
from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError

FIRST_YEAR, LAST_YEAR = 1900, 2100
DATE_HINT = "For example, 27 3 2017"

# One wording everywhere; {what} names the date asked for ("start date", "date of the meeting").
ENTER_DATE = "Enter the {what}"
MUST_INCLUDE = "The {what} must include a {part}"
NOT_REAL = "The {what} must be a real date"
YEAR_DIGITS = "The year of the {what} must include 4 numbers"
YEAR_RANGE = f"The year of the {{what}} must be between {FIRST_YEAR} and {LAST_YEAR}"
# Where the date has no name of its own (a model's validator, shown by the admin beside the field).
YEAR_OUT_OF_RANGE = f"The year must be between {FIRST_YEAR} and {LAST_YEAR}"


def year_in_range(value) -> None:
    """The validator of every date and date-time field, on the models and in the list filters."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(YEAR_OUT_OF_RANGE, code="year_range")


class GovDateField(DateInputField):
    """A GOV.UK date input whose messages name the date asked for (`name`, else the label).

    Each part is required once any part is given (`require_all_fields=False`), so that a half-typed
    optional date is refused with a message rather than silently dropped."""

    def __init__(self, *, label: str, required: bool = True, help_text: str = DATE_HINT, name: str = "", **kwargs):
        super().__init__(label=label, required=required, help_text=help_text, require_all_fields=False, **kwargs)
        self.what = what = name or label.lower()
        self.error_messages["required"] = ENTER_DATE.format(what=what)
        self.error_messages["incomplete"] = ENTER_DATE.format(what=what)
        for part, sub in zip(("day", "month", "year"), self.fields, strict=True):
            sub.error_messages["incomplete"] = sub.error_messages["required"] = MUST_INCLUDE.format(
                what=what, part=part)
            sub.validators[0].message = NOT_REAL.format(what=what)  # letters, signs, spaces

    def compress(self, data_list):
        day, month, year = data_list
        if not (day or month or year):
            return None
        if len(year.lstrip("0")) != 4:
            raise ValidationError(YEAR_DIGITS.format(what=self.what), code="invalid")
        try:
            value = date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:  # OverflowError: a part beyond a C int
            raise ValidationError(NOT_REAL.format(what=self.what), code="invalid") from error
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(YEAR_RANGE.format(what=self.what), code="year_range")
        return value


class GovDateFilter(django_filters.DateFilter):
    """A list's date filter, typed into the same GOV.UK date field (give it a `name` for its messages)."""

    field_class = GovDateField
