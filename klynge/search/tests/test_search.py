"""Search in Danish across clusters, under the same rules as the pages. Runs on SQLite (FTS5)
and, in `make test`, again on PostgreSQL (tsvector): the same assertions on both backends."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klynge.accounts.models import User
from klynge.actionplans.models import Initiative
from klynge.core.tests.personas import bearer, login, persona
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.organisations.models import Body, Membership
from klynge.search.models import SearchEntry
from klynge.search.queries import search
from klynge.search.tests.data import make_initiative
from klynge.search.tests.data import make_item as _item
from klynge.search.tests.data import make_meeting as _meeting
from klynge.search.text import fold, parse_query, stem

pytestmark = pytest.mark.django_db


def titles(user: object, text: str, **kwargs) -> list[str]:
    return [hit.entry.title for hit in search(user, text, per_page=50, **kwargs).hits]


@pytest.mark.parametrize(
    ("text", "finds"),
    [
        ("møderne", "Møderne i sundhedshusene"),  # stemming
        ("møde", "Møderne i sundhedshusene"),
        ("indsats", "Indsatser for ældre"),
        ("sundhedshus", "Møderne i sundhedshusene"),
        ("akutteam", "Møderne i sundhedshusene"),  # akutteamet
        ("akutteam*", "Akutteamsygeplejersker i nattevagt"),  # compound prefix
        ("faelles", "Møderne i sundhedshusene"),  # æ as ae (the decision)
        ("FÆLLES PLAN", "Møderne i sundhedshusene"),
        ("psykiatriplanens", "Psykiriplanens status"),  # OCR damage
        ("status psykiatriplanens", "Psykiriplanens status"),  # ... beside another word
        ('"fælles plan"', "Møderne i sundhedshusene"),  # phrase
    ],
)
def test_danish_words_find_their_forms(archive, admin_user: User, text: str, finds: str) -> None:
    assert finds in titles(admin_user, text)


def test_a_phrase_needs_its_words_together_and_minus_excludes(archive, admin_user: User) -> None:
    assert "Møderne i sundhedshusene" not in titles(admin_user, '"plan fælles"')
    assert "Akutteamsygeplejersker i nattevagt" in titles(admin_user, "nattevagt")
    assert "Akutteamsygeplejersker i nattevagt" not in titles(admin_user, "nattevagt -akutteam*")


def test_results_follow_the_pages_rules(archive, member: User, outsider: User) -> None:
    # A closed item: for the body's members, not for a logged-in outsider or the public.
    assert "Lukket punkt om personale" in titles(member, "personale")
    assert "Lukket punkt om personale" not in titles(outsider, "personale")
    assert titles(None, "hemmeligholdt", public=True) == []
    # A draft decision: not for members until the minutes are approved.
    member_results = search(member, "udskydes")
    assert member_results.total == 0 and member_results.facets == {}
    # A meeting whose agenda is not out: not even its item's title.
    assert titles(outsider, "nattevagt") == ["Akutteamsygeplejersker i nattevagt"]
    # The action plan: for the cluster's members, not for outsiders.
    assert "7. IPS for unge" in titles(member, "uddannelse")
    assert titles(outsider, "uddannelse") == []


def test_secretariat_sees_drafts_and_counts_match_what_is_shown(
    archive, secretariat: User, outsider: User
) -> None:
    mine = search(secretariat, "rygestop")
    assert {h.entry.kind for h in mine.hits} == {"decision", "item"}
    theirs = search(outsider, "rygestop")
    # The draft's item (its agenda is out) and the published decision; not the draft decision.
    assert theirs.total == len(theirs.hits) == 2
    assert {(v, n) for v, _label, n in theirs.facets["kind"]} == {("decision", 1), ("item", 1)}
    assert all("udskydes" not in h.entry.text for h in theirs.hits)


def test_facets_count_and_filter(archive, admin_user: User) -> None:
    results = search(admin_user, "indsats*")
    counts = {label: n for _v, label, n in results.facets["cluster"]}
    # The item and its decision are found apart (each links to the item).
    assert counts["Sundhedsklynge Vest"] == 2 and sum(counts.values()) == results.total
    year = search(admin_user, "indsats*", filters={"year": "2016"})
    assert year.total and all(h.entry.date.year == 2016 for h in year.hits)
    assert search(admin_user, "indsats*", filters={"cluster": "x"}).total == 0


def test_snippets_mark_the_words_found(archive, admin_user: User) -> None:
    hit = next(h for h in search(admin_user, "akutteam").hits if h.entry.kind == "item")
    assert ("akutteamet", True) in hit.snippet


def test_public_search_links_to_the_public_pages(archive) -> None:
    results = search(None, "sundhedshus", public=True)
    meeting = archive["published"]
    assert results.hits and all(
        h.url.startswith(reverse("public_meeting_detail", args=[meeting.pk])) for h in results.hits
    )


def test_the_index_follows_every_write(archive, admin_user: User) -> None:
    item = AgendaItem.objects.get(title="Indsatser for ældre")
    item.title = "Seniorindsatser"
    item.save()
    assert "Seniorindsatser" in titles(admin_user, "seniorindsats*")
    assert "Indsatser for ældre" not in titles(admin_user, "ældre")
    item.delete()
    assert titles(admin_user, "seniorindsats*") == []
    meeting = archive["planned"]
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.save()
    assert "Hemmelig plan for nattevagt" in titles(None, "hemmelig", public=True)


def test_reindex_rebuilds_the_same_index(archive, admin_user: User) -> None:
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "terms"))
    found = titles(admin_user, "rygestop")

    call_command("reindex")

    assert sorted(SearchEntry.objects.values_list("kind", "object_id", "terms")) == before
    assert titles(admin_user, "rygestop") == found


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "x" * 10_000,
        '"unbalanced',
        "((nattevagt",
        'NEAR(a b) ^x col:val a & b | !c * "',
        "'; DROP TABLE search_searchentry; --",
        "nattevagt\x00\x07\x1b",
        "-nattevagt",
        "og i at",
        "***",
    ],
)
def test_bad_queries_never_fail(archive, admin_user: User, text: str) -> None:
    results = search(admin_user, text)
    assert results.total >= 0
    if text.strip() and not results.query.positive:
        assert results.message


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))
def test_no_query_breaks_the_backend(archive, admin_user: User, text: str) -> None:
    search(admin_user, text)


def test_query_language() -> None:
    query = parse_query('rygestop "fælles plan" akut* -lukket NEAR ( ) : ^')
    assert [(c.kind, c.words, c.negated) for c in query.clauses] == [
        ("word", ("rygestop",), False),
        ("phrase", ("faelles", "plan"), False),
        ("prefix", ("akut",), False),
        ("word", ("lukket",), True),
        ("word", ("near",), False),
    ]
    assert fold("Fælles Århus Øst") == "faelles aarhus oest"
    assert stem("indsatser") == stem("indsats")
    assert stem(fold("møderne")) == stem(fold("møde"))


def test_the_page_the_header_box_and_the_api(archive, client: Client, member: User) -> None:
    login(client, member)
    home = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search")}"' in home
    page = client.get(reverse("search"), {"q": "rygestop"}).content.decode()
    assert "<mark>rygestop</mark>" in page and "2 resultater" in page
    api = client.get(reverse("api-v1:search_api"), {"q": "nattevagt"}, **bearer(member))
    data = api.json()
    # Not the item of the planned meeting, whose agenda is not out.
    assert (
        data["total"] == 1 and data["results"][0]["title"] == "Akutteamsygeplejersker i nattevagt"
    )
    assert set(data["results"][0]) == {
        "kind", "id", "title", "url", "cluster", "body", "meeting_date", "snippet", "score",
    }  # fmt: skip
    public = Client().get(reverse("public_search"), {"q": "hemmeligholdt"})
    assert public.status_code == 200 and "Hemmeligholdt" not in public.content.decode()


def test_the_command_prints_one_json_list(archive, capsys) -> None:
    persona(archive["other"], "leder@example.dk", Membership.Role.SECRETARIAT)

    call_command("search", "psykiatriplanen", "--json", "--as", "leder@example.dk")
    hits = json.loads(capsys.readouterr().out)
    call_command("search", "hemmeligholdt", "--json")
    public = json.loads(capsys.readouterr().out)

    assert hits[0]["title"] == "Psykiriplanens status"
    assert hits[0]["cluster"] == "Sundhedsklynge Vest" and hits[0]["meeting_date"] == "2016-05-24"
    assert public == []


def test_similar_initiatives_and_decisions_elsewhere(
    archive, body: Body, member: User, admin_user: User
) -> None:
    other = archive["other"]
    make_initiative(
        other,
        2022,
        number=3,
        title="IPS-forløb for unge med psykiske lidelser",
        problem="Unge med psykiske lidelser mangler uddannelse og job.",
    )
    decided = _meeting(other, date=datetime.date(2021, 9, 1))
    _item(decided, "Unge uden uddannelse", decision="IPS til unge med psykiske lidelser vedtaget.")
    hidden = _meeting(other, status=MeetingStatus.PLANNED)
    _item(hidden, "Unge med psykiske lidelser i uddannelse", presentation="IPS uddannelse")
    mine = Initiative.objects.get(title="IPS for unge")
    client = Client()
    login(client, member)

    page = client.get(reverse("similar", args=["indsats", mine.pk])).content.decode()
    panel = client.get(reverse("similar", args=["indsats", mine.pk]), HTTP_HX_REQUEST="true")
    admin = login(Client(), admin_user).get(reverse("similar", args=["indsats", mine.pk]))

    # Another cluster's action plan is for its own people (and administrators) ...
    assert "IPS-forløb for unge med psykiske lidelser" in admin.content.decode()
    assert "IPS-forløb for unge med psykiske lidelser" not in page
    # ... its published decisions for everyone.
    assert "Unge uden uddannelse" in page
    assert "Fælles ord:" in page and "psykiske" in page
    assert "Unge med psykiske lidelser i uddannelse" not in page  # its agenda is not out
    assert "7. IPS for unge" not in page  # not the initiative itself, nor its own cluster
    assert (
        "<html" not in panel.content.decode() and "Unge uden uddannelse" in panel.content.decode()
    )
    initiative_page = client.get(mine.get_absolute_url()).content.decode()
    assert reverse("similar", args=["indsats", mine.pk]) in initiative_page


def test_the_text_of_bilag_is_found_under_its_item(archive, secretariat: User) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    from klynge.meetings import services as meeting_services

    document = Document()
    document.add_paragraph("Bilaget beskriver hjemmemonitorering af hjertepatienter.")
    out = io.BytesIO()
    document.save(out)
    item = AgendaItem.objects.get(title="Akutteamsygeplejersker i nattevagt")
    upload = SimpleUploadedFile(
        "bilag.docx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    # Added while the minutes are being written (a published meeting's bilag stay as filed).
    Meeting.objects.filter(pk=item.meeting_id).update(status=MeetingStatus.HELD)
    item.meeting.refresh_from_db()
    attachment = meeting_services.add_attachment(actor=secretariat, item=item, upload=upload)

    hits = search(secretariat, "hjemmemonitorering").hits
    assert [(h.entry.kind, h.entry.title, h.url) for h in hits] == [
        ("attachment", "bilag.docx", item.get_absolute_url())
    ]
    attachment.delete()
    assert search(secretariat, "hjemmemonitorering").total == 0


def test_an_archive_document_is_found_at_its_page(body: Body, secretariat: User) -> None:
    from weasyprint import HTML

    from klynge.archive import services as archive_services

    pdf = HTML(
        string="<p>Referat. Styregruppen 3. april 2019.</p>"
        "<h2 style='break-before: page'>Punkt 1. Eventuelt</h2><p>Intet.</p>"
        "<h2 style='break-before: page'>Punkt 2. Trafikdræbte cyklister</h2><p>Drøftet.</p>"
    ).write_pdf()
    source, _new = archive_services.store_source(
        actor=secretariat, data=pdf, name="referat.pdf", cluster=body.cluster
    )
    source = archive_services.read_source(source=source)

    hits = search(secretariat, "cyklister").hits

    assert [h.entry.kind for h in hits] == ["source"]
    assert hits[0].url == f"{source.get_absolute_url()}#side-3"
    assert search(None, "cyklister", public=True).hits == []
