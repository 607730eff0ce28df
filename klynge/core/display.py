"""Text for pages that list many rows: what `{% url %}`, `get_FOO_display` and the `date`
filter say, made with the costly part done once instead of once per row.

Per row, `{% url %}` walks the URL patterns, `get_FOO_display` translates every choice of
the field and `date` looks its format up and translates the month: on a body page of 50
members and 40 meetings that was most of the page's time. The results are the same text;
the tests compare them with Django's own.
"""

import datetime
import functools
from collections.abc import Callable
from typing import Any

from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.dates import MONTHS
from django.utils.translation import get_language


def choice_labels(model: type[models.Model], field_name: str) -> dict[Any, str]:
    """{value: label} of a field with choices, in the active language:
    `labels[obj.role]` is `obj.get_role_display()` (for values among the choices)."""
    return _choice_labels(model, field_name, get_language())


@functools.cache
def _choice_labels(
    model: type[models.Model], field_name: str, language: str | None
) -> dict[Any, str]:
    # Read under `language`, the active one: the key says which translation it holds.
    field = model._meta.get_field(field_name)
    return {value: str(text) for value, text in field.flatchoices}  # type: ignore[union-attr]


def url_maker(name: str) -> Callable[[int], str]:
    """A function from an id to `reverse(name, args=[id])`, for a route that takes one id:
    the route is reversed once, then each address is its text with the id put in."""
    before, after = _route(name, get_script_prefix(), get_urlconf())
    return lambda pk: f"{before}{int(pk)}{after}"


_PROBE = 987654321987654321  # an id no row has, to find where the id goes in the address


@functools.cache
def _route(name: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    # `prefix` and `urlconf` are what reverse() reads besides the name: another script
    # prefix is another address.
    path = reverse(name, args=[_PROBE], urlconf=urlconf)
    before, probe, after = path.partition(str(_PROBE))
    if not probe or str(_PROBE) in after:
        raise ValueError(f"route {name!r} does not take one id")
    return before, after


def numeric_date(day: datetime.date | None) -> str:
    """`{{ day|date:"j.n.Y"|default:"" }}`: 4.3.2024, or "" for no date."""
    return f"{day.day}.{day.month}.{day.year:04d}" if day else ""


def long_date(day: datetime.date) -> str:
    """`{{ day|date:"j. F Y" }}`: 4. marts 2024 (the month in the active language)."""
    return f"{day.day}. {_months(get_language())[day.month]} {day.year:04d}"


@functools.cache
def _months(language: str | None) -> dict[int, str]:
    return {number: str(name) for number, name in MONTHS.items()}
