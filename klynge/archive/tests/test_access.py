"""The archive's one door: a document belongs to the cluster it is placed in, and until it is
placed to whoever uploaded it (and the administrators). Every page and action goes through it."""

import pytest
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import User
from klynge.archive import services
from klynge.archive.access import unplaced_bodies, visible_sources
from klynge.archive.models import UNPLACED_CLUSTER, SourceDocument
from klynge.archive.tests.samples import MINUTES
from klynge.core.tests.personas import login, persona
from klynge.meetings.models import Meeting
from klynge.organisations.models import Body, Membership
from klynge.organisations.tests.factories import BodyFactory
from klynge.search.models import Kind
from klynge.search.queries import search

pytestmark = pytest.mark.django_db

#: (name, method, url of a document) for every archive page and action on one document.
DOORS = [
    ("review page", "get", lambda pk: reverse("archive_document", args=[pk])),
    ("review post", "post", lambda pk: reverse("archive_document", args=[pk])),
    ("original", "get", lambda pk: reverse("archive_original", args=[pk])),
    ("page image", "get", lambda pk: reverse("archive_page", args=[pk, 1])),
    ("undo", "post", lambda pk: reverse("archive_undo", args=[pk])),
    ("read again", "post", lambda pk: reverse("archive_retry", args=[pk])),
    ("mark items", "post", lambda pk: reverse("archive_mark", args=[pk])),
]


@pytest.fixture
def other_secretariat(db) -> User:
    """The secretariat of another cluster."""
    return persona(BodyFactory(), "anden@example.dk", Membership.Role.SECRETARIAT)


def _pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>" + MINUTES.replace("\n\n", "</p><p>") + "</p>").write_pdf()


def _unplaced(actor: User | None) -> SourceDocument:
    source, _new = services.store_source(actor=actor, data=_pdf(), name="referat.pdf")
    return services.read_source(source=source)


@pytest.mark.parametrize(("door", "method", "url"), DOORS, ids=[d[0] for d in DOORS])
def test_an_unplaced_document_is_closed_to_every_secretariat_but_its_uploader(
    client: Client,
    secretariat: User,
    other_secretariat: User,
    admin_user: User,
    door,
    method,
    url,
) -> None:
    source = _unplaced(admin_user)
    status = source.status
    login(client, other_secretariat)

    response = getattr(client, method)(url(source.pk))

    assert response.status_code == 404, door
    source.refresh_from_db()
    assert source.status == status
    login(client, admin_user)
    assert client.get(reverse("archive_document", args=[source.pk])).status_code == 200


def test_a_secretariat_sees_its_own_unplaced_upload_and_no_one_elses(
    client: Client, secretariat: User, other_secretariat: User, admin_user: User
) -> None:
    own = _unplaced(secretariat)
    admins = services.read_source(
        source=services.store_source(actor=admin_user, data=b"Referat\n1. Eventuelt", name="a")[0]
    )

    assert list(visible_sources(secretariat)) == [own]
    assert not visible_sources(other_secretariat).exists()
    assert set(visible_sources(admin_user)) == {own, admins}
    login(client, secretariat)
    listing = client.get(reverse("archive_list")).content.decode()
    assert reverse("archive_document", args=[own.pk]) in listing
    assert reverse("archive_document", args=[admins.pk]) not in listing
    hits = search(other_secretariat, "Rygestop").hits
    assert not [hit for hit in hits if hit.entry.kind == Kind.SOURCE]
    assert [hit for hit in search(secretariat, "Rygestop").hits if hit.entry.kind == Kind.SOURCE]


def test_an_administrators_import_placed_in_a_cluster_is_undone_only_there(
    client: Client, secretariat: User, other_secretariat: User, admin_user: User, body: Body
) -> None:
    source, _new = services.store_source(
        actor=admin_user, data=MINUTES.encode(), name="referat.txt", cluster=body.cluster
    )
    services.read_source(source=source)
    meeting = services.accept_source(actor=admin_user, source=source, body=body)
    undo = reverse("archive_undo", args=[source.pk])

    login(client, other_secretariat)
    assert client.post(undo).status_code == 404
    assert Meeting.objects.filter(pk=meeting.pk).exists()

    login(client, secretariat)
    assert client.post(undo).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_an_unplaced_body_is_moved_only_by_its_documents_uploader_or_an_administrator(
    client: Client, secretariat: User, other_secretariat: User, admin_user: User, body: Body
) -> None:
    from_cli = services.import_file(
        actor=None, data=MINUTES.encode(), name="r.txt", publish=True
    ).meeting
    assert from_cli is not None and from_cli.body.cluster.name == UNPLACED_CLUSTER
    move = reverse("archive_body_move", args=[from_cli.body.pk])
    field = f"organ-{from_cli.body.pk}-cluster"

    login(client, secretariat)
    assert client.post(move, {field: body.cluster_id}).status_code == 404
    assert from_cli.body.name not in client.get(reverse("archive_list")).content.decode()
    from_cli.body.refresh_from_db()
    assert from_cli.body.cluster.name == UNPLACED_CLUSTER
    assert not unplaced_bodies(other_secretariat).exists()

    login(client, admin_user)
    assert client.post(move, {field: body.cluster_id}).status_code == 302
    from_cli.body.refresh_from_db()
    assert from_cli.body.cluster == body.cluster


def test_an_administrators_import_in_the_holding_area_is_not_undone_by_a_secretariat(
    client: Client, secretariat: User, admin_user: User
) -> None:
    result = services.import_file(
        actor=admin_user, data=MINUTES.encode(), name="r.txt", publish=True
    )
    assert result.meeting is not None and result.meeting.body.cluster.name == UNPLACED_CLUSTER
    login(client, secretariat)

    response = client.post(reverse("archive_undo", args=[result.source.pk]))

    assert response.status_code == 404
    assert Meeting.objects.filter(pk=result.meeting.pk).exists()
