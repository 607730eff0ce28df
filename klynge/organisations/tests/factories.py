import factory

from klynge.organisations.models import Body, Cluster, Membership, Organisation, Person, Region


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Kommune {n}")
    kind = Organisation.Kind.MUNICIPALITY
    region = Region.NORDJYLLAND


class ClusterFactory(factory.django.DjangoModelFactory[Cluster]):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Sundhedsklynge {n}")
    kind = Cluster.Kind.HEALTH_CLUSTER
    region = Region.NORDJYLLAND


class BodyFactory(factory.django.DjangoModelFactory[Body]):
    class Meta:
        model = Body

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Politisk niveau {n}")
    level = Body.Level.POLITICAL


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="da_DK")


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "borgmester"
    role = Membership.Role.MEMBER
