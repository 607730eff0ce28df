import datetime
import decimal

from django.db.models import QuerySet
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from klynge.accounts.http import AuthedRequest
from klynge.core.schema import Id, Pages, column, responses
from klynge.outcomes import services
from klynge.outcomes.access import get_indicator_for_user
from klynge.outcomes.models import Indicator, Measurement, readable

router = Router(tags=["outcomes"])


class DatedValue(Schema):
    value: float | None
    date: datetime.date | None


class Comparison(Schema):
    value: float | None
    label: str


class MeasurementOut(Schema):
    date: datetime.date
    #: None for a value stored beyond the column's digits, which cannot be read.
    value: float | None


class IndicatorOut(Schema):
    id: int
    name: str
    dimension: str
    unit: str
    direction: str
    data_source: str
    cluster_id: Id
    initiative_id: int | None
    theme_id: int | None
    baseline: DatedValue
    target: DatedValue
    comparison: Comparison
    measurements: list[MeasurementOut]

    @staticmethod
    def resolve_baseline(obj: Indicator) -> DatedValue:
        return DatedValue(value=_float(obj.baseline_value), date=obj.baseline_date)

    @staticmethod
    def resolve_target(obj: Indicator) -> DatedValue:
        return DatedValue(value=_float(obj.target_value), date=obj.target_date)

    @staticmethod
    def resolve_comparison(obj: Indicator) -> Comparison:
        return Comparison(value=_float(obj.comparison_value), label=obj.comparison_label)

    @staticmethod
    def resolve_measurements(obj: Indicator) -> list[MeasurementOut]:
        return [
            MeasurementOut(date=m.date, value=_float(m.value))
            for m in sorted(obj.measurements.all(), key=lambda m: m.date)
        ]


def _float(value: decimal.Decimal | None) -> float | None:
    value = readable(value)
    return None if value is None else float(value)


class MeasurementIn(Schema):
    """A value, or (for a percentage) a numerator and a denominator."""

    date: datetime.date
    value: decimal.Decimal | None = column(Measurement, "value", None)
    numerator: decimal.Decimal | None = column(Measurement, "numerator", None)
    denominator: decimal.Decimal | None = column(Measurement, "denominator", None)
    source: str = column(Measurement, "source", "")
    note: str = column(Measurement, "note", "")


class MeasurementCreated(MeasurementOut):
    id: int
    indicator_id: Id
    numerator: float | None
    denominator: float | None
    source: str


@router.get("/indicators", response=responses(list[IndicatorOut]))
@paginate(Pages)
def list_indicators(
    request: AuthedRequest,
    initiative_id: Id | None = None,
    theme_id: Id | None = None,
    cluster_id: Id | None = None,
) -> QuerySet[Indicator]:
    """The indicators the user may read, with their measurements, oldest first."""
    indicators = Indicator.objects.visible_to(request.user).prefetch_related("measurements")
    if initiative_id:
        indicators = indicators.filter(initiative_id=initiative_id)
    if theme_id:
        indicators = indicators.filter(theme_id=theme_id)
    if cluster_id:
        indicators = indicators.filter(cluster_id=cluster_id)
    return indicators.order_by("pk")


@router.post("/indicators/{indicator_id}/measurements", response=responses(MeasurementCreated, 201))
def add_measurement(
    request: AuthedRequest, indicator_id: Id, payload: MeasurementIn
) -> Status[MeasurementCreated]:
    """For the initiative's project owner and lead, and the cluster's secretariat."""
    indicator = get_indicator_for_user(request.user, indicator_id, write=True)
    measurement: Measurement = services.add_measurement(
        actor=request.user, indicator=indicator, **payload.dict()
    )
    return Status(201, MeasurementCreated.from_orm(measurement))
