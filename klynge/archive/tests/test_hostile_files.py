"""Files made to hurt the archive's readers (issue 22, findings 8, 9, 13, 14): each ends in
bounded time and memory with a Danish message or a result, never an unhandled exception."""

import functools
import glob
import importlib
import struct
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klynge.accounts.models import User
from klynge.archive import services
from klynge.archive.models import SourceDocument
from klynge.archive.reading import read_document
from klynge.archive.reading.extract import (
    MAX_IMAGE_PIXELS,
    MAX_PAGE_IMAGE_PIXELS,
    ReadError,
    extract,
    has_ink,
    page_image,
)
from klynge.archive.tests.samples import MINUTES
from klynge.archive.views import _unpack
from klynge.core.tests import bombs
from klynge.core.tests.personas import login
from klynge.organisations.models import Body

#: What reading any one hostile file may cost.
SECONDS = 5
PEAK_MB = 250

#: The module (`klynge.archive.reading.extract` the attribute is the function of that name).
extract_module = importlib.import_module("klynge.archive.reading.extract")

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "files"


def _png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


READ_BOMBS = {
    "a 50,000-point tall page": (bombs.pdf_huge_page(), "kæmpe.pdf"),
    "2,000 blank pages": (bombs.pdf_blank_pages(2000), "blank.pdf"),
    "10,000 blank pages": (bombs.pdf_blank_pages(10_000), "blank.pdf"),
    "a docx inflating to 300 MB": (bombs.docx_bomb(300), "bombe.docx"),
    "a zip of 5,000 members named docx": (bombs.zip_many_members(5000), "mange.docx"),
    "a PNG of 144 million pixels": (bombs.png_pixel_bomb(), "scan.png"),
    "HTML nested 100,000 deep": (bombs.deep_html(100_000), "dyb.html"),
    "HTML nested 250 deep": (bombs.deep_html(250), "dyb.html"),
}


@pytest.mark.parametrize(("data", "name"), READ_BOMBS.values(), ids=READ_BOMBS.keys())
def test_a_bomb_is_read_or_refused_in_bounded_time_and_memory(data: bytes, name: str) -> None:
    measured = bombs.measure(functools.partial(read_document, data, name))

    assert measured.outcome.startswith("Reading(")  # read_document turns errors into words
    assert measured.seconds < SECONDS and measured.peak_mb < PEAK_MB


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bombs.docx_bomb(300), "urimeligt meget data"),
        (bombs.png_pixel_bomb(), "Billedet er for stort"),
        (bombs.pdf_blank_pages(50), "ingen tekst"),
        (bombs.pdf_blank_pages(2001), "der kan højst læses 2000"),
    ],
)
def test_a_bomb_gets_a_danish_message(data: bytes, message: str) -> None:
    name = "x.png" if data.startswith(b"\x89PNG") else "x.docx" if data[:2] == b"PK" else "x.pdf"

    reading = read_document(data, name)

    assert reading.error and message in reading.error


@pytest.mark.parametrize(
    ("width", "height"), [(612, 50_000), (14_400, 14_400), (1, 14_400), (14_400, 1)]
)
def test_a_page_image_has_bounded_pixels_whatever_size_the_page_claims(
    width: float, height: float
) -> None:
    data = bombs.pdf_page(width=width, height=height)

    measured = bombs.measure(functools.partial(page_image, data, 0))
    png = page_image(data, 0)

    assert measured.seconds < 2 and measured.peak_mb < 100
    w, h = _png_size(png)
    assert 0 < w * h <= MAX_PAGE_IMAGE_PIXELS


def test_a_normal_page_image_is_a_thousand_pixels_wide() -> None:
    assert _png_size(page_image(bombs.pdf_page(text="Referat"), 0))[0] == 1000


def test_an_image_bomb_is_not_shown() -> None:
    measured = bombs.measure(functools.partial(page_image, bombs.png_pixel_bomb(), 0))

    assert measured.outcome.startswith("ReadError: Billedet er for stort")
    assert f"{MAX_IMAGE_PIXELS // 1_000_000} millioner" in measured.outcome
    assert measured.seconds < 1 and measured.peak_mb < 50


# --- OCR: blank pages skipped, pages and seconds bounded per document ------------------------


@pytest.fixture
def fake_ocr(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Tesseract replaced by a stand-in that records its calls and takes 0.1 s each."""
    calls: list[float] = []

    def ocr(image: bytes, *, timeout: float = 0) -> str:
        calls.append(timeout)
        time.sleep(0.1)
        return "Referat fra mødet"

    monkeypatch.setattr(extract_module, "ocr", ocr)
    return calls


def test_blank_pages_never_reach_tesseract(fake_ocr: list[float]) -> None:
    started = time.monotonic()
    result = extract(bombs.pdf_blank_pages(2000), "blank.pdf")

    assert fake_ocr == [] and result.ocr_pages == 0 and result.pages == 2000
    assert time.monotonic() - started < 10


def test_ocr_stops_after_its_pages_with_a_warning(
    fake_ocr: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract_module, "OCR_MAX_PAGES", 3)

    result = extract(bombs.pdf_blank_pages(10, inked=True), "scan.pdf")

    assert len(fake_ocr) == 3 and result.ocr_pages == 3
    assert "stoppet ved side 4" in result.warnings[0]
    assert "Referat fra mødet" in result.text


def test_ocr_stops_after_its_seconds_and_never_waits_past_them(
    fake_ocr: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract_module, "OCR_MAX_SECONDS", 0.35)
    started = time.monotonic()

    result = extract(bombs.pdf_blank_pages(50, inked=True), "scan.pdf")

    assert time.monotonic() - started < 2
    assert 2 <= result.ocr_pages <= 5 and "stoppet ved side" in result.warnings[0]
    assert all(timeout <= 0.35 for timeout in fake_ocr)


@pytest.mark.parametrize("path", sorted(glob.glob(str(CORPUS / "*scan*.pdf"))))
def test_every_page_of_a_real_scan_has_ink(path: str) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(Path(path).read_bytes())
    assert len(pdf) and all(has_ink(pdf[n]) for n in range(len(pdf)))


def test_a_blank_page_has_no_ink() -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(bombs.pdf_blank_pages(1))
    assert not has_ink(pdf[0])


# --- Fuzzing: random bytes and valid files with bytes changed --------------------------------

VALID = {
    "x.pdf": bombs.pdf_page(text="Referat fra styregruppen"),
    "x.docx": bombs.docx(["Referat", "Punkt 1. Godkendelse af dagsorden"]),
    "x.html": b"<html><body><h1>Referat</h1><ul><li>Punkt 1</li></ul></body></html>",
    "x.txt": "Referat fra mødet\nPunkt 1. Godkendelse\n".encode("cp1252"),
}


@st.composite
def mutated(draw: st.DrawFn, files: dict[str, bytes] = VALID) -> tuple[bytes, str]:
    name = draw(st.sampled_from(sorted(files)))
    data = bytearray(files[name])
    for _n in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(1, len(data)))]
    return bytes(data), name


@settings(max_examples=80, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_damaged_files_are_read_or_refused_with_a_message(file: tuple[bytes, str]) -> None:
    data, name = file
    started = time.monotonic()

    reading = read_document(data, name)

    assert reading.error is None or reading.error.strip()
    assert time.monotonic() - started < 3


@settings(max_examples=40, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated({"x.pdf": VALID["x.pdf"], "x.png": bombs.png()}) | st.binary(max_size=3000))
def test_damaged_files_are_shown_or_refused_with_a_message(file: tuple[bytes, str] | bytes) -> None:
    data = file[0] if isinstance(file, tuple) else file
    try:
        png = page_image(data, 0)
    except ReadError as error:
        assert str(error)
    else:
        w, h = _png_size(png)
        assert w * h <= MAX_PAGE_IMAGE_PIXELS


@settings(max_examples=15, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 255)), min_size=1, max_size=6))
def test_damaged_images_are_read_or_refused_with_a_message(
    changes: list[tuple[int, int]],
) -> None:
    data = bytearray(bombs.png())
    for at, value in changes:
        data[at % len(data)] = value

    reading = read_document(bytes(data), "scan.png")

    assert reading.error is None or reading.error.strip()


# --- Uploads: .zip files unpacked within bounds, a message per file left out -----------------


def _upload(data: bytes, name: str = "arkiv.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _post(client: Client, body: Body, *uploads: SimpleUploadedFile) -> HttpResponse:
    return client.post(
        reverse("archive_list"), {"uploads": list(uploads), "cluster": body.cluster_id}, follow=True
    )


@pytest.mark.django_db
def test_each_broken_member_gets_a_message_and_the_rest_is_imported(
    client: Client, secretariat: User, body: Body
) -> None:
    login(client, secretariat)
    data = bombs.zip_with_broken_members({"referater/referat.txt": MINUTES.encode()})

    page = _post(client, body, _upload(data)).content.decode()

    assert list(SourceDocument.objects.values_list("original_name", flat=True)) == ["referat.txt"]
    assert "1 filer er lagt i kø" in page
    assert "skadet.txt er beskadiget i zip-filen" in page
    assert "krypteret.txt er krypteret" in page
    assert "imploded.txt er pakket på en måde, der ikke kan læses" in page
    assert "!!! har ikke et filnavn, der kan gemmes" in page


@pytest.mark.django_db
def test_a_zip_of_only_broken_members_is_refused_with_their_messages(
    client: Client, secretariat: User, body: Body
) -> None:
    login(client, secretariat)

    response = _post(client, body, _upload(bombs.zip_with_broken_members({})))

    assert response.status_code == 422 and "krypteret.txt er krypteret" in response.content.decode()
    assert not SourceDocument.objects.exists()


@pytest.mark.django_db
def test_a_zip_bomb_unpacks_no_further_than_the_upload_bound(
    client: Client, secretariat: User, body: Body, settings: Any
) -> None:
    settings.ARCHIVE_MAX_UPLOAD_MB = 2
    login(client, secretariat)

    page = _post(client, body, _upload(bombs.zip_bomb(members=4, megabytes=1))).content.decode()

    assert SourceDocument.objects.count() == 2
    assert sum(SourceDocument.objects.values_list("size", flat=True)) <= 2 * 2**20
    assert page.count("en upload kan højst pakke ud til 2 MB") == 2


@pytest.mark.django_db
def test_one_person_stores_no_more_than_the_day_bound(
    client: Client, secretariat: User, body: Body, settings: Any
) -> None:
    settings.ARCHIVE_MAX_DAY_MB = 1
    services.store_source(actor=secretariat, data=b"a" * 900_000, name="a.txt")
    login(client, secretariat)

    response = _post(client, body, _upload(b"b" * 200_000, "referat.txt"))

    assert response.status_code == 422 and "1 MB i døgnet" in response.content.decode()
    assert SourceDocument.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [501, 100_000])
def test_a_zip_of_too_many_members_is_refused(
    client: Client, secretariat: User, body: Body, count: int
) -> None:
    login(client, secretariat)

    response = _post(client, body, _upload(bombs.zip_many_members(count)))

    assert response.status_code == 422 and "mere end 500 filer" in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_unpacking_the_bomb_of_finding_14_is_bounded_in_time_and_memory(settings: Any) -> None:
    # Four 95 MB members in 388 KB: with the default bounds two are read, 190 MB in all.
    upload = _upload(bombs.zip_bomb(members=4, megabytes=95))
    budget = settings.ARCHIVE_MAX_UPLOAD_MB * 2**20

    measured = bombs.measure(lambda: [len(d) for _n, d in _unpack(upload, budget=budget)[0]])

    assert measured.outcome == repr([95 * 2**20, 95 * 2**20])
    assert measured.seconds < 5 and measured.peak_mb < settings.ARCHIVE_MAX_UPLOAD_MB + 120


@settings(max_examples=60, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_zips_are_unpacked_or_refused_with_a_message(
    changes: list[tuple[int, int]],
) -> None:
    data = bytearray(VALID_ZIP)
    for at, value in changes:
        data[at % len(data)] = value

    try:
        files, left_out = _unpack(_upload(bytes(data)), budget=10 * 2**20)
    except ValidationError as error:
        assert error.messages and "zip" in error.messages[0]
    else:
        assert all(message.strip() for message in left_out)
        assert sum(len(content) for _name, content in files) <= 10 * 2**20


VALID_ZIP = bombs.zip_of({"referat.txt": MINUTES.encode(), "dagsorden.pdf": VALID["x.pdf"]})


@pytest.mark.django_db
def test_the_review_page_shows_a_page_of_any_claimed_size_within_bounded_pixels(
    client: Client, secretariat: User, body: Body
) -> None:
    source, _new = services.store_source(
        actor=secretariat, data=bombs.pdf_huge_page(), name="kæmpe.pdf", cluster=body.cluster
    )
    login(client, secretariat)

    response = client.get(reverse("archive_page", args=[source.pk, 1]))

    assert response.status_code == 200
    w, h = _png_size(response.content)
    assert w * h <= MAX_PAGE_IMAGE_PIXELS
