"""Guests and substitutes are matched by name within the meeting's cluster only, and a new
person is created through the audited service."""

import pytest

from klynge.audit.models import AuditEvent
from klynge.organisations.services import find_or_add_person
from klynge.organisations.tests.factories import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_name_is_matched_in_the_cluster_and_never_across_clusters():
    here, elsewhere = BodyFactory(), BodyFactory()
    known = MembershipFactory(body=here, person=PersonFactory(name="Anne Holm")).person
    stranger = MembershipFactory(body=elsewhere, person=PersonFactory(name="Bo Berg")).person
    assert find_or_add_person(actor=None, cluster=here.cluster, name=" anne  holm ") == known
    new = find_or_add_person(actor=None, cluster=here.cluster, name="Bo Berg")
    assert new != stranger and new.name == "Bo Berg"
    assert AuditEvent.objects.filter(action="person.create", object_id=str(new.pk)).exists()
