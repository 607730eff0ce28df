"""Editing memberships, organisations and clusters: a success, a refusal and bad input each."""

import datetime

import pytest
from django.urls import reverse

from klynge.core.tests.personas import login
from klynge.organisations.models import Cluster, Membership, Organisation
from klynge.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _membership(member) -> Membership:
    return Membership.objects.get(person__user=member)


def _values(membership: Membership, **changes: object) -> dict[str, object]:
    values = {
        "organisation": membership.organisation_id,
        "title": membership.title,
        "role": membership.role,
        "start_date": "2020-01-01",
        "end_date": "",
        "substitute_for": "",
        "person": membership.person_id,
    }
    return values | changes


def test_secretariat_edits_a_membership(client, body, secretariat, member):
    membership = _membership(member)
    login(client, secretariat)
    url = reverse("membership_edit", args=[membership.pk])
    response = client.post(url, _values(membership, title="direktør"))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.title == "direktør"


def test_member_cannot_edit_a_membership(client, body, member):
    membership = _membership(member)
    login(client, member)
    url = reverse("membership_edit", args=[membership.pk])
    assert client.post(url, _values(membership, title="x")).status_code == 403
    membership.refresh_from_db()
    assert membership.title != "x"


def test_a_membership_cannot_end_before_it_starts(client, body, secretariat, member):
    membership = _membership(member)
    login(client, secretariat)
    url = reverse("membership_edit", args=[membership.pk])
    response = client.post(url, _values(membership, end_date="2019-01-01"))
    assert response.status_code == 200
    assert "Slutdatoen ligger før startdatoen" in response.content.decode()
    membership.refresh_from_db()
    assert membership.end_date is None


def test_secretariat_renames_an_organisation_of_its_cluster(client, secretariat, member):
    organisation = _membership(member).organisation
    login(client, secretariat)
    url = reverse("organisation_edit", args=[organisation.pk])
    response = client.post(url, {"name": "Aalborg Kommune", "kind": "municipality"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Aalborg Kommune"


def test_member_cannot_rename_an_organisation(client, member):
    organisation = _membership(member).organisation
    login(client, member)
    url = reverse("organisation_edit", args=[organisation.pk])
    assert client.post(url, {"name": "X", "kind": "region"}).status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


def test_an_organisation_needs_a_unique_name(client, secretariat, member):
    organisation = _membership(member).organisation
    taken = OrganisationFactory(name="Region Nordjylland")
    login(client, secretariat)
    url = reverse("organisation_edit", args=[organisation.pk])
    response = client.post(url, {"name": taken.name, "kind": "region"})
    assert response.status_code == 200
    assert "Ret de markerede felter" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name != taken.name


def _cluster_values(cluster: Cluster, **changes: object) -> dict[str, object]:
    values = {"name": cluster.name, "kind": cluster.kind, "region": cluster.region}
    return values | changes


def test_secretariat_edits_its_cluster(client, body, secretariat):
    login(client, secretariat)
    url = reverse("cluster_edit", args=[body.cluster_id])
    response = client.post(url, _cluster_values(body.cluster, name="Sundhedsråd Aalborg"))
    assert response.status_code == 302
    body.cluster.refresh_from_db()
    assert body.cluster.name == "Sundhedsråd Aalborg"


def test_member_cannot_edit_the_cluster(client, body, member):
    login(client, member)
    url = reverse("cluster_edit", args=[body.cluster_id])
    assert client.post(url, _cluster_values(body.cluster, name="X")).status_code == 403
    assert not Cluster.objects.filter(name="X").exists()


def test_a_cluster_cannot_end_before_it_begins(client, body, secretariat):
    login(client, secretariat)
    url = reverse("cluster_edit", args=[body.cluster_id])
    response = client.post(
        url,
        _cluster_values(
            body.cluster,
            valid_from=datetime.date(2027, 1, 1).isoformat(),
            valid_to=datetime.date(2026, 1, 1).isoformat(),
        ),
    )
    assert response.status_code == 200
    body.cluster.refresh_from_db()
    assert body.cluster.valid_to is None
