"""The benchmark's measuring stick for real minutes: the split by publisher and the scorer's
reading of corpus-real's expected shape, on a made-up example (CI need not hold corpus-real)."""

import json

from django.core.management import call_command

from klynge.archive.corpus.evaluate import score
from klynge.archive.corpus.real import (
    SET_ASIDE_PUBLISHERS,
    as_scored,
    evaluate_real,
    furniture_like,
    measure,
    split,
)

MINUTES = (
    "Referat\n\nStyregruppen for Klynge Vest\n\nMøde den 3. marts 2021 kl. 14.00\n\n"
    "Deltagere:\nAnne Holm\nBent Lund\n\nAfbud:\nCarl Mose\n\n"
    "1. Godkendelse af dagsorden\n\nBeslutning\nGodkendt.\n\n"
    "2. Status på forløbsprogrammet\n\nSagsfremstilling\nSekretariatet orienterede.\n"
)

ENTRY = {
    "publisher": "Klynge Vest",
    "body": "Styregruppen for Klynge Vest",
    "date": "2021-03-03",
    "items": [
        {"number": "1", "title": "Godkendelse af dagsorden", "has_decision": True},
        {"number": "2", "title": "Status på forløbsprogrammet", "has_decision": False},
    ],
    "participants": ["Anne Holm", "Bent Lund"],
    "apologies": ["Carl Mose"],
    "substitutes": [],
}


def test_the_split_sets_aside_the_named_publishers_whole() -> None:
    expected = {
        "b.txt": {"publisher": "Nyborg Kommune"},
        "a.txt": {"publisher": "Faxe Kommune"},
        "c.txt": {"publisher": "Nyborg Kommune"},
        "d.txt": {"publisher": "unknown"},
    }

    development, set_aside = split(expected)

    assert development == ["a.txt", "d.txt"]
    assert set_aside == ["b.txt", "c.txt"]
    assert len(SET_ASIDE_PUBLISHERS) == 10


def test_has_decision_counts_when_our_item_of_that_title_holds_a_decision() -> None:
    got = {
        "meeting": {"date": "2021-03-03"},
        "items": [
            {"title": "Godkendelse af dagsorden", "decision": "Godkendt."},
            {"title": "Status på forløbsprogrammet", "decision": "Taget til efterretning."},
        ],
        "participants": [{"name": "Anne Holm"}, {"name": "Bent Lund"}, {"name": "Dorte Ravn"}],
        "apologies": [{"name": "Carl Mose"}],
        "substitutes": [],
    }

    scores = score([(got, as_scored(ENTRY))])

    assert (scores["decisions"].tp, scores["decisions"].fp, scores["decisions"].fn) == (1, 1, 0)
    assert (scores["titles"].tp, scores["titles"].fp) == (2, 0)
    assert scores["dates"].tp == 1
    assert (scores["participants"].tp, scores["participants"].fp) == (2, 1)
    assert scores["apologies"].f1 == 1.0


def test_a_document_is_measured_through_the_reader() -> None:
    part = measure([("vest.txt", MINUTES.encode(), ENTRY)])

    figures = part.as_json()
    assert figures["documents"] == 1 and figures["refused"] == 0
    assert (figures["items_found"], figures["items_expected"]) == (2, 2)
    assert figures["titles"]["f1"] == 1.0 and figures["date_right_rate"] == 1.0


def test_the_set_aside_part_keeps_no_misses_and_a_text_without_items_counts_as_refused() -> None:
    part = measure([("brev.txt", b"Kaere alle, tak for sidst.\n", ENTRY)], keep_misses=False)

    assert part.refused == 1 and part.misses == []


def test_furniture_is_told_by_its_words_or_by_having_none() -> None:
    assert furniture_like("Kopier link")
    assert furniture_like("0") and furniture_like("UDVALG")
    assert not furniture_like("Godkendelse af dagsorden")
    assert not furniture_like("Anne Holm")


def test_the_benchmark_writes_the_real_parts_to_a_json_file(tmp_path, capsys) -> None:
    real = tmp_path / "corpus-real"
    (real / "docs").mkdir(parents=True)
    (real / "docs" / "001_vest.txt").write_text(MINUTES)
    (real / "docs" / "002_nyborg.txt").write_text(MINUTES)
    held = {**ENTRY, "publisher": "Nyborg Kommune"}
    (real / "expected.json").write_text(json.dumps({"001_vest.txt": ENTRY, "002_nyborg.txt": held}))

    call_command(
        "bench-archive", "--quality-only", "--seeds", str(tmp_path), "--real", str(real),
        "--json", str(tmp_path / "figures.json"),
    )  # fmt: skip

    figures = json.loads((tmp_path / "figures.json").read_text())
    assert figures["real"]["development"]["documents"] == 1
    assert figures["real"]["set_aside"]["documents"] == 1
    assert "throughput" not in figures
    assert "refused" in capsys.readouterr().err
    # The same minutes printed to PDF and scanned at 150 dpi are read to the same items.
    for part in ("development_pdf", "development_scans", "set_aside_pdf", "set_aside_scans"):
        assert figures["real"][part]["documents"] == 1
        assert figures["real"][part]["items_found"] == figures["real"]["development"]["items_found"]
    assert set(evaluate_real(real, printed=False)) == {"development", "set_aside"}


CUT_OFF = (
    "Referat\nStyregruppen for Klynge Vest 03-03-2021\n1. Godkendelse af dagsorden\n"
    "2. Status på forløbsprogrammet\n3. Eventuelt\n\n1. Godkendelse af dagsorden\n"
    "Beslutning\nGodkendt.\n"
)


def test_items_named_only_by_the_agenda_list_are_counted_apart_from_the_titles() -> None:
    # corpus-real names a cut-off item's title in `notes`, not among its items.
    entry = {
        **ENTRY,
        "items": [ENTRY["items"][0]],
        "participants": [],
        "apologies": [],
        "notes": "The list names 'Status på forløbsprogrammet' and 'Eventuelt'; text cut off.",
    }

    part = measure([("vest.txt", CUT_OFF.encode(), entry)])

    assert (part.items_found, part.items_listed_only, part.items_listed_in_notes) == (1, 2, 2)
    assert (part.scores["titles"].tp, part.scores["titles"].fp) == (1, 0)
    assert part.scores["decisions"].f1 == 1.0


def test_a_listed_only_item_the_expected_items_hold_is_scored_as_an_item() -> None:
    part = measure([("vest.txt", CUT_OFF.encode(), {**ENTRY, "participants": [], "apologies": []})])

    assert part.items_listed_only == 2 and part.items_found == 2
    assert (part.scores["titles"].tp, part.scores["titles"].fp) == (2, 0)
    assert part.scores["decisions"].fn == 0
