"""URL converters: the ids in Klynge's paths, and the same rule for ids in query strings and
forms."""

import re

from django.urls import register_converter


class IdConverter:
    """A database id: at most 18 digits, so it always fits the 64-bit primary keys.

    Django's `int` takes any number of digits, and a 20-digit id overflowed SQLite's
    integer in the query (a 500, not a 404).
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

_ID = re.compile(IdConverter.regex)


def parse_id(value: str | None) -> int | None:
    """An id (or page number) sent in a query string or a form, or None. `str.isdigit` is
    not enough: it takes '²' and '①', which `int` refuses, and any number of digits."""
    return int(value) if value and _ID.fullmatch(value) else None
