"""Importing legacy minutes into meetings: bodies, people, dedupe, undo and the command line."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from klynge.archive import services
from klynge.archive.models import UNPLACED_CLUSTER, SourceDocument
from klynge.archive.tests.samples import AGENDA, MINUTES
from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from klynge.organisations.models import Body, Person
from klynge.organisations.tests.factories import BodyFactory, ClusterFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _import(text: str = MINUTES, name: str = "referat.txt", **kwargs):
    return services.import_file(actor=None, data=text.encode(), name=name, publish=True, **kwargs)


def test_minutes_become_a_published_meeting_with_items_decisions_and_attendance() -> None:
    cluster = ClusterFactory(name="Sundhedsklynge Nord")
    body = BodyFactory(cluster=cluster, name="Styregruppen")

    result = _import(cluster=cluster)

    meeting = result.meeting
    assert result.created and meeting is not None
    assert meeting.body == body
    assert meeting.date == datetime.date(2019, 3, 12)
    assert (meeting.start_time, meeting.end_time) == (datetime.time(13), datetime.time(15))
    assert meeting.status == MeetingStatus.MINUTES_PUBLISHED
    items = list(meeting.items.order_by("position"))
    assert [i.title for i in items] == ["Godkendelse af dagsorden", "Rygestop for borgere med KOL"]
    assert items[1].case_number == "19/1234"
    assert items[1].recommendation == ["at styregruppen godkender indsatsen."]
    assert items[1].decision == "Godkendt."
    present = {
        a.person.name: a for a in meeting.attendances.filter(status=Attendance.Status.ATTENDING)
    }
    assert set(present) == {"Anne Holm", "Bo Lund", "Carl Friis", "Erik Nør"}
    assert present["Erik Nør"].substitute_for.name == "Dorte Vang"
    assert present["Anne Holm"].title == "direktør, Aalborg Kommune"
    absent = meeting.attendances.filter(status=Attendance.Status.ABSENT)
    assert [a.person.name for a in absent] == ["Dorte Vang"]
    source = result.source
    assert source.meeting == meeting and source.status == SourceDocument.Status.ACCEPTED
    assert len(source.sha256) == 64 and source.format == "text" and source.parser_version
    assert source.file.read().decode() == MINUTES
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"archive.upload", "archive.accept", "meeting.import"} <= actions


def test_an_agenda_becomes_a_meeting_with_its_agenda_published_and_no_decisions() -> None:
    cluster = ClusterFactory(name="Sundhedsklynge Nord")
    BodyFactory(cluster=cluster, name="Styregruppen")

    meeting = _import(AGENDA, "dagsorden.txt", cluster=cluster).meeting

    assert meeting is not None and meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert not meeting.items.exclude(decision="").exists()


def test_the_same_file_twice_creates_nothing_new() -> None:
    cluster = ClusterFactory()
    first = _import(cluster=cluster)
    counts = (Meeting.objects.count(), AgendaItem.objects.count(), Person.objects.count())

    again = _import(name="kopi-af-referat.txt", cluster=cluster)

    assert not again.created and again.source == first.source
    assert again.meeting == first.meeting
    assert (Meeting.objects.count(), AgendaItem.objects.count(), Person.objects.count()) == counts
    assert SourceDocument.objects.count() == 1


def test_a_body_is_found_by_a_former_name() -> None:
    cluster = ClusterFactory(name="Sundhedsklynge Nord")
    body = BodyFactory(cluster=cluster, name="Klyngestyregruppen", former_names="Styregruppen")

    meeting = _import(cluster=cluster).meeting

    assert meeting is not None and meeting.body == body
    assert Body.objects.count() == 1


def test_an_unknown_body_is_created_archived_in_the_given_cluster() -> None:
    cluster = ClusterFactory()

    meeting = _import(cluster=cluster).meeting

    assert meeting is not None
    assert meeting.body.cluster == cluster and not meeting.body.is_active
    assert meeting.body.name == "Styregruppen for Sundhedsklynge Nord"
    assert not meeting.body.memberships.exists()


def test_without_a_cluster_an_unknown_body_waits_in_the_holding_area() -> None:
    meeting = _import().meeting

    assert meeting is not None and meeting.body.cluster.name == UNPLACED_CLUSTER


def test_a_body_is_never_guessed_between_two_clusters() -> None:
    BodyFactory(name="Styregruppen for Sundhedsklynge Nord")
    BodyFactory(name="Styregruppen for Sundhedsklynge Nord")

    meeting = _import().meeting

    assert meeting is not None and meeting.body.cluster.name == UNPLACED_CLUSTER


def test_people_are_matched_only_by_the_same_name_in_the_same_cluster() -> None:
    cluster = ClusterFactory()
    body = BodyFactory(cluster=cluster, name="Styregruppen for Sundhedsklynge Nord")
    anne = MembershipFactory(body=body, person__name="Anne Holm").person
    elsewhere = MembershipFactory(person__name="Bo Lund").person

    meeting = _import(body=body).meeting

    assert meeting is not None
    people = {a.person.name: a.person for a in meeting.attendances.select_related("person")}
    assert people["Anne Holm"] == anne
    assert people["Bo Lund"] != elsewhere
    assert Person.objects.filter(name="Bo Lund").count() == 2


def test_undo_removes_what_the_import_created_and_nothing_else() -> None:
    cluster = ClusterFactory()
    body = BodyFactory(cluster=cluster, name="Styregruppen")
    anne = MembershipFactory(body=body, person__name="Anne Holm").person
    people_before = set(Person.objects.values_list("pk", flat=True))
    source = _import(body=body).source

    services.undo_import(actor=None, source=source)

    source.refresh_from_db()
    assert source.status == SourceDocument.Status.NEEDS_REVIEW and source.meeting is None
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists()
    assert set(Person.objects.values_list("pk", flat=True)) == people_before
    assert Person.objects.filter(pk=anne.pk).exists()
    assert AuditEvent.objects.filter(action="archive.undo").exists()


def test_undo_is_refused_once_the_meeting_has_been_edited() -> None:
    source = _import(cluster=ClusterFactory()).source
    item = source.meeting.items.order_by("position").first()
    item.title = "Godkendelse af dagsorden og referat"
    item.save()

    assert services.undo_blocker(source)
    with pytest.raises(ServiceError, match="redigeret"):
        services.undo_import(actor=None, source=source)
    assert Meeting.objects.count() == 1


def test_corrections_in_the_review_are_what_is_accepted() -> None:
    cluster = ClusterFactory()
    body = BodyFactory(cluster=cluster)
    source, _new = services.store_source(
        actor=None, data=MINUTES.replace("12. marts 2019", "").encode(), name="u.txt"
    )
    source = services.read_source(source=source)
    assert source.status == SourceDocument.Status.NEEDS_REVIEW
    with pytest.raises(ServiceError, match="dato"):
        services.accept_source(actor=None, source=source)
    parsed = {**source.parsed, "meeting": {**source.parsed["meeting"], "date": "2019-03-12"}}
    parsed["items"] = [*parsed["items"], {"title": "Eventuelt", "decision": "Intet."}]

    services.correct_source(actor=None, source=source, parsed=parsed, body=body)
    meeting = services.accept_source(actor=None, source=source)

    assert meeting.body == body and meeting.date == datetime.date(2019, 3, 12)
    assert meeting.items.order_by("-position").first().title == "Eventuelt"


def test_a_file_that_cannot_be_read_saves_nothing() -> None:
    result = services.import_file(actor=None, data=b"%PDF-1.4\n\x00broken", name="x.pdf")

    assert result.meeting is None and "beskadiget" in result.message
    assert not SourceDocument.objects.exists() and not Meeting.objects.exists()


def test_an_imported_body_moves_out_of_the_holding_area() -> None:
    meeting = _import().meeting
    cluster = ClusterFactory()

    services.move_body(actor=None, body=meeting.body, cluster=cluster)

    meeting.refresh_from_db()
    assert meeting.body.cluster == cluster


def test_a_move_onto_a_body_of_the_same_name_is_refused() -> None:
    meeting = _import().meeting
    cluster = ClusterFactory()
    BodyFactory(cluster=cluster, name=meeting.body.name)

    with pytest.raises(ServiceError):
        services.move_body(actor=None, body=meeting.body, cluster=cluster)


def test_the_dry_run_prints_one_json_document_in_the_order_given(tmp_path, capsys) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2-referat.txt").write_text(MINUTES)
    (tmp_path / "b" / "1-dagsorden.txt").write_text(AGENDA, encoding="cp1252")
    (tmp_path / "ødelagt.pdf").write_bytes(b"%PDF-1.4\n\x00broken")

    call_command(
        "import-minutes", str(tmp_path / "ødelagt.pdf"), str(tmp_path / "b"), "--dry-run", "--json"
    )

    out, err = capsys.readouterr()
    results = json.loads(out)
    assert [r["source"].rsplit("/", 1)[-1] for r in results] == [
        "ødelagt.pdf",
        "1-dagsorden.txt",
        "2-referat.txt",
    ]
    broken, agenda, minutes = results
    assert broken["items"] == [] and "beskadiget" in broken["warnings"][0]
    assert broken["meeting"] == {"body": None, "date": None, "start_time": None, "location": None}
    assert agenda["meeting"]["date"] == "2019-04-09"
    assert minutes["meeting"] == {
        "body": "Styregruppen for Sundhedsklynge Nord",
        "date": "2019-03-12",
        "start_time": "13:00",
        "location": "Rådhuset, mødelokale 2",
    }
    assert minutes["apologies"] == [{"name": "Dorte Vang"}]
    assert minutes["substitutes"] == [{"name": "Erik Nør", "for": "Dorte Vang"}]
    assert {p["name"] for p in minutes["participants"]} >= {"Anne Holm", "Erik Nør"}
    assert set(minutes["items"][1]) == {
        "number",
        "title",
        "case_number",
        "recommendation",
        "presentation",
        "decision",
        "attachments",
        "closed",
        "listed_only",
    }
    assert "Filer: 3" in err
    assert not SourceDocument.objects.exists() and not Meeting.objects.exists()


def test_the_command_imports_a_folder_and_sums_up(tmp_path, capsys) -> None:
    cluster = ClusterFactory()
    (tmp_path / "referat.txt").write_text(MINUTES)
    (tmp_path / "dagsorden.txt").write_text(AGENDA)
    (tmp_path / "tom.txt").write_text("")

    call_command("import-minutes", str(tmp_path), "--cluster", str(cluster.pk), "--publish")

    _out, err = capsys.readouterr()
    assert "Filer: 3, møder: 2, til gennemsyn: 0, punkter: 4" in err and "fejl: 1" in err
    assert Meeting.objects.filter(body__cluster=cluster).count() == 2


@pytest.mark.parametrize("dry_run", [False, True])
def test_the_command_counts_a_text_without_items_as_kept_for_marking(
    tmp_path, capsys, dry_run
) -> None:
    cluster = ClusterFactory()
    (tmp_path / "brev.txt").write_text("Kære alle. Tak for et godt møde i går, vi ses i maj.\n")

    options = ["--dry-run"] if dry_run else []
    call_command("import-minutes", str(tmp_path), "--cluster", str(cluster.pk), *options)

    _out, err = capsys.readouterr()
    assert "til gennemsyn: 1" in err and "fejl: 0" in err
    assert SourceDocument.objects.filter(status=SourceDocument.Status.NO_ITEMS).count() == (
        0 if dry_run else 1
    )


def test_the_command_fails_when_no_file_could_be_read(tmp_path) -> None:
    (tmp_path / "tom.txt").write_text("")

    with pytest.raises(CommandError):
        call_command("import-minutes", str(tmp_path / "tom.txt"))


def test_the_benchmark_prints_its_figures(tmp_path, capsys) -> None:
    call_command(
        "bench-archive", "--pages", "6", "--rounds", "1", "--skip-ocr", "--json",
        "--seeds", str(tmp_path),  # an empty folder: the seeds' files are not there
        "--real", str(tmp_path),  # and no corpus-real either
    )  # fmt: skip

    out, err = capsys.readouterr()
    figures = json.loads(out)
    assert figures["corpus"]["titles"]["f1"] >= 0.95
    assert figures["throughput"]["pages_per_s"] > 0 and figures["throughput"]["ratio"] > 0
    assert figures["memory"]["pages"] == 6 and figures["memory"]["peak_mb"] > 0
    assert "ratio:" in err and "Peak memory" in err
