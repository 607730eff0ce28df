"""Every write to a council's money: the frame, allocations, co-financing commitments and
spending (entered, or imported from a file). One transaction each, audited.

An amount is checked by one function (`amounts.check_kroner`), whether typed into a page,
posted to the API or read from a file; an initiative belongs to the council when its action
plan's cluster is the council (`check_initiative`), and a grant's decision is one of the
council's decisions (`check_decision`), whatever form or request carried them here.
"""

import base64
import datetime
import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.accounts.models import User
from klynge.actionplans.models import Initiative
from klynge.audit.services import record
from klynge.budgets.amounts import check_kroner, parse_kroner
from klynge.budgets.models import (
    Allocation,
    CoFinancing,
    Frame,
    Spending,
    SpendingImport,
)
from klynge.core.exceptions import ServiceError
from klynge.core.files import removed_on_failure
from klynge.core.text import clean_text, clean_values
from klynge.meetings.models import HELD_OR_LATER, AgendaItem
from klynge.organisations.models import Cluster, Organisation
from klynge.outcomes.reading import Formula, UnreadableTable, cell_text, read_table

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


# Importing spending from a file -------------------------------------------------------------

#: One import is a council's quarters, not a ledger.
MAX_IMPORT_ROWS = 5_000

#: The columns an import reads, by the names people give them.
COLUMNS = {
    "initiative": {"indsats", "indsatser", "initiativ", "indsatsnummer", "indsats nr.", "nr."},
    "year": {"år", "aar", "year", "regnskabsår"},
    "quarter": {"kvartal", "kvt.", "kvt", "quarter"},
    "amount": {"beløb", "beloeb", "forbrug", "amount", "beløb (kr.)", "forbrug (kr.)", "kr."},
    "note": {"note", "bemærkning", "kommentar"},
}

COLUMN_LABELS = {
    "initiative": gettext_lazy("Indsats"),
    "year": gettext_lazy("År"),
    "quarter": gettext_lazy("Kvartal"),
    "amount": gettext_lazy("Beløb"),
    "note": gettext_lazy("Note"),
}

_QUARTER = re.compile(
    r"^(?:[KkQq]\s*([1-4])|([1-4])\.?\s*(?:kvartal|kvt\.?)?|kvartal\s*([1-4]))$", re.I
)
_NUMBERED = re.compile(r"^(?:indsats\s*)?(?:nr\.?\s*)?(\d{1,9})\.?(?:\s*[:.–-]\s*.*)?$", re.I)


def parse_quarter(value: Any) -> int:
    """A quarter from a cell: 1-4, `K1`, `Q1`, `1. kvartal`, `1. kvt.`, `kvartal 1`.
    Raises ValueError with a Danish message."""
    if isinstance(value, Formula):
        raise ValueError(_("kvartalet er en formel; indsæt værdien"))
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return value
    if isinstance(value, float) and value in (1.0, 2.0, 3.0, 4.0):
        return int(value)
    text = cell_text(value)
    if not text:
        raise ValueError(_("kvartalet mangler"))
    if m := _QUARTER.match(text):
        return int(m[1] or m[2] or m[3])
    raise ValueError(
        _("“%(text)s” er ikke et kvartal (skriv 1–4, K1 eller 1. kvartal)") % {"text": text[:40]}
    )


def parse_year(value: Any) -> int:
    """A year from a cell. Raises ValueError with a Danish message."""
    if isinstance(value, Formula):
        raise ValueError(_("året er en formel; indsæt værdien"))
    if isinstance(value, datetime.date):
        return value.year
    text = cell_text(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text:
        raise ValueError(_("året mangler"))
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(_("“%(text)s” er ikke et år") % {"text": text[:40]})
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            _("året %(year)s ligger uden for %(first)s–%(last)s")
            % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return year


def _amount_cell(value: Any) -> int:
    if isinstance(value, Formula):
        raise ValueError(
            _("cellen indeholder en formel (%(text)s); indsæt værdien") % {"text": value[:40]}
        )
    return parse_kroner(value, allow_negative=True, label=_("beløbet"))


class InitiativeFinder:
    """The council's initiatives by number (`3`, `Indsats 3`, `Indsats 3: Titel`) or by
    title, as a spreadsheet names them."""

    def __init__(self, cluster: Cluster) -> None:
        self.initiatives = list(council_initiatives(cluster))
        self.by_number: dict[int, list[Initiative]] = {}
        self.by_text: dict[str, Initiative] = {}
        for initiative in self.initiatives:
            self.by_number.setdefault(initiative.number, []).append(initiative)
            self.by_text.setdefault(_key(initiative.title), initiative)
            self.by_text.setdefault(_key(str(initiative)), initiative)

    def find(self, value: Any) -> Initiative:
        if isinstance(value, Formula):
            raise ValueError(_("indsatsen er en formel; indsæt værdien"))
        text = cell_text(value)
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not text:
            raise ValueError(_("indsatsen mangler"))
        if found := self.by_text.get(_key(text)):
            return found
        if m := _NUMBERED.match(text):
            candidates = self.by_number.get(int(m[1]), [])
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                raise ValueError(
                    _(
                        "der er flere indsatser med nummer %(n)s (i hver sin handleplan); "
                        "skriv indsatsens titel"
                    )
                    % {"n": m[1]}
                )
        raise ValueError(
            _("indsatsen “%(text)s” findes ikke i rådets handleplaner") % {"text": text[:60]}
        )


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class SpendingRow:
    line: int
    cells: list[str]
    initiative: Initiative | None = None
    year: int | None = None
    quarter: int | None = None
    amount: int | None = None
    note: str = ""
    errors: list[str] = field(default_factory=list)
    replaces: Spending | None = None

    @property
    def key(self) -> tuple[int, int, int] | None:
        if self.initiative is None or self.year is None or self.quarter is None:
            return None
        return (self.initiative.pk, self.year, self.quarter)

    @property
    def unchanged(self) -> bool:
        return self.replaces is not None and (self.replaces.amount, self.replaces.note) == (
            self.amount,
            self.note,
        )


@dataclass
class SpendingPreview:
    name: str
    columns: list[str]
    rows: list[SpendingRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def row_errors(self) -> list[SpendingRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.row_errors and bool(self.rows)

    @property
    def created(self) -> int:
        return sum(1 for row in self.rows if row.replaces is None)

    @property
    def changed(self) -> int:
        return sum(1 for row in self.rows if row.replaces is not None and not row.unchanged)

    @property
    def total(self) -> int:
        return sum(row.amount or 0 for row in self.rows)

    def messages(self, limit: int = 10) -> list[str]:
        """The file's and the rows' errors in words, row by row."""
        found = list(self.errors)
        for row in self.row_errors[:limit]:
            found.append(
                _("Række %(line)s: %(errors)s.")
                % {"line": row.line, "errors": "; ".join(row.errors)}
            )
        return found


def _column_map(columns: list[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(columns):
        key = _key(name)
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = index
                break
        else:
            ignored.append(name or _("(uden navn)"))
    return found, ignored


def preview_spending_import(*, cluster: Cluster, content: bytes, name: str) -> SpendingPreview:
    """Read a CSV or XLSX file of spending (indsats, år, kvartal, beløb); check every row;
    save nothing."""
    try:
        table = read_table(content, max_rows=MAX_IMPORT_ROWS)
    except UnreadableTable as error:
        return SpendingPreview(name=name, columns=[], errors=[error.message])
    columns, ignored = _column_map(table.columns)
    preview = SpendingPreview(name=name, columns=table.columns, ignored_columns=ignored)
    missing = [c for c in ("initiative", "year", "quarter", "amount") if c not in columns]
    if missing:
        preview.errors.append(
            _(
                "Filen skal have kolonnerne “indsats”, “år”, “kvartal” og “beløb” (og gerne "
                "“note”). Der mangler: %(missing)s. Overskrifterne i filen er: %(found)s."
            )
            % {
                "missing": ", ".join(f"“{COLUMN_LABELS[c]}”".lower() for c in missing),
                "found": ", ".join(f"“{c}”" for c in table.columns) or _("ingen"),
            }
        )
        return preview
    finder = InitiativeFinder(cluster)
    existing = {
        (s.initiative_id, s.year, s.quarter): s
        for s in Spending.objects.filter(initiative__in=finder.initiatives)
    }
    seen: dict[tuple[int, int, int], int] = {}
    for line, cells in table.rows:

        def cell(column: str, cells: list[Any] = cells) -> Any:
            index = columns.get(column)
            return cells[index] if index is not None and index < len(cells) else None

        row = SpendingRow(line=line, cells=[cell_text(c) for c in cells[: len(table.columns)]])
        readers: list[tuple[str, Any]] = [
            ("initiative", finder.find),
            ("year", parse_year),
            ("quarter", parse_quarter),
            ("amount", _amount_cell),
        ]
        for column, read in readers:
            try:
                setattr(row, column, read(cell(column)))
            except ValueError as error:
                row.errors.append(f"{COLUMN_LABELS[column]}: {str(error).rstrip('.')}")
        note = cell_text(cell("note"))
        if note.startswith("="):
            row.errors.append(_("Note: cellen indeholder en formel"))
        row.note = clean_text(note)[:500]
        if (key := row.key) is not None:
            if key in seen:
                row.errors.append(
                    _("%(initiative)s, %(quarter)s. kvartal %(year)s står også i række %(line)s")
                    % {
                        "initiative": row.initiative,
                        "quarter": row.quarter,
                        "year": row.year,
                        "line": seen[key],
                    }
                )
            seen.setdefault(key, line)
            row.replaces = existing.get(key)
        preview.rows.append(row)
    if not preview.rows:
        preview.errors.append(_("Filen har ingen rækker under overskrifterne."))
    return preview


_SALT = "klynge.budgets.import"


def sign_spending_import(*, cluster: Cluster, content: bytes, name: str) -> str:
    """The file as a token the confirmation posts back: nothing is stored before then. The
    token names its preview, so it confirms one import only."""
    return signing.dumps(
        {
            "c": cluster.pk,
            "n": name,
            "f": base64.b64encode(content).decode(),
            "p": secrets.token_hex(16),
        },
        salt=_SALT,
        compress=True,
    )


def _unsign(token: str, *, cluster: Cluster) -> tuple[bytes, str, str]:
    try:
        data = signing.loads(token, salt=_SALT, max_age=datetime.timedelta(hours=2))
    except signing.BadSignature as error:
        raise ServiceError(_("Forhåndsvisningen er udløbet. Vælg filen igen.")) from error
    if data.get("c") != cluster.pk:
        raise ServiceError(_("Forhåndsvisningen hører til et andet råd."))
    return base64.b64decode(data["f"]), str(data["n"]), str(data.get("p", ""))


#: Said to a second confirmation of the same preview (a page sent twice, the back button).
ALREADY_IMPORTED = gettext_lazy(
    "Filen fra denne forhåndsvisning er allerede indlæst, og intet er ændret. Vælg filen "
    "igen, hvis den skal indlæses en gang til."
)


@transaction.atomic
def confirm_spending_import(*, actor: User | None, cluster: Cluster, token: str) -> SpendingImport:
    """Import what a preview showed, once: its token confirms one import."""
    content, name, key = _unsign(token, cluster=cluster)
    if not key or SpendingImport.objects.filter(preview_key=key).exists():
        raise ServiceError(str(ALREADY_IMPORTED))
    return import_spending(
        actor=actor, cluster=cluster, content=content, name=name, preview_key=key
    )


@transaction.atomic
def import_spending(
    *,
    actor: User | None,
    cluster: Cluster,
    content: bytes,
    name: str,
    preview_key: str | None = None,
) -> SpendingImport:
    """Save what the preview showed: every row or none; the original file is kept."""
    preview = preview_spending_import(cluster=cluster, content=content, name=name)
    if not preview.ok:
        raise ServiceError(
            _("Filen kan ikke indlæses. Intet er gemt. %(errors)s")
            % {"errors": " ".join(preview.messages(5))}
        )
    batch = SpendingImport(
        cluster=cluster,
        original_name=clean_text(name)[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        rows=len(preview.rows),
        imported_by=actor,
        preview_key=preview_key,
    )
    batch.file.save(name or "forbrug", ContentFile(content), save=False)
    with removed_on_failure(batch.file):
        try:
            with transaction.atomic():
                batch.save()
        except IntegrityError as error:  # the same preview confirmed at the same moment
            raise ServiceError(str(ALREADY_IMPORTED)) from error
        imported = Spending.Source.IMPORTED
        updated = []
        created = []
        for row in preview.rows:
            assert row.initiative and row.year and row.quarter and row.amount is not None
            if row.replaces is not None:
                spending = row.replaces
                spending.amount, spending.note, spending.source = row.amount, row.note, imported
                spending.imported_from, spending.created_by = batch, actor
                spending.cluster = cluster
                updated.append(spending)
            else:
                created.append(
                    Spending(
                        cluster=cluster,
                        initiative=row.initiative,
                        year=row.year,
                        quarter=row.quarter,
                        amount=row.amount,
                        note=row.note,
                        source=imported,
                        imported_from=batch,
                        created_by=actor,
                    )
                )
        now = timezone.now()
        for spending in updated:
            spending.updated_at = now  # bulk_update passes auto_now by
        try:
            with transaction.atomic():
                Spending.objects.bulk_update(
                    updated,
                    [
                        "cluster",
                        "amount",
                        "note",
                        "source",
                        "imported_from",
                        "created_by",
                        "updated_at",
                    ],
                )
                Spending.objects.bulk_create(created)
        except IntegrityError as error:  # a quarter entered by hand since the preview
            raise ServiceError(
                _(
                    "Forbrug for et af kvartalerne er registreret, siden forhåndsvisningen blev "
                    "vist. Intet er gemt. Vælg filen igen."
                )
            ) from error
        record(
            actor=actor,
            action="spending.import",
            obj=batch,
            changes={
                "original_name": batch.original_name,
                "sha256": batch.sha256,
                "rows": batch.rows,
                "created": len(created),
                "replaced": len(updated),
                "total": preview.total,
            },
        )
    return batch
