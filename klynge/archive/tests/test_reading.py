"""The reader on real shapes of minutes: the corpus, the seeds, dates, repairs and bad input."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klynge.archive.corpus.evaluate import FIELDS, evaluate, evaluate_seeds
from klynge.archive.reading import read_document
from klynge.archive.reading.extract import ReadError, extract
from klynge.archive.reading.parse import parse_text
from klynge.archive.reading.repair import known_words, repair_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def test_the_corpus_has_forty_documents_in_eight_shapes() -> None:
    import json

    expected = [json.loads(p.read_text()) for p in (CORPUS / "files").glob("*.expected.json")]
    assert len(expected) >= 40
    assert len({e["shape"] for e in expected}) >= 8


def test_every_field_reads_with_f1_of_at_least_095_on_the_corpus() -> None:
    scores, misses = evaluate(CORPUS / "files")
    for name in FIELDS:
        assert scores[name].f1 >= 0.95, (name, misses[:5])


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_the_seeds_read_as_written() -> None:
    scores, misses = evaluate_seeds(SEEDS)
    for name in ("titles", "dates", "decisions"):
        assert scores[name].f1 >= 0.95, (name, misses[:5])
    # Seed 002's two-column scan mixes the secretariat into the afbud column: one miss.
    assert scores["participants"].f1 >= 0.9
    assert scores["apologies"].f1 >= 0.9


def test_a_missing_year_comes_from_the_weekday_and_the_document() -> None:
    text = (
        "Referat\n\nMøde Styregruppen\nTid Onsdag d. 24. maj 16:00-18:00\n\n"
        "1. Godkendelse af dagsorden\nReferat\nGodkendt.\n\n"
        "2. Handleplan 2023\nReferat\nIndsatserne blev igangsat i 2022 og fortsætter i 2023.\n"
    )
    meeting = parse_text(text)
    assert meeting.date == datetime.date(2023, 5, 24)
    assert any("udledt" in w for w in meeting.warnings)


def test_a_missing_year_without_evidence_stays_unknown() -> None:
    meeting = parse_text(
        "Referat\n\nMøde Styregruppen\nTid 24. maj kl. 16:00\n\n1. Eventuelt\nReferat\nIntet.\n"
    )
    assert meeting.date is None
    assert any("årstal" in w for w in meeting.warnings)


def test_danish_date_forms() -> None:
    for written, date in [
        ("d. 24-03-2017", datetime.date(2017, 3, 24)),
        ("24.03.17", datetime.date(2017, 3, 24)),
        ("24. marts 2017", datetime.date(2017, 3, 24)),
        ("den 3. okt. 2016", datetime.date(2016, 10, 3)),
    ]:
        meeting = parse_text(
            f"Referat\nMøde Styregruppen {written}\n\n1. Eventuelt\nReferat\nIntet."
        )
        assert meeting.date == date, written


@pytest.mark.skipif(not known_words(), reason="Debian's wdanish word list is not installed")
def test_ocr_damage_is_repaired_only_into_known_words() -> None:
    text, repairs = repair_text("direktgr mgdelokale @get bemaerkninger Skeel Brandt Winnerskjold")
    assert text == "direktør mødelokale øget bemærkninger Skeel Brandt Winnerskjold"
    assert {(r.original, r.repaired) for r in repairs} >= {
        ("direktgr", "direktør"),
        ("@get", "øget"),
    }


@pytest.mark.skipif(not known_words(), reason="Debian's wdanish word list is not installed")
def test_names_and_places_keep_their_old_aa() -> None:
    text, _repairs = repair_text("Rikke Søgaard fra Haarby: vi maa se paa det")
    assert text == "Rikke Søgaard fra Haarby: vi må se på det"


def test_a_truncated_document_yields_what_is_there_and_a_warning() -> None:
    reading = read_document(
        "Referat\nMøde Styregruppen 3. april 2019\n\nPunkt 1. Eventuelt\nBeslutning\nIntet.\n\n"
        "Punkt 2. Status på handleplanen\nSagsfremstilling\n"
        "Sekretariatet har forberedt punktet i".encode(),
        "afskaaret.txt",
    )
    titles = [i["title"] for i in reading.as_json()["items"]]
    assert titles == ["Eventuelt", "Status på handleplanen"]
    assert any("afskåret" in w for w in reading.all_warnings)


def _docx_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (300 * 1024 * 1024))
    return out.getvalue()


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tom.pdf", b"", "tom"),
        ("korrupt.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 50, "beskadiget"),
        ("ikke-zip.docx", b"PK\x03\x04 not a zip at all", "beskadiget"),
        ("binaer.txt", bytes(range(256)) * 40, "ikke tekst"),
        ("gammel.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".docx"),
    ],
)
def test_bad_files_get_a_danish_message(name: str, data: bytes, message: str) -> None:
    reading = read_document(data, name)
    assert reading.error and message in reading.error
    assert reading.as_json()["items"] == []


def test_a_zip_bomb_named_docx_is_refused() -> None:
    with pytest.raises(ReadError, match="urimeligt"):
        extract(_docx_bomb(), "bombe.docx")


def test_an_encrypted_pdf_is_refused() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf("Hemmeligt"))))
    writer.encrypt("kode")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ReadError, match="adgangskode"):
        extract(out.getvalue(), "krypteret.pdf")


def test_a_cut_off_pdf_gets_a_clear_message() -> None:
    # WeasyPrint keeps every page and font dictionary in one compressed object stream at the
    # end: cut before it, nothing readable is left.
    data = _pdf("Referat Styregruppen 3. april 2019 " * 3)
    with pytest.raises(ReadError, match="afskåret"):
        extract(data[: len(data) // 2], "afskaaret.pdf")


def test_a_pdf_cut_off_mid_download_yields_the_pages_before_the_cut() -> None:
    from pypdf import PdfReader, PdfWriter

    html = "".join(
        f"<h2 style='break-before: page'>Punkt {n}. Emne nummer {n}</h2>"
        f"<p>{'Sekretariatet orienterer om status. ' * 30}</p><h3>Beslutning</h3><p>Taget til "
        "efterretning.</p>"
        for n in range(1, 9)
    )
    from weasyprint import HTML

    # Written page by page (page, its content, its fonts), as Word and most producers do.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(HTML(string=html).write_pdf())))
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    reading = read_document(data[: len(data) * 3 // 4], "afskaaret.pdf")
    titles = [item["title"] for item in reading.as_json()["items"]]
    assert 3 <= len(titles) < 8
    assert titles == [f"Emne nummer {n}" for n in range(1, len(titles) + 1)]
    assert any("afskåret" in warning for warning in reading.all_warnings)


def test_web_pages_lose_scripts_navigation_and_buttons() -> None:
    html = (
        "<html><body><nav>Forside Søg</nav><script>alert(1)</script><h1>Styregruppen</h1>"
        "<p>Referat 3. april 2019</p><h2>1. Eventuelt</h2><button>Hent som PDF</button>"
        "<h3>Beslutning</h3><p>Intet.</p><a>Tilbage til toppen</a></body></html>"
    )
    reading = read_document(html.encode(), "side.html")
    assert "alert" not in reading.text and "Forside" not in reading.text
    items = reading.meeting.items
    assert items[0].decision == "Intet."


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=3000))
def test_no_text_crashes_the_parser(text: str) -> None:
    parse_text(text)


@settings(max_examples=150, deadline=5000)
@given(
    st.lists(
        st.sampled_from(
            [
                "Punkt 1. Eventuelt",
                "Beslutning",
                "Afbud:",
                "Jens Hansen, direktør",
                "1.",
                "Det indstilles, at",
                "- at noget sker",
                "Deltagere",
                "Side 1 af 2",
                "16:00-17:00",
                "alle var mødt undtagen Ole Holm",
                "X deltog for Y",
                "Referat 3. maj",
                "",
            ]
        ),
        max_size=200,
    )
)
def test_no_arrangement_of_minutes_lines_crashes_the_parser(lines: list[str]) -> None:
    parse_text("\n".join(lines))


@settings(max_examples=100, deadline=5000)
@given(st.binary(max_size=5000), st.sampled_from(["x.pdf", "x.docx", "x.html", "x.txt"]))
def test_no_bytes_crash_the_reader(data: bytes, name: str) -> None:
    reading = read_document(data, name)
    assert reading.error is None or reading.error
