"""Project owners and leads are chosen among everyone at the cluster's organisations, not
only among members of its bodies."""

import pytest

from klynge.actionplans.forms import InitiativeForm
from klynge.organisations.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_anyone_employed_by_the_clusters_organisations_can_lead(gov):
    aarhus = OrganisationFactory(name="Aarhus Kommune")
    elsewhere = OrganisationFactory(name="Region Hovedstaden")
    gov.plan.cluster.organisations.add(aarhus)
    lead = PersonFactory(name="Projektleder uden medlemskab", organisation=aarhus)
    stranger = PersonFactory(name="Fra en anden region", organisation=elsewhere)
    form = InitiativeForm(plan=gov.plan)
    for field in ("project_owner", "project_lead", "project_group"):
        choices = set(form.fields[field].queryset)
        assert lead in choices and gov.lead.person in choices  # a body member, as before
        assert stranger not in choices
