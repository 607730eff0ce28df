import datetime

from ninja import Router, Schema

from klynge.accounts.http import AuthedRequest
from klynge.core.schema import Id, responses
from klynge.organisations.access import get_body_for_user
from klynge.organisations.models import Body, Membership

router = Router(tags=["bodies"])


class BodyOut(Schema):
    id: int
    name: str
    level: str
    cluster_id: Id
    cluster_name: str
    parent_id: int | None
    is_active: bool

    @staticmethod
    def resolve_cluster_name(obj: Body) -> str:
        return obj.cluster.name


class MembershipOut(Schema):
    id: int
    person_id: Id
    person_name: str
    organisation: str | None
    title: str
    role: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    substitute_for_id: int | None

    @staticmethod
    def resolve_person_name(obj: Membership) -> str:
        return obj.person.name

    @staticmethod
    def resolve_organisation(obj: Membership) -> str | None:
        return obj.organisation.name if obj.organisation else None


@router.get("/bodies", response=responses(list[BodyOut]))
def list_bodies(request: AuthedRequest) -> list[Body]:
    return list(Body.objects.select_related("cluster").order_by("cluster__name", "name"))


@router.get("/bodies/{body_id}", response=responses(BodyOut))
def get_body(request: AuthedRequest, body_id: Id) -> Body:
    return get_body_for_user(request.user, body_id)


@router.get("/bodies/{body_id}/members", response=responses(list[MembershipOut]))
def list_members(request: AuthedRequest, body_id: Id, current: bool = True) -> list[Membership]:
    body = get_body_for_user(request.user, body_id)
    memberships = body.memberships.select_related("person", "organisation")
    if current:
        memberships = memberships.current()
    return list(memberships)
