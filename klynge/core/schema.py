"""Types shared by the API's schemas: ids, local times and the error answers."""

import datetime
from typing import Annotated, Any

from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, Field, WithJsonSchema

#: A database id in a path or query: positive and within the 64-bit primary keys.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _local(value: datetime.time) -> datetime.time:
    if value.tzinfo is not None:
        raise ValueError("Tidspunkter angives i lokal tid uden tidszone, fx 10:00 eller 10:00:00.")
    return value


#: A time of day in Danish local time, without offset, as the API reads and writes it.
LocalTime = Annotated[
    datetime.time,
    AfterValidator(_local),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "description": "Lokal tid (Europe/Copenhagen) uden tidszone: HH:MM eller HH:MM:SS.",
            "examples": ["10:00:00"],
        }
    ),
]


class ErrorOut(Schema):
    detail: Any


#: The error answers every operation may give, for the OpenAPI schema.
ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def responses(ok: Any, status: int = 200) -> dict[int, Any]:
    """`ok` for `status`, and the error answers."""
    return {status: ok, **ERRORS}


class Pages(PageNumberPagination):
    """Pages of a list: `?page=` and `?page_size=` (at most 200), within what a database
    can skip (an offset past 64 bits fails in SQLite)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=200)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=50, max_page_size=200, **kwargs)
