"""Every write to indicators, measurements, evaluation notes and data packages: one
transaction each, audited.

A measurement is checked by one function, `check_measurement`, whether it is typed into the
page, posted to the API or read from a file; an import is read twice (for the preview and
again on confirmation) by the same `preview_import`, so what is saved is what was shown.
"""

import datetime
import decimal
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.accounts.models import User
from klynge.actionplans.models import Initiative, Theme
from klynge.audit.services import record, save_with_audit
from klynge.core.exceptions import ServiceError
from klynge.core.files import ALREADY_IMPORTED, removed_on_failure, sign_preview, unsign_preview
from klynge.core.text import clean_text, clean_values
from klynge.outcomes.models import (
    DataPackage,
    DeliverableStatus,
    EvaluationNote,
    Indicator,
    Measurement,
    MeasurementImport,
    Unit,
    format_value,
    percent_of,
    storable_value,
)
from klynge.outcomes.reading import (
    Table,
    UnreadableTable,
    cell_text,
    parse_date,
    parse_number,
    read_table,
)

#: Measurements are of things that have happened, since Klynge's oldest archive.
EARLIEST_DATE = datetime.date(2000, 1, 1)
#: One import is one indicator's history, not a data warehouse.
MAX_IMPORT_ROWS = 5_000
#: A data package is a table to read and chart, not a register extract.
MAX_PACKAGE_ROWS = 500
MAX_PACKAGE_COLUMNS = 30

D = decimal.Decimal


# Indicators -------------------------------------------------------------------------------


def _check_value(indicator: Indicator, value: D | None, label: str) -> None:
    if value is None:
        return
    try:
        storable_value(value)
    except ValueError as error:
        raise ServiceError(f"{label}: {error}.") from error
    if indicator.unit == Unit.PERCENT and not 0 <= value <= 100:
        raise ServiceError(
            _("%(label)s er en procentdel og skal ligge mellem 0 og 100.") % {"label": label}
        )
    if indicator.unit == Unit.COUNT and value < 0:
        raise ServiceError(_("%(label)s er et antal og kan ikke være negativ.") % {"label": label})


@transaction.atomic
def save_indicator(
    *, actor: User | None, indicator: Indicator, values: dict[str, Any]
) -> Indicator:
    """Create or change an indicator; its cluster follows its initiative or theme."""
    values = clean_values(Indicator, values)
    for name in ("unit", "direction", "dimension", "data_source"):
        if name in values:
            setattr(indicator, name, values[name])
    for name, label in [
        ("baseline", _("Baseline")),
        ("target", _("Måltallet")),
        ("comparison", _("Sammenligningen")),
    ]:
        _check_value(indicator, values.get(f"{name}_value"), label)
    for name, label in [("baseline", _("Baseline")), ("target", _("Måltallet"))]:
        if values.get(f"{name}_value") is not None and not values.get(f"{name}_date"):
            raise ServiceError(_("%(label)s skal have en dato.") % {"label": label})
    if values.get("comparison_value") is not None and not values.get("comparison_label"):
        raise ServiceError(_("Skriv, hvad sammenligningen er (fx Landsgennemsnit)."))
    if indicator.initiative_id:
        indicator.cluster_id = indicator.initiative.plan.cluster_id  # type: ignore[union-attr]
    elif indicator.theme_id:
        indicator.cluster_id = indicator.theme.cluster_id  # type: ignore[union-attr]
    creating = indicator.pk is None
    if creating:
        indicator.created_by = actor
        indicator.position = (
            Indicator.objects.filter(
                cluster_id=indicator.cluster_id,
                initiative=indicator.initiative,
                theme=indicator.theme,
            ).count()
            + 1
        )
    save_with_audit(
        actor=actor,
        obj=indicator,
        values=values,
        action="indicator.create" if creating else "indicator.update",
    )
    return indicator


@transaction.atomic
def delete_indicator(*, actor: User | None, indicator: Indicator) -> None:
    record(
        actor=actor,
        action="indicator.delete",
        obj=indicator,
        changes={"measurements": indicator.measurements.count()},
    )
    indicator.delete()


# Measurements -----------------------------------------------------------------------------


@dataclass
class Checked:
    date: datetime.date
    value: D
    numerator: D | None = None
    denominator: D | None = None
    source: str = ""
    note: str = ""


def check_measurement(
    indicator: Indicator,
    *,
    date: datetime.date,
    value: D | None,
    numerator: D | None = None,
    denominator: D | None = None,
    today: datetime.date | None = None,
) -> tuple[Checked | None, list[str]]:
    """The measurement as it would be stored, or the Danish reasons it cannot be."""
    errors = []
    numbers = {"value": value, "numerator": numerator, "denominator": denominator}
    for name, number in numbers.items():
        if number is not None:
            try:
                numbers[name] = storable_value(number)
            except ValueError as error:
                errors.append(f"{COLUMN_LABELS[name]}: {error}")
    if errors:
        return None, errors
    value, numerator, denominator = numbers.values()
    today = today or timezone.localdate()
    if not EARLIEST_DATE <= date <= today:
        errors.append(
            _("datoen %(date)s ligger uden for perioden %(first)s til i dag")
            % {"date": date.strftime("%d-%m-%Y"), "first": EARLIEST_DATE.strftime("%d-%m-%Y")}
        )
    if (numerator is None) != (denominator is None):
        errors.append(_("angiv både tæller og nævner, eller ingen af dem"))
    elif numerator is not None and denominator is not None:
        if indicator.unit != Unit.PERCENT:
            errors.append(_("tæller og nævner bruges kun ved procentdele"))
        elif denominator <= 0:
            errors.append(_("nævneren skal være større end 0"))
        elif numerator < 0:
            errors.append(_("tælleren kan ikke være negativ"))
        elif numerator > denominator:
            errors.append(
                _("tælleren (%(n)s) er større end nævneren (%(d)s)")
                % {"n": format_value(numerator), "d": format_value(denominator)}
            )
        else:
            computed = percent_of(numerator, denominator)
            if value is not None and abs(value - computed) > D("0.05"):
                errors.append(
                    _("værdien %(value)s passer ikke med tæller/nævner (%(computed)s)")
                    % {
                        "value": format_value(value, indicator.unit),
                        "computed": format_value(computed, indicator.unit),
                    }
                )
            value = computed
    if value is None:
        if not errors:
            errors.append(_("værdien mangler"))
    elif indicator.unit == Unit.PERCENT and not 0 <= value <= 100:
        errors.append(
            _("%(value)s er ikke en procentdel mellem 0 og 100") % {"value": format_value(value)}
        )
    elif indicator.unit == Unit.COUNT and (value < 0 or value != value.to_integral_value()):
        errors.append(
            _("%(value)s er ikke et antal (et helt tal, 0 eller derover)")
            % {"value": format_value(value)}
        )
    if errors or value is None:
        return None, errors
    return Checked(date=date, value=value, numerator=numerator, denominator=denominator), []


@transaction.atomic
def add_measurement(
    *,
    actor: User | None,
    indicator: Indicator,
    date: datetime.date,
    value: D | None = None,
    numerator: D | None = None,
    denominator: D | None = None,
    source: str = "",
    note: str = "",
) -> Measurement:
    checked, errors = check_measurement(
        indicator, date=date, value=value, numerator=numerator, denominator=denominator
    )
    if checked is None:
        raise ServiceError(
            _("Målingen kan ikke gemmes: %(errors)s.") % {"errors": "; ".join(errors)}
        )
    if indicator.measurements.filter(date=date).exists():
        raise ServiceError(
            _("Der er allerede en måling pr. %(date)s. Slet den først, hvis den skal rettes.")
            % {"date": date.strftime("%d-%m-%Y")}
        )
    values = clean_values(Measurement, {"source": source, "note": note})
    measurement = Measurement.objects.create(
        indicator=indicator,
        date=checked.date,
        value=checked.value,
        numerator=checked.numerator,
        denominator=checked.denominator,
        entered_by=actor,
        **values,
    )
    record(
        actor=actor,
        action="measurement.create",
        obj=indicator,
        changes={"date": str(date), "value": str(checked.value), "source": values["source"]},
    )
    return measurement


@transaction.atomic
def delete_measurement(*, actor: User | None, measurement: Measurement) -> None:
    record(
        actor=actor,
        action="measurement.delete",
        obj=measurement.indicator,
        changes={"date": str(measurement.date), "value": str(measurement.value)},
    )
    measurement.delete()


# Imports ----------------------------------------------------------------------------------

#: The columns an import reads, by the names people give them.
COLUMNS = {
    "date": {"dato", "date", "periode", "opgjort pr.", "opgjort"},
    "value": {"værdi", "vaerdi", "value", "resultat", "andel", "antal", "beløb"},
    "numerator": {"tæller", "taeller", "numerator"},
    "denominator": {"nævner", "naevner", "denominator"},
    "source": {"kilde", "source", "datakilde"},
    "note": {"note", "bemærkning", "kommentar"},
}


#: The columns as the messages name them.
COLUMN_LABELS = {
    "date": gettext_lazy("Dato"),
    "value": gettext_lazy("Værdi"),
    "numerator": gettext_lazy("Tæller"),
    "denominator": gettext_lazy("Nævner"),
    "source": gettext_lazy("Kilde"),
    "note": gettext_lazy("Note"),
}


@dataclass
class PreviewRow:
    line: int
    cells: list[str]
    checked: Checked | None
    errors: list[str]
    replaces: Measurement | None = None


@dataclass
class ImportPreview:
    name: str
    columns: list[str]
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def row_errors(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.row_errors and bool(self.rows)

    @property
    def replaced(self) -> int:
        return sum(1 for row in self.rows if row.replaces is not None)


def _column_map(table: Table) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(table.columns):
        key = name.strip().lower()
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = index
                break
        else:
            ignored.append(name or _("(uden navn)"))
    return found, ignored


def preview_import(*, indicator: Indicator, content: bytes, name: str) -> ImportPreview:
    """Read a CSV or XLSX file of measurements; check every row; save nothing."""
    try:
        table = read_table(content, max_rows=MAX_IMPORT_ROWS)
    except UnreadableTable as error:
        return ImportPreview(name=name, columns=[], errors=[error.message])
    columns, ignored = _column_map(table)
    preview = ImportPreview(name=name, columns=table.columns, ignored_columns=ignored)
    if "date" not in columns or not (
        {"value"} <= columns.keys() or {"numerator", "denominator"} <= columns.keys()
    ):
        preview.errors.append(
            _(
                "Filen skal have kolonnen “dato” og enten “værdi” eller “tæller” og “nævner” "
                "(og gerne “kilde”). Overskrifterne i filen er: %(found)s."
            )
            % {"found": ", ".join(f"“{c}”" for c in table.columns) or _("ingen")}
        )
        return preview
    existing = {m.date: m for m in indicator.measurements.all()}
    seen: dict[datetime.date, int] = {}
    for line, cells in table.rows:

        def cell(column: str, cells: list[Any] = cells) -> Any:
            index = columns.get(column)
            return cells[index] if index is not None and index < len(cells) else None

        errors: list[str] = []
        parsed: dict[str, Any] = {}
        for column in ("numerator", "denominator", "value"):
            raw = cell(column)
            if raw is None or cell_text(raw) == "":
                parsed[column] = None
                continue
            try:
                parsed[column] = parse_number(raw)
            except ValueError as error:
                errors.append(f"{COLUMN_LABELS[column]}: {error}")
        checked = None
        try:
            date = parse_date(cell("date"))
        except ValueError as error:
            errors.append(str(error))
        else:
            if date in seen:
                errors.append(
                    _("perioden %(date)s står også i række %(line)s")
                    % {"date": date.strftime("%d-%m-%Y"), "line": seen[date]}
                )
            seen.setdefault(date, line)
            if not errors:
                checked, errors = check_measurement(indicator, date=date, **parsed)
        for column in ("source", "note"):
            text = cell_text(cell(column))
            if text.startswith("="):
                errors.append(
                    _("“%(column)s” indeholder en formel") % {"column": COLUMN_LABELS[column]}
                )
            elif checked is not None:
                setattr(checked, column, clean_text(text)[: 200 if column == "source" else 500])
        preview.rows.append(
            PreviewRow(
                line=line,
                cells=[cell_text(c) for c in cells[: len(table.columns)]],
                checked=checked,
                errors=errors,
                replaces=existing.get(checked.date) if checked else None,
            )
        )
    if not preview.rows:
        preview.errors.append(_("Filen har ingen rækker under overskrifterne."))
    return preview


_SALT = "klynge.outcomes.import"


def sign_import(*, indicator: Indicator, content: bytes, name: str) -> str:
    """The file as a token the confirmation posts back (`core.files.sign_preview`)."""
    return sign_preview(salt=_SALT, owner=indicator.pk, content=content, name=name)


def unsign_import(token: str, *, indicator: Indicator) -> tuple[bytes, str, str]:
    """The file, its name and the preview's key from a token `sign_import` made."""
    return unsign_preview(
        token,
        salt=_SALT,
        owner=indicator.pk,
        wrong_owner=_("Forhåndsvisningen hører til en anden indikator."),
    )


@transaction.atomic
def confirm_import(*, actor: User | None, indicator: Indicator, token: str) -> MeasurementImport:
    """Import what a preview showed, once: its token confirms one import."""
    content, name, key = unsign_import(token, indicator=indicator)
    if not key or MeasurementImport.objects.filter(preview_key=key).exists():
        raise ServiceError(str(ALREADY_IMPORTED))
    return import_measurements(
        actor=actor, indicator=indicator, content=content, name=name, preview_key=key
    )


@transaction.atomic
def import_measurements(
    *,
    actor: User | None,
    indicator: Indicator,
    content: bytes,
    name: str,
    preview_key: str | None = None,
) -> MeasurementImport:
    """Save what the preview showed: every row or none; the original file is kept."""
    preview = preview_import(indicator=indicator, content=content, name=name)
    if not preview.ok:
        raise ServiceError(
            _("Filen kan ikke indlæses: %(errors)s")
            % {
                "errors": "; ".join(
                    preview.errors
                    + [f"række {r.line}: {', '.join(r.errors)}" for r in preview.row_errors][:5]
                )
            }
        )
    batch = MeasurementImport(
        indicator=indicator,
        original_name=clean_text(name)[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        rows=len(preview.rows),
        imported_by=actor,
        preview_key=preview_key,
    )
    batch.file.save(name or "maalinger", ContentFile(content), save=False)
    with removed_on_failure(batch.file):
        try:
            with transaction.atomic():
                batch.save()
        except IntegrityError as error:  # the same preview confirmed at the same moment
            raise ServiceError(str(ALREADY_IMPORTED)) from error
        indicator.measurements.filter(
            date__in=[r.checked.date for r in preview.rows if r.checked]
        ).delete()
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                date=r.checked.date,
                value=r.checked.value,
                numerator=r.checked.numerator,
                denominator=r.checked.denominator,
                source=r.checked.source,
                note=r.checked.note,
                entered_by=actor,
                imported_from=batch,
            )
            for r in preview.rows
            if r.checked is not None
        )
        record(
            actor=actor,
            action="measurement.import",
            obj=indicator,
            changes={
                "file": batch.original_name,
                "sha256": batch.sha256,
                "rows": batch.rows,
                "replaced": preview.replaced,
            },
        )
    return batch


# Initiative evaluation and deliverables ---------------------------------------------------


@transaction.atomic
def save_evaluation_note(
    *, actor: User | None, initiative: Initiative, months: int, text: str
) -> EvaluationNote:
    if months not in EvaluationNote.Months.values:
        raise ServiceError(_("Evalueringer skrives efter 3, 6 og 12 måneder."))
    note = EvaluationNote.objects.filter(initiative=initiative, months=months).first()
    note = note or EvaluationNote(initiative=initiative, months=months)
    note.written_by = actor
    save_with_audit(
        actor=actor,
        obj=note,
        values={"text": text},
        action="evaluation_note.update" if note.pk else "evaluation_note.create",
    )
    return note


@transaction.atomic
def set_deliverable_statuses(
    *, actor: User | None, initiative: Initiative, statuses: dict[str, tuple[str, str]]
) -> None:
    """`statuses`: {deliverable: (status, note)} for the initiative's own deliverables."""
    known = set(initiative.deliverables)
    changes = {}
    for deliverable, (status, note) in statuses.items():
        if deliverable not in known:
            raise ServiceError(
                _("“%(d)s” er ikke en af indsatsens leverancer.") % {"d": deliverable}
            )
        if status not in DeliverableStatus.Status.values:
            raise ServiceError(_("Ukendt status for en leverance."))
        row, _created = DeliverableStatus.objects.get_or_create(
            initiative=initiative, deliverable=deliverable
        )
        note = clean_text(note)[:500]
        if (row.status, row.note) != (status, note):
            changes[deliverable[:80]] = [row.status, status]
            row.status, row.note, row.updated_by = status, note, actor
            row.save()
    if changes:
        record(actor=actor, action="deliverables.update", obj=initiative, changes=changes)


# Data packages ----------------------------------------------------------------------------


def read_package(content: bytes) -> dict[str, Any]:
    """A data package's table: numbers where the cells are numbers, text elsewhere.

    Raises ServiceError with a Danish message (per row) when it cannot be shown."""
    try:
        table = read_table(content, max_rows=MAX_PACKAGE_ROWS)
    except UnreadableTable as error:
        raise ServiceError(error.message) from error
    if len(table.columns) > MAX_PACKAGE_COLUMNS:
        raise ServiceError(
            _("Datapakken har %(n)s kolonner; højst %(max)s kan vises.")
            % {"n": len(table.columns), "max": MAX_PACKAGE_COLUMNS}
        )
    if len(table.columns) < 2 or not table.rows:
        raise ServiceError(
            _("Datapakken skal have en overskriftsrække, mindst to kolonner og én række data.")
        )
    rows = []
    errors = []
    for line, cells in table.rows:
        row: list[Any] = []
        for index in range(len(table.columns)):
            value = cells[index] if index < len(cells) else None
            text = cell_text(value)
            if text.startswith("="):
                errors.append(
                    _(
                        "Række %(line)s, kolonne “%(column)s”: cellen indeholder en formel; "
                        "indsæt værdien."
                    )
                    % {"line": line, "column": table.columns[index]}
                )
                continue
            if index == 0 or text == "":
                row.append(clean_text(text))
                continue
            try:
                row.append(float(parse_number(value)))
            except ValueError:
                row.append(clean_text(text)[:200])
        rows.append(row)
    if errors:
        raise ServiceError(" ".join(errors[:10]))
    return {"columns": [clean_text(c)[:200] for c in table.columns], "rows": rows}


@transaction.atomic
def add_data_package(
    *, actor: User | None, theme: Theme, values: dict[str, Any], content: bytes, name: str
) -> DataPackage:
    table = read_package(content)
    values = clean_values(DataPackage, values)
    package = DataPackage(
        theme=theme,
        original_name=clean_text(name)[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        table=table,
        uploaded_by=actor,
        **values,
    )
    package.file.save(name or "datapakke", ContentFile(content), save=False)
    with removed_on_failure(package.file):
        package.save()
        record(
            actor=actor,
            action="data_package.create",
            obj=package,
            changes={
                "file": package.original_name,
                "sha256": package.sha256,
                "rows": len(table["rows"]),
            },
        )
    return package


@transaction.atomic
def delete_data_package(*, actor: User | None, package: DataPackage) -> None:
    record(actor=actor, action="data_package.delete", obj=package)
    stored = package.file
    package.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
