import factory

from klynge.budgets.models import Allocation, Frame, Spending
from klynge.organisations.tests.factories import ClusterFactory


class FrameFactory(factory.django.DjangoModelFactory[Frame]):
    class Meta:
        model = Frame

    cluster = factory.SubFactory(ClusterFactory)
    year = 2027
    amount = 12_000_000


class AllocationFactory(factory.django.DjangoModelFactory[Allocation]):
    """Give `initiative` (in `cluster`'s action plan)."""

    class Meta:
        model = Allocation

    year = 2027
    amount = 1_250_000


class SpendingFactory(factory.django.DjangoModelFactory[Spending]):
    """Give `initiative` and `cluster`."""

    class Meta:
        model = Spending

    year = 2027
    quarter = 1
    amount = 250_000
