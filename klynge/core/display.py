"""Text for pages that list many rows: what `{% url %}`, `{% static %}`, `get_FOO_display`
and the `date` filter say, made with the costly part done once instead of once per row.

Per row, `{% url %}` walks the URL patterns, `get_FOO_display` translates every choice of
the field and `date` looks its format up and translates the month: on a body page of 50
members and 40 meetings that was most of the page's time. The layout of every page links to
fifteen routes and nine static files, the same for every request. The results are the same
text; the tests compare them with Django's own.
"""

import datetime
import functools
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
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


def address(name: str, *args: int | str) -> str:
    """`reverse(name, args=args)` for ids and plain words (letters, digits, - and _): the
    route's address is made once per kind of arguments, then the arguments are put in.
    Anything else is left to reverse()."""
    return addresses()(name, *args)


def addresses() -> Callable[..., str]:
    """`address` with the script prefix and URLconf read now, for a page that makes many."""
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF

    def address(name: str, *args: int | str) -> str:
        if not args:
            return _route_without_arguments(name, prefix, urlconf)
        if not all(type(arg) is int or (type(arg) is str and _WORD.match(arg)) for arg in args):
            return reverse(name, args=args)
        parts = _address_parts(name, tuple(type(arg) is int for arg in args), prefix, urlconf)
        if parts is None:
            return reverse(name, args=args)
        return parts[0] + "".join(f"{arg}{part}" for arg, part in zip(args, parts[1:], strict=True))

    return address


_WORD = re.compile(r"[A-Za-z0-9_-]+\Z")


@functools.cache
def _address_parts(
    name: str, kinds: tuple[bool, ...], prefix: str, urlconf: str
) -> tuple[str, ...] | None:
    """Route `name`'s address around its arguments (`kinds`: which are ids), or None when the
    route does not take them so (reverse() will say why). Made with stand-ins, and checked
    with other stand-ins against reverse()."""

    def stand_ins(start: int) -> list[int | str]:
        return [start + n if is_id else f"klynge{start + n}" for n, is_id in enumerate(kinds)]

    first, second = stand_ins(_PROBE), stand_ins(_PROBE - 100)
    try:
        path = reverse(name, args=first, urlconf=urlconf)
        check = reverse(name, args=second, urlconf=urlconf)
    except NoReverseMatch:
        return None
    parts = []
    for stand_in in first:
        before, found, path = path.partition(str(stand_in))
        if not found:
            return None
        parts.append(before)
    parts.append(path)
    made = parts[0] + "".join(f"{arg}{part}" for arg, part in zip(second, parts[1:], strict=True))
    return tuple(parts) if made == check else None


def route(name: str) -> str:
    """`reverse(name)` of a route that takes no arguments, reversed once (per script prefix)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _route_without_arguments(name, get_script_prefix(), urlconf)


@functools.cache
def _route_without_arguments(name: str, prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)


def asset(path: str) -> str:
    """`{% static path %}`, looked up once: the static files' names are fixed while the server
    runs (their manifest is read once)."""
    return _asset(path, settings.STATIC_URL)


@functools.cache
def _asset(path: str, static_url: str) -> str:
    return static(path)


def numeric_date(day: datetime.date | None) -> str:
    """`{{ day|date:"j.n.Y"|default:"" }}`: 4.3.2024, or "" for no date."""
    return f"{day.day}.{day.month}.{day.year:04d}" if day else ""


def long_date(day: datetime.date) -> str:
    """`{{ day|date:"j. F Y" }}`: 4. marts 2024 (the month in the active language)."""
    return f"{day.day}. {_months(get_language())[day.month]} {day.year:04d}"


@functools.cache
def _months(language: str | None) -> dict[int, str]:
    return {number: str(name) for number, name in MONTHS.items()}
