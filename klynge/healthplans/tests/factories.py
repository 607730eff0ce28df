import factory

from klynge.healthplans.models import HealthPlan, PlanGoal, PlanSection
from klynge.organisations.tests.factories import BodyFactory


class HealthPlanFactory(factory.django.DjangoModelFactory[HealthPlan]):
    class Meta:
        model = HealthPlan

    body = factory.SubFactory(BodyFactory)
    cluster = factory.SelfAttribute("body.cluster")
    title = "Nærsundhedsplan 2027–2030"
    period_start = 2027
    period_end = 2030


class PlanSectionFactory(factory.django.DjangoModelFactory[PlanSection]):
    class Meta:
        model = PlanSection

    plan = factory.SubFactory(HealthPlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Afsnit {n + 1}")
    text = "<p>Borgere med kronisk sygdom skal have et sammenhængende forløb.</p>"


class PlanGoalFactory(factory.django.DjangoModelFactory[PlanGoal]):
    class Meta:
        model = PlanGoal

    section = factory.SubFactory(PlanSectionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Færre forebyggelige indlæggelser af ældre medicinske patienter"
    population = "Borgere over 65 år"
