"""Spending from a CSV or XLSX file: previewed row by row, saved all or nothing on
confirmation, the original file kept."""

import io
import os
from urllib.parse import urlencode

import pytest

from klynge.audit.models import AuditEvent
from klynge.budgets import services
from klynge.budgets.models import Spending, SpendingImport
from klynge.budgets.tests.conftest import make_plan
from klynge.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db

GOOD = (
    "Indsats;År;Kvartal;Beløb;Note\n"
    "1;2027;K1;250.000;Løn\n"
    "Virtuelle udskrivelsesmøder;2027;1. kvartal;1.250.000 kr.;\n"
    "Indsats 3: Børn og unges trivsel;2027;Q2;1 250 000;\n"
    "3;2027;4;-12.500;Tilbagebetaling\n"
)


def _preview(council, text: str):
    return services.preview_spending_import(
        cluster=council, content=text.encode("utf-8"), name="forbrug.csv"
    )


def test_a_good_file_previews_then_saves_every_row_and_keeps_the_file(
    council, initiatives, secretariat
):
    preview = _preview(council, GOOD)
    assert preview.ok, preview.messages()
    assert [(r.initiative, r.year, r.quarter, r.amount) for r in preview.rows] == [
        (initiatives[0], 2027, 1, 250_000),
        (initiatives[1], 2027, 1, 1_250_000),
        (initiatives[2], 2027, 2, 1_250_000),
        (initiatives[2], 2027, 4, -12_500),
    ]
    assert (preview.created, preview.changed, preview.total) == (4, 0, 2_737_500)
    assert not Spending.objects.exists()  # the preview saves nothing

    token = services.sign_spending_import(
        cluster=council, content=GOOD.encode(), name="forbrug.csv"
    )
    batch = services.confirm_spending_import(actor=secretariat, cluster=council, token=token)
    assert batch.rows == 4
    assert batch.file.read() == GOOD.encode()  # the original, as uploaded
    rows = Spending.objects.order_by("initiative__number", "quarter")
    assert [(s.amount, s.source, s.imported_from_id) for s in rows] == [
        (250_000, "imported", batch.pk),
        (1_250_000, "imported", batch.pk),
        (1_250_000, "imported", batch.pk),
        (-12_500, "imported", batch.pk),
    ]
    assert rows[0].note == "Løn"
    event = AuditEvent.objects.get(action="spending.import")
    assert event.changes["rows"] == 4 and event.changes["total"] == 2_737_500

    # The same preview confirmed twice (the back button) imports nothing again.
    with pytest.raises(ServiceError, match="allerede indlæst"):
        services.confirm_spending_import(actor=secretariat, cluster=council, token=token)
    assert SpendingImport.objects.count() == 1


def test_every_bad_row_gets_its_own_danish_message_and_nothing_is_saved(
    council, initiatives, secretariat
):
    text = (
        "indsats;år;kvartal;beløb\n"
        "1;2027;K1;250.000\n"  # good
        "Findes ikke;2027;K1;100\n"
        "2;1999;K1;100\n"
        "2;2027;K5;100\n"
        "2;2027;K2;1.250,50\n"
        "2;2027;K3;mange penge\n"
        "2;2027;K4;2.000.000.000.000\n"
        "1;2027;1;5\n"  # the same quarter as row 2
        ";;;\n"  # blank: skipped
        "3;;K1;=A1*2\n"
    )
    preview = _preview(council, text)
    assert not preview.ok
    errors = {row.line: " ".join(row.errors) for row in preview.row_errors}
    assert set(errors) == {3, 4, 5, 6, 7, 8, 9, 11}
    assert "“Findes ikke” findes ikke i rådets handleplaner" in errors[3]
    assert "1999 ligger uden for" in errors[4]
    assert "“K5” er ikke et kvartal" in errors[5]
    assert "hele kroner, uden øre" in errors[6]
    assert "“mange penge” er ikke et beløb" in errors[7]
    assert "urimeligt stort" in errors[8]
    assert "står også i række 2" in errors[9]
    assert "året mangler" in errors[11] and "Beløb" in errors[11]
    messages = preview.messages()
    assert messages[0].startswith("Række 3: Indsats:")
    with pytest.raises(ServiceError, match=r"Intet er gemt\. Række 3: Indsats"):
        services.import_spending(
            actor=secretariat, cluster=council, content=text.encode(), name="forbrug.csv"
        )
    assert not Spending.objects.exists()
    assert not SpendingImport.objects.exists()
    assert not AuditEvent.objects.filter(action="spending.import").exists()


def test_missing_columns_name_what_is_expected(council, initiatives):
    preview = _preview(council, "indsats;beløb\n1;100\n")
    assert not preview.ok
    (message,) = preview.errors
    assert "Der mangler: “år”, “kvartal”" in message
    assert "“indsats”, “beløb”" in message


@pytest.mark.parametrize(
    "content", [b"", b"\x00\x01\x02" * 10, b"PK\x03\x04broken", b"indsats;\xe5r\n"]
)
def test_an_unreadable_file_is_refused_as_a_whole(council, initiatives, content):
    preview = services.preview_spending_import(cluster=council, content=content, name="x")
    assert not preview.ok and preview.errors


def test_an_import_replaces_what_was_entered_for_the_quarter(council, initiatives, secretariat):
    entered = services.set_spending(
        actor=secretariat,
        cluster=council,
        initiative=initiatives[0],
        year=2027,
        quarter=1,
        amount=100,
    )
    text = "indsats;år;kvartal;beløb\n1;2027;K1;250\n2;2027;K1;300\n"
    preview = _preview(council, text)
    assert preview.rows[0].replaces == entered and not preview.rows[0].unchanged
    assert (preview.created, preview.changed) == (1, 1)
    services.import_spending(actor=secretariat, cluster=council, content=text.encode(), name="x")
    entered.refresh_from_db()
    assert (entered.amount, entered.source) == (250, "imported")
    assert Spending.objects.count() == 2


def test_a_number_shared_by_two_plans_asks_for_the_title(council, body, initiatives):
    make_plan(council, body, [("Akutteam i nattevagt, fase 2", "")])  # number 1 again
    preview = _preview(
        council, "indsats;år;kvartal;beløb\n1;2027;1;5\nAkutteam i nattevagt;2027;1;5\n"
    )
    assert "flere indsatser med nummer 1" in " ".join(preview.rows[0].errors)
    assert preview.rows[1].initiative == initiatives[0]


def test_another_councils_initiative_is_not_found(council, initiatives, other_council):
    preview = _preview(council, "indsats;år;kvartal;beløb\nAndet råds indsats;2027;1;5\n")
    assert "findes ikke i rådets handleplaner" in " ".join(preview.rows[0].errors)


def test_xlsx_with_number_cells_and_a_formula(council, initiatives):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Indsats", "År", "Kvartal", "Beløb (kr.)"])
    sheet.append([1, 2027, 1, 712500])
    sheet.append([2, 2027.0, "K2", 1250000.0])
    sheet.append([3, 2027, 3, 99.5])
    sheet.append([3, 2027, 4, "=D2*2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = services.preview_spending_import(
        cluster=council, content=buffer.getvalue(), name="forbrug.xlsx"
    )
    assert [(r.quarter, r.amount) for r in preview.rows[:2]] == [(1, 712_500), (2, 1_250_000)]
    assert all(type(r.amount) is int for r in preview.rows[:2])
    assert "uden øre" in " ".join(preview.rows[2].errors)
    assert "formel" in " ".join(preview.rows[3].errors)


def test_a_tampered_or_foreign_preview_token_is_refused(council, initiatives, other_council):
    token = services.sign_spending_import(cluster=council, content=GOOD.encode(), name="f.csv")
    with pytest.raises(ServiceError, match="udløbet"):
        services.confirm_spending_import(actor=None, cluster=council, token=token[:-2] + "xx")
    with pytest.raises(ServiceError, match="et andet råd"):
        services.confirm_spending_import(actor=None, cluster=other_council[0], token=token)
    assert not Spending.objects.exists()


@pytest.mark.parametrize(
    ("cell", "quarter"),
    [
        (1, 1),
        ("4", 4),
        ("K2", 2),
        ("k3", 3),
        ("Q1", 1),
        ("1. kvartal", 1),
        ("2. kvt.", 2),
        ("kvartal 3", 3),
        (4.0, 4),
    ],
)
def test_quarters_as_people_write_them(cell, quarter):
    assert services.parse_quarter(cell) == quarter


def test_the_largest_file_accepted_fits_its_confirmation_post(council, settings):
    """The confirmation posts the file back in a signed token: for the largest file a form
    accepts, incompressible (an .xlsx is a zip), the token must fit under Django's limit on
    a posted form (found by an outside test: a 4 MB .xlsx previewed, then its confirmation
    failed with a bare 400)."""
    from klynge.outcomes.reading import MAX_FILE_BYTES

    content = os.urandom(MAX_FILE_BYTES)
    token = services.sign_spending_import(cluster=council, content=content, name="forbrug.xlsx")
    posted = len(urlencode({"token": token, "csrfmiddlewaretoken": "x" * 64}))
    assert posted < settings.DATA_UPLOAD_MAX_MEMORY_SIZE
