"""Every API write is held to the columns it writes: each request body's field is at least as
strict as its model field (length, digits, range, choices), and values past those limits are
refused (422 by the schema, 400 by the service), never a 500, and change nothing.

Once a 14-digit value posted to the API was stored beyond its decimal column (201) and every
page that read it answered 500; the schema had no limit the column had.
"""

import datetime
import decimal
import json
import typing
from collections.abc import Iterator
from typing import Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.test import Client
from ninja import Schema
from pydantic.fields import FieldInfo

from klynge.actionplans.models import (
    Escalation,
    InitiativeStateChange,
    ItemCase,
    OrderConfirmation,
    State,
    StatusReport,
)
from klynge.api import api
from klynge.audit.models import AuditEvent
from klynge.budgets.models import Spending
from klynge.core.text import LIST_ITEM_MAX_LENGTH, LIST_MAX_ITEMS, TEXT_MAX_LENGTH
from klynge.front.tests.world import World
from klynge.meetings.models import AgendaItem, MeetingStatus
from klynge.outcomes.models import Measurement
from klynge.votes.models import Ballot, Vote

#: The model each request body is written to; a field of another model is named, and a
#: field that is no column (a choice of what to do) is None. A new body must be added here.
BODIES: dict[str, tuple[type[models.Model], dict[str, Any]]] = {
    "ItemIn": (AgendaItem, {}),
    "ItemUpdateIn": (AgendaItem, {}),
    "meetings.DecisionIn": (AgendaItem, {}),
    "ConfirmationIn": (OrderConfirmation, {}),
    "ReportIn": (StatusReport, {}),
    "actionplans.DecisionIn": (
        Escalation,
        {
            "approve": None,
            "escalate": None,
            "note": (InitiativeStateChange, "note"),
            "due_date": (InitiativeStateChange, "due_date"),
        },
    ),
    "MeasurementIn": (Measurement, {}),
    # A field naming another body is a list of those, each held to its own columns.
    "VoteIn": (Vote, {"ballots": "BallotIn"}),
    "BallotIn": (Ballot, {}),
    "SpendingIn": (Spending, {}),
}


def write_operations() -> Iterator[tuple[str, str, str, type[Schema]]]:
    """(method, path, body name, body schema) for every operation that takes a body."""
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for params in operation.models:
                    if params.__ninja_param_source__ != "body":
                        continue
                    for info in params.model_fields.values():
                        schema = info.annotation
                        app = schema.__module__.split(".")[1]
                        name = schema.__name__
                        if name == "DecisionIn":
                            name = f"{app}.{name}"
                        for method in operation.methods:
                            yield method, f"/api/v1{prefix}{path}".replace("//", "/"), name, schema


def _column(body: str, name: str) -> models.Field | None:
    model, named = BODIES[body]
    if name in named:
        target = named[name]
        if target is None or isinstance(target, str):
            return None
        return target[0]._meta.get_field(target[1])
    return model._meta.get_field(name)


def _limits(info: FieldInfo) -> dict[str, Any]:
    limits: dict[str, Any] = {}
    for meta in info.metadata:
        for key in ("max_length", "max_digits", "decimal_places", "gt", "ge", "lt", "le"):
            if getattr(meta, key, None) is not None:
                limits[key] = getattr(meta, key)
    return limits


def _json_property(schema: type[Schema], name: str) -> dict[str, Any]:
    document = schema.model_json_schema()
    prop = document["properties"][name]
    if "$ref" in prop:
        prop = document["$defs"][prop["$ref"].split("/")[-1]]
    return prop


def _bodies_written() -> Iterator[tuple[str, str, type[Schema]]]:
    """(path, body name, body schema) for every body an operation takes, and for every body
    nested in one as a list (`VoteIn.ballots`)."""
    for _method, path, body, schema in write_operations():
        yield path, body, schema
        for name, target in BODIES.get(body, (None, {}))[1].items():
            if isinstance(target, str):
                (nested,) = typing.get_args(schema.model_fields[name].annotation)
                yield path, target, nested


def test_every_write_body_is_as_strict_as_its_columns() -> None:
    checked, seen = 0, set()
    for path, body, schema in _bodies_written():
        assert body in BODIES, f"{path}: say which model {body} writes to"
        seen.add(body)
        for name, info in schema.model_fields.items():
            field = _column(body, name)
            limits = _limits(info)
            where = f"{body}.{name}"
            if isinstance(BODIES[body][1].get(name), str):
                continue  # checked as a body of its own
            if field is None:
                assert info.annotation in (bool, bool | None), where
                continue
            if field.choices:
                allowed = {str(value) for value, _label in field.choices}
                assert set(_json_property(schema, name)["enum"]) <= allowed, where
            elif isinstance(field, models.CharField | models.TextField):
                limit = field.max_length or TEXT_MAX_LENGTH
                assert _json_property(schema, name)["maxLength"] <= limit, where
            if isinstance(field, models.DecimalField):
                whole = decimal.Decimal(10) ** (field.max_digits - field.decimal_places)
                assert limits["max_digits"] <= field.max_digits, where
                assert limits["decimal_places"] <= field.decimal_places, where
                assert limits["gt"] >= -whole and limits["lt"] <= whole, where
            if isinstance(field, models.IntegerField):
                low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
                assert limits["ge"] >= low and limits["le"] <= high, where
            if isinstance(field, models.JSONField):
                prop = _json_property(schema, name)
                assert prop["maxItems"] <= LIST_MAX_ITEMS, where
                assert prop["items"]["maxLength"] <= LIST_ITEM_MAX_LENGTH, where
            if isinstance(field, models.DateField | models.TimeField | models.BooleanField):
                assert info.annotation is not str, where  # parsed, so bounded by its type
            checked += 1
    assert seen == set(BODIES), f"bodies no longer written: {set(BODIES) - seen}"
    assert checked >= 35


# Boundary values, generated from the same schemas ----------------------------------------

#: What every number field must refuse (JSON text, so 1e999999999 goes as written).
BAD_NUMBERS = ['"99999999999999"', "99999999999999", '"1e999999999"', "1e999999999", '"NaN"']
BAD_NUMBERS += ['"Infinity"', '"-Infinity"', '"0.00001"']
BAD_INTEGERS = ["9223372036854775808", "2147483648", "-1", "1e999999999"]


def _past_range(field: models.IntegerField) -> list[str]:
    """BAD_INTEGERS that lie outside the column's range, and its two neighbours outside it
    (a signed column such as spending's amount takes -1 and 2147483648)."""
    low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
    values = []
    for value in [*BAD_INTEGERS, str(low - 1), str(high + 1)]:
        try:
            inside = low <= int(value) <= high
        except ValueError:
            inside = False
        if not inside and value not in values:
            values.append(value)
    return values


def boundary_cases() -> Iterator[tuple[str, str, str, str, str]]:
    """(method, path, body, field, JSON value) past the column's limit."""
    for method, path, body, schema in write_operations():
        for name in schema.model_fields:
            field = _column(body, name)
            if field is None:
                continue
            if isinstance(field, models.CharField | models.TextField):
                limit = field.max_length or TEXT_MAX_LENGTH
                values = [json.dumps("x" * (limit + 1))]
                if field.choices:
                    values.append('"purple"')
            elif isinstance(field, models.DecimalField):
                values = BAD_NUMBERS
            elif isinstance(field, models.IntegerField):
                values = _past_range(field)
            elif isinstance(field, models.JSONField):
                values = [
                    json.dumps(["x"] * (LIST_MAX_ITEMS + 1)),
                    json.dumps(["x" * (LIST_ITEM_MAX_LENGTH + 1)]),
                ]
            else:
                continue
            for value in values:
                yield method, path, body, name, value


#: A body each operation takes apart from the field tried (its other required fields).
BASES: dict[str, dict[str, Any]] = {
    "ItemIn": {"title": "Punkt"},
    "ItemUpdateIn": {
        "title": "Punkt",
        "case_number": "",
        "kind": "decision",
        "start_time": None,
        "end_time": None,
        "presenters_text": "",
        "recommendation": [],
        "presentation": "",
        "is_closed": False,
        "version": 1,
    },
    "meetings.DecisionIn": {"decision": "Godkendt", "version": 1},
    "ConfirmationIn": {"what": "a", "who": "b", "where": "c", "when": "d"}
    | {"patient_involvement": "e"},
    "ReportIn": {"rag": "green", "version": 1},
    "actionplans.DecisionIn": {},
    "MeasurementIn": {"date": datetime.date(2024, 6, 30).isoformat(), "value": 41},
    "VoteIn": {"ballots": []},
    "SpendingIn": {"year": 2027, "quarter": 1, "amount": 250_000},
}


#: Where a case's decision takes the field tried: a deviation acted on (note) or escalated
#: (reason, ask), an escalation answered (decision). A field a decision does not take is
#: not stored, so it is tried where it is.
CASE_FIELDS: dict[str, tuple[str, dict[str, Any]]] = {
    "note": (ItemCase.Purpose.STATUS, {}),
    "reason": (ItemCase.Purpose.STATUS, {"escalate": True, "ask": "Hvad?"}),
    "ask": (ItemCase.Purpose.STATUS, {"escalate": True, "reason": "Fordi"}),
    "decision": (ItemCase.Purpose.ESCALATION, {}),
}


def _open_case(world: World, purpose: str) -> ItemCase:
    """A case not yet decided on the held meeting's open item."""
    held = MeetingStatus.HELD
    if purpose == ItemCase.Purpose.STATUS:  # the world's, decided: undecided again
        ItemCase.objects.filter(pk=world.cases[held].pk).update(decided_at=None, outcome="")
        return world.cases[held]
    return ItemCase.objects.create(
        agenda_item=world.open_items[held],
        initiative=world.initiatives[State.ACTIVE],
        purpose=purpose,
        escalation=world.escalations[held],
    )


def _url(path: str, world: World, cases: dict[str, ItemCase], name: str) -> str:
    """The path for an object the secretariat may write to, in a state that takes the
    write (decisions and votes are written on a held meeting)."""
    held = MeetingStatus.HELD
    minutes = path.endswith(("/decision", "/votes"))
    item = world.open_items[held if minutes else MeetingStatus.PLANNED]
    for param, pk in [
        ("{meeting_id}", world.meetings[MeetingStatus.PLANNED].pk),
        ("{item_id}", item.pk),
        ("{initiative_id}", next(iter(world.initiatives.values())).pk),
        ("{report_id}", world.report.pk),
        ("{case_id}", cases[CASE_FIELDS[name][0]].pk if name in CASE_FIELDS else 0),
        ("{indicator_id}", world.outcomes["indicator"].pk),
    ]:
        path = path.replace(param, str(pk))
    return path


CASES = list(boundary_cases())


def test_boundary_values_are_generated_for_every_write_operation() -> None:
    operations = {(method, path) for method, path, *_rest in write_operations()}
    assert {(method, path) for method, path, *_rest in CASES} == operations
    assert len(operations) >= 7 and len(CASES) >= 70


def test_a_value_past_its_column_is_refused_and_changes_nothing(
    world: World, settings: Any
) -> None:
    """One world for every case (built once: it takes seconds)."""
    settings.API_RATE_PER_MINUTE = 100_000  # the rate limit has its own test
    client = Client(raise_request_exception=False)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['secretariat']}"}
    changes = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE)
    before = changes.count()
    counts = [m.objects.count() for m in (AgendaItem, OrderConfirmation, Measurement)]
    cases = {purpose: _open_case(world, purpose) for purpose, _base in CASE_FIELDS.values()}
    failures = []
    for method, path, body, name, value in CASES:
        fields = BASES[body] | (CASE_FIELDS[name][1] if "{case_id}" in path else {})
        base = {key: json.dumps(v) for key, v in fields.items() if key != name}
        payload = "{" + ", ".join(f'"{key}": {v}' for key, v in [*base.items(), (name, value)])
        response = client.generic(
            method,
            _url(path, world, cases, name),
            payload + "}",
            content_type="application/json",
            **headers,
        )
        status, detail = response.status_code, response.json().get("detail")
        # 422 from the schema (digits, ranges, choices); 400 from the service, which checks
        # texts after cleaning them and names the field in Danish.
        refused = (status == 422 and name in detail[0]["loc"]) or (
            status == 400 and "højst" in detail
        )
        if not refused:
            failures.append(f"{method} {path} {name}={value[:30]}: {response.content[:200]!r}")
    assert not failures, "\n".join(failures)
    assert changes.count() == before
    assert [m.objects.count() for m in (AgendaItem, OrderConfirmation, Measurement)] == counts
