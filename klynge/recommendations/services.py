"""Writes of recommendations: sending them, moving them along, the external bodies.

A recommendation's state changes only through `change_recommendation_state`, which checks
ALLOWED_TRANSITIONS and updates conditionally (`filter(pk=…, state=old).update(…)`), so two
people entering the same answer at once cannot both succeed.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.services import record, save_with_audit
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.core.text import clean_values
from klynge.meetings.models import HELD_OR_LATER, AgendaItem
from klynge.organisations.models import Body
from klynge.recommendations.models import (
    ExternalBody,
    Outcome,
    Recommendation,
    RecommendationStateChange,
    State,
)

_http_url = URLValidator(schemes=["http", "https"])


def check_url(url: str, label: str, *, model: type[models.Model], field: str) -> str:
    """`url` if it is empty or an http(s) address that fits its column (`model.field`); a
    Danish message otherwise."""
    column = model._meta.get_field(field)
    assert isinstance(column, models.URLField), field
    limit = column.max_length or 200
    url = url.strip()
    if not url:
        return ""
    if len(url) > limit:
        raise ServiceError(
            _("“%(field)s” må højst være %(limit)s tegn (den er %(length)s).")
            % {"field": label, "limit": limit, "length": len(url)}
        )
    try:
        _http_url(url)
    except ValidationError:
        raise ServiceError(
            _("“%(field)s” skal være en webadresse, der begynder med http:// eller https://.")
            % {"field": label}
        ) from None
    return url


def _day(date: datetime.date) -> str:
    return date_format(date, "j. F Y")


@transaction.atomic
def save_external_body(
    *, actor: User | None, external_body: ExternalBody, values: dict[str, Any]
) -> ExternalBody:
    """Create or change an external body (administrators and secretariats)."""
    values = {
        **values,
        "url": check_url(values.get("url", ""), _("Hjemmeside"), model=ExternalBody, field="url"),
    }
    name = clean_values(ExternalBody, {"name": values.get("name", "")})["name"]
    if ExternalBody.objects.filter(name__iexact=name).exclude(pk=external_body.pk).exists():
        raise ServiceError(_("Der findes allerede et eksternt organ med navnet “%s”.") % name)
    new = external_body.pk is None
    save_with_audit(
        actor=actor,
        obj=external_body,
        values=values,
        action="external_body.create" if new else "external_body.update",
    )
    return external_body


@transaction.atomic
def send_recommendations(
    *,
    actor: User | None,
    item: AgendaItem,
    sent_on: datetime.date,
    to_external: list[ExternalBody] = (),  # type: ignore[assignment]
    to_bodies: list[Body] = (),  # type: ignore[assignment]
) -> list[Recommendation]:
    """The decision on `item` recommends something to each receiver: one recommendation
    each, sent on `sent_on`. All or none are saved."""
    meeting = item.meeting
    if meeting.status not in HELD_OR_LATER:
        raise ServiceError(_("En anbefaling sendes videre, når mødet er holdt."))
    if not to_external and not to_bodies:
        raise ServiceError(_("Vælg mindst ét organ, anbefalingen sendes til."))
    if sent_on < meeting.date:
        raise ServiceError(
            _(
                "Anbefalingen kan ikke være sendt (%(sent)s) før mødet, "
                "der besluttede den (%(meeting)s)."
            )
            % {"sent": _day(sent_on), "meeting": _day(meeting.date)}
        )
    if meeting.body_id in {body.pk for body in to_bodies}:
        raise ServiceError(_("Et organ kan ikke sende en anbefaling til sig selv."))
    created = []
    receivers: list[dict[str, Any]] = [{"to_external": e} for e in to_external]
    receivers += [{"to_body": b} for b in to_bodies]
    for receiver in receivers:
        (name,) = (r.name for r in receiver.values())
        if item.recommendations.filter(**receiver).exists():
            raise ServiceError(_("Anbefalingen er allerede sendt til %s.") % name)
        recommendation = Recommendation.objects.create(
            item=item, sent_on=sent_on, created_by=actor, **receiver
        )
        RecommendationStateChange.objects.create(
            recommendation=recommendation, from_state="", to_state=State.SENT, actor=actor
        )
        record(
            actor=actor,
            action="recommendation.send",
            obj=recommendation,
            # Named by the receiver's field, so the history labels it in words.
            changes={next(iter(receiver)): name, "sent_on": sent_on.isoformat()},
        )
        created.append(recommendation)
    return created


@transaction.atomic
def change_recommendation_state(
    *,
    actor: User | None,
    recommendation: Recommendation,
    to_state: str,
    meeting_date: datetime.date | None = None,
    agenda_url: str = "",
    decided_on: datetime.date | None = None,
    decision_text: str = "",
    outcome: str = "",
    minutes_url: str = "",
) -> Recommendation:
    """Move a recommendation on: on the receiver's agenda (their meeting's date, a link to
    the agenda), decided (their decision, its date and outcome, a link to the minutes), or
    back to sent (taken off their agenda)."""
    from_state = recommendation.state
    if to_state not in State.values or not recommendation.can_change_to(to_state):
        raise ServiceError(
            _("Anbefalingen kan ikke gå fra “%(old)s” til “%(new)s”.")
            % {
                "old": State(from_state).label,
                "new": State(to_state).label if to_state in State.values else to_state,
            }
        )
    sent_on = recommendation.sent_on
    values: dict[str, Any]
    if to_state == State.ON_AGENDA:
        if meeting_date is None:
            raise ServiceError(_("Angiv datoen for modtagerens møde."))
        if meeting_date < sent_on:
            raise ServiceError(
                _(
                    "Modtagerens møde (%(date)s) kan ikke ligge før "
                    "anbefalingen blev sendt (%(sent)s)."
                )
                % {"date": _day(meeting_date), "sent": _day(sent_on)}
            )
        values = {
            "meeting_date": meeting_date,
            "agenda_url": check_url(
                agenda_url, _("Link til dagsordenen"), model=Recommendation, field="agenda_url"
            ),
        }
    elif to_state == State.DECIDED:
        if decided_on is None:
            raise ServiceError(_("Angiv datoen for modtagerens beslutning."))
        if decided_on < sent_on:
            raise ServiceError(
                _("Beslutningen (%(date)s) kan ikke ligge før anbefalingen blev sendt (%(sent)s).")
                % {"date": _day(decided_on), "sent": _day(sent_on)}
            )
        if recommendation.meeting_date and decided_on < recommendation.meeting_date:
            raise ServiceError(
                _(
                    "Beslutningen (%(date)s) kan ikke ligge før modtagerens møde "
                    "(%(meeting)s), hvor sagen var på dagsordenen."
                )
                % {"date": _day(decided_on), "meeting": _day(recommendation.meeting_date)}
            )
        if outcome not in Outcome.values:
            raise ServiceError(_("Vælg udfaldet: tiltrådt, tiltrådt med ændringer eller afvist."))
        values = clean_values(Recommendation, {"decision_text": decision_text}) | {
            "decided_on": decided_on,
            "outcome": outcome,
            "minutes_url": check_url(
                minutes_url, _("Link til referatet"), model=Recommendation, field="minutes_url"
            ),
        }
    else:  # back to sent: off their agenda
        values = {"meeting_date": None, "agenda_url": ""}
    updated = Recommendation.objects.filter(pk=recommendation.pk, state=from_state).update(
        state=to_state, **values
    )
    if not updated:
        raise ConcurrentEditError(
            _("Anbefalingen er netop ændret af en anden. Genindlæs siden og prøv igen.")
        )
    recommendation.state = to_state
    for name, value in values.items():
        setattr(recommendation, name, value)
    RecommendationStateChange.objects.create(
        recommendation=recommendation, from_state=from_state, to_state=to_state, actor=actor
    )
    changes: dict[str, Any] = {"state": [from_state, to_state]}
    changes |= {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in values.items()
        if value not in (None, "")
    }
    record(actor=actor, action="recommendation.state", obj=recommendation, changes=changes)
    for path in settings.RECOMMENDATION_STATE_HOOKS:
        import_string(path)(actor=actor, recommendation=recommendation)
    return recommendation
