import factory

from klynge.organisations.models import Region
from klynge.recommendations.models import ExternalBody


class ExternalBodyFactory(factory.django.DjangoModelFactory[ExternalBody]):
    class Meta:
        model = ExternalBody
        django_get_or_create = ["name"]

    name = "Regionsrådet, Region Midtjylland"
    kind = ExternalBody.Kind.REGIONAL_COUNCIL
    url = "https://www.rm.dk/politik/"
    region = Region.MIDTJYLLAND
