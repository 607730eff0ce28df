"""Spending imported from a CSV or XLSX file: a preview first, then the confirmation; nothing
is saved unless every row is right, and the file is kept."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.accounts.models import User
from klynge.actionplans.models import Initiative
from klynge.audit.services import record
from klynge.budgets.amounts import parse_kroner
from klynge.budgets.models import (
    Spending,
    SpendingImport,
)
from klynge.budgets.services.money import FIRST_YEAR, LAST_YEAR, council_initiatives
from klynge.core.exceptions import ServiceError
from klynge.core.files import ALREADY_IMPORTED, removed_on_failure, sign_preview, unsign_preview
from klynge.core.text import clean_text
from klynge.organisations.models import Cluster
from klynge.outcomes.reading import Formula, UnreadableTable, cell_text, read_table

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
    """The file as a token the confirmation posts back (`core.files.sign_preview`)."""
    return sign_preview(salt=_SALT, owner=cluster.pk, content=content, name=name)


def _unsign(token: str, *, cluster: Cluster) -> tuple[bytes, str, str]:
    return unsign_preview(
        token,
        salt=_SALT,
        owner=cluster.pk,
        wrong_owner=_("Forhåndsvisningen hører til et andet råd."),
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
