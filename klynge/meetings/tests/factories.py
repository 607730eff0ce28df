import datetime

import factory
from django.utils import timezone

from klynge.meetings.models import AgendaItem, Meeting
from klynge.organisations.tests.factories import BodyFactory


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    start_time = datetime.time(16, 0)
    end_time = datetime.time(18, 0)
    place = "Mødelokale 1"


class AgendaItemFactory(factory.django.DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt om emne {n}")
    case_number = "1-31-72-446-22"
    recommendation = factory.LazyFunction(lambda: ["at orienteringen tages til efterretning"])
    presentation = "<p>Sagsfremstilling.</p>"
