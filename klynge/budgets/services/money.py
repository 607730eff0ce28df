"""Every write to a council's money: the frame, allocations, co-financing commitments and
spending (entered, or imported from a file). One transaction each, audited.

An amount is checked by one function (`amounts.check_kroner`), whether typed into a page,
posted to the API or read from a file; an initiative belongs to the council when its action
plan's cluster is the council (`check_initiative`), and a grant's decision is one of the
council's decisions (`check_decision`), whatever form or request carried them here.
"""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.actionplans.models import Initiative
from klynge.audit.services import record
from klynge.budgets.amounts import check_kroner
from klynge.budgets.models import (
    Allocation,
    CoFinancing,
    Frame,
    Spending,
)
from klynge.core.exceptions import ServiceError
from klynge.core.text import clean_values
from klynge.meetings.models import HELD_OR_LATER, AgendaItem
from klynge.organisations.models import Cluster, Organisation

#: The years the models allow (their check constraints).
FIRST_YEAR, LAST_YEAR = 2000, 2100
#: A grant is for a few years at a time, not a century of rows.
MAX_GRANT_YEARS = 10


# The rules, each in one place ---------------------------------------------------------------


def council_initiatives(cluster: Cluster) -> QuerySet[Initiative]:
    """The initiatives a council's money may go to: those of its own action plans."""
    return Initiative.objects.filter(plan__cluster=cluster).select_related("plan")


def council_decisions(cluster: Cluster) -> QuerySet[AgendaItem]:
    """The decisions that may grant the council's money: items with a decision on the
    council's own bodies' meetings, once held."""
    return (
        AgendaItem.objects.filter(meeting__body__cluster=cluster, meeting__status__in=HELD_OR_LATER)
        .exclude(decision="")
        .select_related("meeting__body")
        .order_by("-meeting__date", "position")
    )


def decision_label(item: AgendaItem | None) -> str:
    """A decision as the log and the forms name it: the meeting, the item's number and title."""
    if item is None:
        return ""
    return f"{item.meeting} – {item}"


def check_initiative(cluster: Cluster, initiative: Initiative) -> None:
    if initiative.plan.cluster_id != cluster.pk:
        raise ServiceError(
            _("%(initiative)s hører ikke til %(cluster)s' handleplaner.")
            % {"initiative": initiative, "cluster": cluster.name}
        )


def check_decision(cluster: Cluster, item: AgendaItem) -> None:
    if not council_decisions(cluster).filter(pk=item.pk).exists():
        raise ServiceError(
            _(
                "“%(item)s” er ikke en beslutning i %(cluster)s: vælg et punkt med en "
                "beslutning fra et af rådets afholdte møder."
            )
            % {"item": item.title, "cluster": cluster.name}
        )


def check_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise ServiceError(_("Året skal være et helt tal, fx 2027."))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(
            _("Året %(year)s ligger uden for %(first)s–%(last)s.")
            % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return year


def check_amount(amount: Any, *, allow_negative: bool = False, label: str = "") -> int:
    try:
        return check_kroner(amount, allow_negative=allow_negative, label=label)
    except ValueError as error:
        raise ServiceError(str(error)) from error


def check_quarter(quarter: Any) -> int:
    if isinstance(quarter, bool) or quarter not in (1, 2, 3, 4):
        raise ServiceError(_("Kvartalet skal være 1, 2, 3 eller 4."))
    return int(quarter)


# The frame --------------------------------------------------------------------------------


@transaction.atomic
def set_frame(
    *, actor: User | None, cluster: Cluster, year: int, amount: int, note: str = ""
) -> Frame:
    """The council's frame for `year` (set, or changed)."""
    year = check_year(year)
    amount = check_amount(amount, label=_("Rammen"))
    note = clean_values(Frame, {"note": note})["note"]
    frame = Frame.objects.select_for_update().filter(cluster=cluster, year=year).first()
    if frame is None:
        frame = Frame.objects.create(
            cluster=cluster, year=year, amount=amount, note=note, created_by=actor
        )
        changes: dict[str, Any] = {"year": year, "amount": amount}
    else:
        changes = {"year": year}
        if frame.amount != amount:
            changes["amount"] = [frame.amount, amount]
        if frame.note != note:
            changes["note"] = [frame.note, note]
        if len(changes) == 1:
            return frame
        frame.amount, frame.note = amount, note
        frame.save(update_fields=["amount", "note"])
    record(actor=actor, action="frame.set", obj=frame, changes=changes)
    return frame


# Allocations ------------------------------------------------------------------------------


def _years(years: Iterable[int]) -> list[int]:
    chosen = sorted({check_year(year) for year in years})
    if not chosen:
        raise ServiceError(_("Vælg mindst ét år."))
    if len(chosen) > MAX_GRANT_YEARS:
        raise ServiceError(
            _("En bevilling gælder højst %(n)s år ad gangen.") % {"n": MAX_GRANT_YEARS}
        )
    return chosen


@transaction.atomic
def grant_allocation(
    *,
    actor: User | None,
    cluster: Cluster,
    initiative: Initiative,
    years: Iterable[int],
    amount: int,
    decision_item: AgendaItem | None,
    note: str = "",
) -> list[Allocation]:
    """Money granted to an initiative by a decision of the council: `amount` in each of
    `years`, one row a year with the same decision."""
    check_initiative(cluster, initiative)
    if decision_item is None:
        raise ServiceError(_("Vælg den beslutning, der bevilgede pengene."))
    check_decision(cluster, decision_item)
    amount = check_amount(amount, label=_("Beløbet pr. år"))
    note = clean_values(Allocation, {"note": note})["note"]
    allocations = []
    for year in _years(years):
        allocation = Allocation.objects.create(
            cluster=cluster,
            initiative=initiative,
            year=year,
            amount=amount,
            decision_item=decision_item,
            note=note,
            created_by=actor,
        )
        record(
            actor=actor,
            action="allocation.create",
            obj=allocation,
            changes={
                "initiative": str(initiative),
                "year": year,
                "amount": amount,
                "decision_item": decision_label(decision_item),
            },
        )
        allocations.append(allocation)
    return allocations


@transaction.atomic
def change_allocation(
    *,
    actor: User | None,
    allocation: Allocation,
    initiative: Initiative,
    year: int,
    amount: int,
    decision_item: AgendaItem | None,
    note: str = "",
) -> Allocation:
    cluster = allocation.cluster
    check_initiative(cluster, initiative)
    if decision_item is None:
        raise ServiceError(_("Vælg den beslutning, der bevilgede pengene."))
    check_decision(cluster, decision_item)
    values = {
        "initiative": initiative,
        "year": check_year(year),
        "amount": check_amount(amount, label=_("Beløbet")),
        "decision_item": decision_item,
        "note": clean_values(Allocation, {"note": note})["note"],
    }
    changes = _changes(allocation, values)
    if changes:
        for name, value in values.items():
            setattr(allocation, name, value)
        allocation.save(update_fields=list(values))
        record(actor=actor, action="allocation.update", obj=allocation, changes=changes)
    return allocation


def _shown(value: Any) -> Any:
    """A value as the log keeps it: rows by name, decisions by meeting and item."""
    if isinstance(value, AgendaItem):
        return decision_label(value)
    if isinstance(value, Initiative | Organisation):
        return str(value)
    return value


def _changes(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """[old, new] for each value that differs from what `obj` holds."""
    changes = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [_shown(old), _shown(value)]
    return changes


@transaction.atomic
def delete_allocation(*, actor: User | None, allocation: Allocation) -> None:
    record(
        actor=actor,
        action="allocation.delete",
        obj=allocation,
        changes={
            "initiative": str(allocation.initiative),
            "year": allocation.year,
            "amount": allocation.amount,
        },
    )
    allocation.delete()


# Co-financing -----------------------------------------------------------------------------


@transaction.atomic
def save_co_financing(
    *,
    actor: User | None,
    co_financing: CoFinancing,
    year: int,
    payer: Organisation,
    recipient: Organisation,
    service: str,
    amount: int,
    share_percent: int | None = None,
    initiative: Initiative | None = None,
    decision_item: AgendaItem | None = None,
    note: str = "",
) -> CoFinancing:
    """Create (`co_financing.cluster` set, no pk) or change a commitment that `payer` pays
    `share_percent` of `service` to `recipient` in `year`: `amount` kroner."""
    cluster = co_financing.cluster
    if payer.pk == recipient.pk:
        raise ServiceError(_("Betaler og modtager skal være to forskellige organisationer."))
    if share_percent is not None and (
        isinstance(share_percent, bool)
        or not isinstance(share_percent, int)
        or not 1 <= share_percent <= 100
    ):
        raise ServiceError(_("Andelen skal være en hel procent mellem 1 og 100."))
    if initiative is not None:
        check_initiative(cluster, initiative)
    if decision_item is not None:
        check_decision(cluster, decision_item)
    texts = clean_values(CoFinancing, {"service": service.strip(), "note": note})
    values: dict[str, Any] = {
        "year": check_year(year),
        "payer": payer,
        "recipient": recipient,
        "service": texts["service"],
        "share_percent": share_percent,
        "amount": check_amount(amount, label=_("Beløbet")),
        "initiative": initiative,
        "decision_item": decision_item,
        "note": texts["note"],
    }
    creating = co_financing.pk is None
    if creating:
        changes: dict[str, Any] = {
            name: _shown(value) for name, value in values.items() if value not in (None, "")
        }
    else:
        changes = _changes(co_financing, values)
    for name, value in values.items():
        setattr(co_financing, name, value)
    if creating:
        co_financing.created_by = actor
        co_financing.save()
    elif changes:
        co_financing.save(update_fields=list(values))
    if changes:
        action = "co_financing.create" if creating else "co_financing.update"
        record(actor=actor, action=action, obj=co_financing, changes=changes)
    return co_financing


@transaction.atomic
def delete_co_financing(*, actor: User | None, co_financing: CoFinancing) -> None:
    record(
        actor=actor,
        action="co_financing.delete",
        obj=co_financing,
        changes={
            "payer": str(co_financing.payer),
            "recipient": str(co_financing.recipient),
            "year": co_financing.year,
            "amount": co_financing.amount,
        },
    )
    co_financing.delete()


# Spending ---------------------------------------------------------------------------------


@transaction.atomic
def set_spending(
    *,
    actor: User | None,
    cluster: Cluster,
    initiative: Initiative,
    year: int,
    quarter: int,
    amount: int,
    note: str = "",
) -> Spending:
    """What `initiative` spent in a quarter: entered once, and entered again to correct it
    (one row a quarter). A negative amount is a correction (a refund)."""
    check_initiative(cluster, initiative)
    year, quarter = check_year(year), check_quarter(quarter)
    amount = check_amount(amount, allow_negative=True, label=_("Forbruget"))
    note = clean_values(Spending, {"note": note})["note"]
    spending = (
        Spending.objects.select_for_update()
        .filter(initiative=initiative, year=year, quarter=quarter)
        .first()
    )
    if spending is None:
        try:
            with transaction.atomic():
                spending = Spending.objects.create(
                    cluster=cluster,
                    initiative=initiative,
                    year=year,
                    quarter=quarter,
                    amount=amount,
                    note=note,
                    created_by=actor,
                )
        except IntegrityError as error:  # entered by someone else at the same moment
            raise ServiceError(
                _("Forbruget for kvartalet er netop registreret af en anden. Prøv igen.")
            ) from error
        changes: dict[str, Any] = {"initiative": str(initiative), "year": year}
        changes |= {"quarter": quarter, "amount": amount}
    else:
        changes = {"initiative": str(initiative), "year": year, "quarter": quarter}
        if spending.amount != amount:
            changes["amount"] = [spending.amount, amount]
        if spending.note != note:
            changes["note"] = [spending.note, note]
        if len(changes) == 3 and spending.source == Spending.Source.ENTERED:
            return spending
        spending.amount, spending.note, spending.created_by = amount, note, actor
        spending.source, spending.imported_from = Spending.Source.ENTERED, None
        # A row entered before the initiative was carried over to this council follows it.
        spending.cluster = cluster
        spending.save(
            update_fields=[
                "cluster",
                "amount",
                "note",
                "created_by",
                "source",
                "imported_from",
                "updated_at",
            ]
        )
    record(actor=actor, action="spending.set", obj=spending, changes=changes)
    return spending


@transaction.atomic
def delete_spending(*, actor: User | None, spending: Spending) -> None:
    record(
        actor=actor,
        action="spending.delete",
        obj=spending,
        changes={
            "initiative": str(spending.initiative),
            "year": spending.year,
            "quarter": spending.quarter,
            "amount": spending.amount,
        },
    )
    spending.delete()
