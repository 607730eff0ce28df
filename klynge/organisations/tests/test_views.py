import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import login
from klynge.organisations.models import Body, Membership, Person
from klynge.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_body_page_groups_current_members_by_organisation_and_keeps_history(client, body, member):
    aalborg = OrganisationFactory(name="Aalborg Kommune")
    MembershipFactory(body=body, organisation=aalborg, person__name="Mikkel Grimstrup")
    MembershipFactory(
        body=body,
        organisation=aalborg,
        person__name="Tidligere Medlem",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    login(client, member)
    response = client.get(body.get_absolute_url())
    groups = dict(response.context["groups"])
    assert [m.person.name for m in groups["Aalborg Kommune"]] == ["Mikkel Grimstrup"]
    assert [m.person.name for m in response.context["past"]] == ["Tidligere Medlem"]
    assert "Tidligere medlemmer" in response.content.decode()


def test_secretariat_adds_a_new_person_as_member(client, body, secretariat):
    login(client, secretariat)
    org = OrganisationFactory(name="Jammerbugt Kommune")
    response = client.post(
        reverse("membership_add", args=[body.pk]),
        {
            "new_person_name": "Ib Nørgaard",
            "organisation": org.pk,
            "title": "formand for Social- og Sundhedsudvalget",
            "role": "observer",
            "start_date": "2023-01-01",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person__name="Ib Nørgaard")
    assert (membership.role, membership.organisation) == ("observer", org)
    assert AuditEvent.objects.filter(action="membership.create", actor=secretariat).exists()


def test_member_cannot_add_members(client, body, member):
    login(client, member)
    response = client.post(reverse("membership_add", args=[body.pk]), {"new_person_name": "X"})
    assert response.status_code == 403
    assert not Person.objects.filter(name="X").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "member"}, "Vælg en person"),
        (
            {
                "new_person_name": "A",
                "role": "member",
                "start_date": "2024-01-01",
                "end_date": "2023-01-01",
            },
            "Slutdatoen ligger før startdatoen",
        ),
    ],
)
def test_invalid_membership_is_refused_and_nothing_saved(client, body, secretariat, data, message):
    login(client, secretariat)
    before = Membership.objects.count()
    response = client.post(reverse("membership_add", args=[body.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Membership.objects.count() == before
    assert not Person.objects.filter(name="A").exists()


def test_substitute_stands_in_for_a_member(client, body, secretariat, member):
    login(client, secretariat)
    response = client.post(
        reverse("membership_add", args=[body.pk]),
        {"new_person_name": "Malou Skov", "role": "member", "substitute_for": member.person.pk},
    )
    assert "Kun en stedfortræder" in response.content.decode()
    client.post(
        reverse("membership_add", args=[body.pk]),
        {"new_person_name": "Malou Skov", "role": "substitute", "substitute_for": member.person.pk},
    )
    assert Membership.objects.get(person__name="Malou Skov").substitute_for == member.person


def test_ending_a_membership_keeps_it_as_history(client, body, secretariat, member):
    membership = Membership.objects.get(person__user=member)
    login(client, secretariat)
    client.post(reverse("membership_end", args=[membership.pk]), {"end_date": "2024-06-30"})
    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2024, 6, 30)
    assert membership in client.get(body.get_absolute_url()).context["past"]


def test_body_escalation_parent_must_be_in_the_same_cluster(client, body, secretariat):
    from klynge.organisations.tests.factories import BodyFactory

    other = BodyFactory()
    login(client, secretariat)
    response = client.post(
        reverse("body_create", args=[body.cluster_id]),
        {"name": "Chefforum", "level": "chief", "parent": other.pk, "is_active": "on"},
    )
    assert response.status_code == 200
    assert not Body.objects.filter(name="Chefforum").exists()
    response = client.post(
        reverse("body_create", args=[body.cluster_id]),
        {"name": "Chefforum", "level": "chief", "parent": body.pk, "is_active": "on"},
    )
    assert Body.objects.get(name="Chefforum").parent == body


def test_secretariat_of_another_cluster_cannot_edit(client, body, secretariat):
    from klynge.organisations.tests.factories import BodyFactory

    other = BodyFactory()
    login(client, secretariat)
    assert client.get(reverse("body_edit", args=[other.cluster_id, other.pk])).status_code == 403
    assert client.get(reverse("meeting_create", args=[other.pk])).status_code == 403


def test_only_admin_creates_clusters(client, secretariat, admin_user):
    login(client, secretariat)
    assert client.get(reverse("cluster_create")).status_code == 403
    login(client, admin_user)
    response = client.post(
        reverse("cluster_create"),
        {
            "name": "Sundhedsråd Vendsyssel",
            "kind": "health_council",
            "region": "nordjylland",
            "valid_from": "2027-01-01",
        },
    )
    assert response.status_code == 302


def test_anonymous_is_sent_to_login(client, body):
    response = client.get(body.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_secretariat_edits_a_person_of_its_cluster_only(client, body, secretariat, member):
    from klynge.organisations.tests.factories import PersonFactory

    login(client, secretariat)
    url = reverse("person_edit", args=[member.person.pk])
    page = client.get(url)
    assert "user" not in page.context["form"].fields  # linking logins is for administrators
    client.post(url, {"name": "Lene Dalsgaard", "email": "lene@example.dk"})
    member.person.refresh_from_db()
    assert member.person.email == "lene@example.dk"
    stranger = PersonFactory()
    assert client.get(reverse("person_edit", args=[stranger.pk])).status_code == 403


def test_the_cluster_page_counts_each_bodys_members_today(client, body, member):
    """Members until the year's end are members today; members from next year are not yet."""
    today = datetime.date.today()
    for name, start, end in [
        ("Til nytår", None, today + datetime.timedelta(days=20)),
        ("Fra nytår", today + datetime.timedelta(days=20), None),
        ("Gået", None, today - datetime.timedelta(days=1)),
    ]:
        MembershipFactory(body=body, person__name=name, start_date=start, end_date=end)
    login(client, member)
    response = client.get(reverse("cluster_detail", args=[body.cluster_id]))
    [counted] = [b for b in response.context["bodies"] if b.pk == body.pk]
    running = Membership.objects.current().filter(body=body).count()
    assert counted.member_count == running == body.memberships.count() - 2


def test_body_page_members_table_for_the_secretariat(client, body, secretariat, member):
    """Each row: name linked to the person, role, who a substitute stands in for, period, and
    the edit link and end form (offering today) for a running membership."""
    aalborg = OrganisationFactory(name="Aalborg Kommune")
    substitute = MembershipFactory(
        body=body,
        organisation=aalborg,
        person__name="Malou Skov",
        role=Membership.Role.SUBSTITUTE,
        substitute_for=member.person,
        start_date=datetime.date(2024, 3, 1),
    )
    login(client, secretariat)
    page = client.get(body.get_absolute_url()).content.decode()
    person_url = reverse("person_edit", args=[substitute.person_id])
    assert f'<a href="{person_url}">Malou Skov</a>' in page
    assert f"Stedfortræder / tilforordnet for {member.person.name}</td>" in page
    assert "<td>1.3.2024–</td>" in page
    assert f'<a href="{reverse("membership_edit", args=[substitute.pk])}">Rediger' in page
    assert f'action="{reverse("membership_end", args=[substitute.pk])}"' in page
    today = timezone.localdate().isoformat()
    assert f'id="end-{substitute.pk}" name="end_date" value="{today}" required>' in page
