"""Ranking a bounded set: a query that matches more rows than `CANDIDATES` is ranked among its
newest matches the user may see, and says so; rights, facets and totals stay those of what is
shown. The same assertions on SQLite (FTS5 read newest first by its rowid) and PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import User
from klynge.core.tests.personas import login
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import Body
from klynge.search import queries
from klynge.search.models import SearchEntry
from klynge.search.queries import search
from klynge.search.tests.data import make_item, make_meeting

pytestmark = pytest.mark.django_db


def titles(user: object, text: str, **kwargs) -> list[str]:
    return [hit.entry.title for hit in search(user, text, per_page=50, **kwargs).hits]


@pytest.fixture
def years(body: Body) -> list[Meeting]:
    """Five published meetings, 2020 to 2024, each with an item about kørestole."""
    meetings = []
    for year in range(2020, 2025):
        meeting = make_meeting(body, date=datetime.date(year, 5, 1))
        make_item(meeting, f"Kørestole {year}", presentation="Hjælpemidler til borgere.")
        meetings.append(meeting)
    return meetings


def test_exact_and_phrase_matches_rank_first(body: Body, admin_user: User) -> None:
    meeting = make_meeting(body)
    make_item(meeting, "Orientering", presentation="Sundhedshuse og medicinlister i kommunerne.")
    make_item(meeting, "Fælles medicinlister")  # the words, together, in the title
    make_item(meeting, "Status", presentation="Medicinlister drøftet. Fælles møde senere.")
    make_item(meeting, "Aftale", presentation="Regionens fælles medicinlister aftalt.")

    assert titles(admin_user, "medicinlister")[0] == "Fælles medicinlister"
    assert titles(admin_user, '"fælles medicinlister"') == ["Fælles medicinlister", "Aftale"]
    words = titles(admin_user, "fælles medicinlister")
    assert words[0] == "Fælles medicinlister" and set(words[1:]) == {"Status", "Aftale"}


def test_a_common_word_is_ranked_among_its_newest_matches(
    years: list[Meeting], admin_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "CANDIDATES", 3)

    bounded = search(admin_user, "kørestole")
    full = search(admin_user, "kørestole", rank_all=True)

    assert sorted(h.entry.title for h in bounded.hits) == [
        "Kørestole 2022",
        "Kørestole 2023",
        "Kørestole 2024",
    ]
    assert bounded.newest == 3 and bounded.total == 3
    assert full.newest == 0 and full.total == 5
    # Newest first: the candidates are the newest matches, so sorting by date loses none.
    assert [h.entry.title for h in search(admin_user, "kørestole", sort="date").hits] == [
        "Kørestole 2024",
        "Kørestole 2023",
        "Kørestole 2022",
    ]
    # Fewer matches than candidates: every match is ranked, as before.
    monkeypatch.setattr(queries, "CANDIDATES", 6)
    assert search(admin_user, "kørestole").newest == 0


def test_the_candidates_are_what_the_user_may_see(
    years: list[Meeting], body: Body, member: User, outsider: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "CANDIDATES", 2)
    # Newer than all: a closed item (for the body's members) and a draft's decision
    # (for the secretariat until the minutes are approved).
    closed = make_meeting(body, date=datetime.date(2025, 3, 1))
    make_item(closed, "Lukket om kørestole", is_closed=True)
    draft = make_meeting(body, status=MeetingStatus.MINUTES_DRAFT, date=datetime.date(2025, 4, 1))
    make_item(draft, "Indkøb", decision="Udkast: kørestole købes.")

    assert titles(outsider, "kørestole") == ["Kørestole 2024", "Kørestole 2023"]
    assert titles(outsider, "købes") == []
    mine = titles(member, "kørestole")
    assert "Lukket om kørestole" in mine and len(mine) == 2
    assert ("decision", "Indkøb") not in [
        (h.entry.kind, h.entry.title) for h in search(member, "kørestole").hits
    ]


def test_facets_count_what_is_shown(
    years: list[Meeting], admin_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_item(years[-1], "Kørestole igen", decision="Kørestole godkendt.")
    monkeypatch.setattr(queries, "CANDIDATES", 4)

    results = search(admin_user, "kørestole")
    shown = [h.entry for h in results.hits]

    def counted(name: str) -> dict[str, int]:
        return {value: n for value, _label, n in results.facets[name]}

    assert counted("kind") == {
        kind: sum(e.kind == kind for e in shown) for kind in {e.kind for e in shown}
    }
    assert counted("year") == {
        str(y): sum(e.date.year == y for e in shown) for y in {e.date.year for e in shown}
    }
    assert results.facets["year"] == [("2024", "2024", 3), ("2023", "2023", 1)]
    assert {v: n for v, _l, n in results.facets["kind"]} == {"item": 3, "decision": 1}
    assert sum(counted("body").values()) == results.total == 4
    # A chosen facet counts among the results of the others: every kind stays offered.
    item = search(admin_user, "kørestole", filters={"kind": "item"})
    assert {v for v, _l, _n in item.facets["kind"]} == {"item", "decision"}
    assert item.total == 4 and all(h.entry.kind == "item" for h in item.hits)
    assert search(admin_user, "kørestole", filters={"year": "x"}).total == 0


def test_a_moved_meeting_moves_its_rows_in_the_newest(
    years: list[Meeting], admin_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "CANDIDATES", 1)
    oldest = years[0]
    oldest.date = datetime.date(2026, 1, 5)
    oldest.save()

    assert titles(admin_user, "kørestole") == ["Kørestole 2020"]
    assert titles(admin_user, "hjælpemidler") == ["Kørestole 2020"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_the_fts_table_follows_the_index(years: list[Meeting]) -> None:
    years[1].items.get().delete()
    years[2].date = datetime.date(2030, 1, 1)
    years[2].save()

    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM search_fts")
        keys = sorted(row[0] for row in cursor.fetchall())
    expected = sorted(
        (date.toordinal() << 32) | pk for pk, date in SearchEntry.objects.values_list("pk", "date")
    )
    assert keys == expected


def test_the_page_says_when_it_ranked_the_newest(
    years: list[Meeting], client: Client, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "CANDIDATES", 3)
    monkeypatch.setattr(queries, "MAX_RESULTS", 2)
    login(client, member)

    page = client.get(reverse("search"), {"q": "kørestole"}).content.decode()
    by_date = client.get(reverse("search"), {"q": "kørestole", "sort": "date"}).content.decode()

    assert "Mere end 2 resultater" in page
    assert "De 2 bedste blandt de 3 nyeste vises" in page
    assert "De 2 bedste vises" in by_date
