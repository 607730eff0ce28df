"""URL converters: the ids in Klynge's paths."""

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
