"""Types shared by the API's schemas: ids, local times and the error answers."""

import datetime
import decimal
from typing import Annotated, Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, Field, WithJsonSchema

from klynge.core.text import LIST_ITEM_MAX_LENGTH, LIST_MAX_ITEMS, TEXT_MAX_LENGTH

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


def column(model: type[models.Model], name: str, default: Any = ..., **options: Any) -> Any:
    """A schema field held to the limits of the column it is written to: a decimal's digits
    and an integer's range are checked here (422), so nothing the database cannot hold
    reaches it (once a 14-digit value was stored and broke every page that read it).

    A text's length and a list's lines are put in the OpenAPI schema and checked by the
    service after cleaning (`clean_values`: 400 with a Danish message naming the field);
    checking them here, before cleaning, would refuse a lone surrogate the service removes.
    """
    field = model._meta.get_field(name)
    limits: dict[str, Any] = {}
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        limits["json_schema_extra"] = {"maxLength": field.max_length or TEXT_MAX_LENGTH}
    elif isinstance(field, models.DecimalField):
        whole = decimal.Decimal(10) ** (field.max_digits - field.decimal_places)
        limits.update(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            allow_inf_nan=False,
            gt=-whole,
            lt=whole,
        )
    elif isinstance(field, models.IntegerField):
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        limits.update(ge=low, le=high)
    elif isinstance(field, models.JSONField):  # a list of short texts
        limits["json_schema_extra"] = {
            "maxItems": LIST_MAX_ITEMS,
            "items": {"type": "string", "maxLength": LIST_ITEM_MAX_LENGTH},
        }
    return Field(default, **limits, **options)


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
