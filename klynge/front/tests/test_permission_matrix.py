"""Who sees what, proven on every route: every URL pattern and every API operation, called as
each of nine personas on objects in every state, against one table of expected answers; and
the marker strings of closed items, draft decisions, case outcomes, escalations, afbud notes
and the meeting link searched for in every page, API answer and document a persona receives.

A new route without an entry in the table fails `test_every_route_is_in_the_table`.
"""

import io
import json
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from klynge.accounts.models import ApiToken
from klynge.actionplans.models import Escalation, Initiative, State, StatusReport
from klynge.actionplans.services import return_initiative
from klynge.api import api
from klynge.audit.models import AuditEvent
from klynge.front.tests.world import (
    ANSWER_MARKER,
    DRAFT_PART_MARKER,
    HEARING_ANSWER_MARKER,
    HEARING_DRAFT_MARKER,
    MEETING_STATES,
    MONEY_MARKER,
    NOTE_MARKER,
    PASSWORD_MARKER,
    PERSONAS,
    PLAN_DRAFT_MARKER,
    World,
    closed_marker,
    decision_marker,
    escalation_marker,
    outcome_marker,
    review_marker,
)
from klynge.meetings.models import AGENDA_OUT, AgendaItem, Meeting, MeetingStatus

pytestmark = pytest.mark.django_db

MANAGERS = {"secretariat", "admin"}
CLUSTER_MEMBERS = {"member", "cochair", "secretariat"}
LOGGED_IN = set(PERSONAS) - {"anonymous"}
REFUSED = {403, 404}


# The rules, stated once for the tests ------------------------------------------------------


def can_view_meeting(persona: str, state: str) -> bool:
    return persona in MANAGERS or persona == "cochair" or state in AGENDA_OUT


def sees_closed(persona: str) -> bool:
    return persona in MANAGERS | {"member", "cochair"}


def sees_decisions(persona: str, state: str) -> bool:
    if not can_view_meeting(persona, state):
        return False
    if persona in MANAGERS or state == MeetingStatus.MINUTES_PUBLISHED:
        return True
    if persona == "cochair":
        return state in {MeetingStatus.MINUTES_DRAFT, MeetingStatus.MINUTES_APPROVED}
    return persona == "member" and state == MeetingStatus.MINUTES_APPROVED


def sees_plan(persona: str) -> bool:
    return persona in CLUSTER_MEMBERS | {"admin", "lead"}


# Expected answers per route: (persona, kwargs name) -> allowed? -----------------------------

Rule = Callable[[str, dict[str, Any]], bool]


def logged_in(persona: str, _obj: dict[str, Any]) -> bool:
    return persona in LOGGED_IN


def anyone(_persona: str, _obj: dict[str, Any]) -> bool:
    return True


def metrics_token_holder(_persona: str, _obj: dict[str, Any]) -> bool:
    """/metrics is for the monitoring system's token, no persona's login."""
    return False


def token_owner(persona: str, obj: dict[str, Any]) -> bool:
    return persona == obj["owner"]


def admin_only(persona: str, _obj: dict[str, Any]) -> bool:
    return persona == "admin"


def manager(persona: str, _obj: dict[str, Any]) -> bool:
    return persona in MANAGERS


def any_secretariat(persona: str, _obj: dict[str, Any]) -> bool:
    return persona in MANAGERS | {"other_secretariat"}


def view_meeting(persona: str, obj: dict[str, Any]) -> bool:
    return persona in LOGGED_IN and can_view_meeting(persona, obj["state"])


def view_item(persona: str, obj: dict[str, Any]) -> bool:
    return view_meeting(persona, obj) and (not obj.get("closed") or sees_closed(persona))


def public_meeting(persona: str, obj: dict[str, Any]) -> bool:
    return obj["state"] in AGENDA_OUT and not obj.get("closed")


def public_document(persona: str, obj: dict[str, Any]) -> bool:
    if obj["kind"] == "referat":
        return obj["state"] == MeetingStatus.MINUTES_PUBLISHED
    return obj["state"] in AGENDA_OUT


def source_reader(persona: str, obj: dict[str, Any]) -> bool:
    return view_meeting(persona, obj) and sees_closed(persona)


def similar_reader(persona: str, obj: dict[str, Any]) -> bool:
    if obj["kind"] == "indsats":
        return sees_plan(persona)
    return view_item(persona, obj)


def meeting_document(persona: str, obj: dict[str, Any]) -> bool:
    if obj["kind"] == "referat":
        return view_meeting(persona, obj) and sees_decisions(persona, obj["state"])
    return view_meeting(persona, obj)


def plan_reader(persona: str, _obj: dict[str, Any]) -> bool:
    return sees_plan(persona)


def reporter(persona: str, _obj: dict[str, Any]) -> bool:
    return persona in MANAGERS | {"lead"}


def decider(persona: str, _obj: dict[str, Any]) -> bool:
    return persona in MANAGERS | {"cochair"}


def review_commenter(persona: str, obj: dict[str, Any]) -> bool:
    """The chairs comment on the items of an agenda being read (the planned meeting's)."""
    return persona == "cochair" and obj["state"] == MeetingStatus.PLANNED


def organisation_editor(persona: str, obj: dict[str, Any]) -> bool:
    return persona == "admin" or (persona == "secretariat" and not obj.get("shared"))


def responsible(persona: str, _obj: dict[str, Any]) -> bool:
    return persona in MANAGERS | {"member"}


def person_editor(persona: str, _obj: dict[str, Any]) -> bool:
    return persona in MANAGERS


def outcome_editor(persona: str, _obj: dict[str, Any]) -> bool:
    """An initiative's figures: the secretariat and the project owner and lead."""
    return persona in MANAGERS | {"lead"}


def cluster_reader(persona: str, _obj: dict[str, Any]) -> bool:
    """A theme's and a cluster's results: the cluster's secretariat and body members."""
    return persona in CLUSTER_MEMBERS | {"admin"}


def version_reader(persona: str, obj: dict[str, Any]) -> bool:
    """A plan's versions: the sent and approved ones the council's members read too; a
    working version (*Gem version*) is a draft, the secretariat's."""
    if obj["purpose"] == "other":
        return persona in MANAGERS
    return cluster_reader(persona, obj)


def report_reader(persona: str, _obj: dict[str, Any]) -> bool:
    """An afrapportering: the requesting cluster and the clusters asked (A and B)."""
    return persona in CLUSTER_MEMBERS | {"admin", "other_member", "other_secretariat"}


def part_reader(persona: str, obj: dict[str, Any]) -> bool:
    if obj["submitted"]:
        return report_reader(persona, obj)
    return cluster_reader(persona, obj)


def part_writer(persona: str, obj: dict[str, Any]) -> bool:
    return persona == "admin" or persona == ("secretariat" if obj["own"] else "other_secretariat")


def followup_reader(persona: str, obj: dict[str, Any]) -> bool:
    """A plan's follow-up: the council's members once its text is frozen (recommended or
    approved); before that its goals are the secretariat's draft."""
    return persona in MANAGERS or (obj["frozen"] and persona in CLUSTER_MEMBERS)


def published_plan(_persona: str, obj: dict[str, Any]) -> bool:
    """A published plan's public page and PDF: everyone; any other plan's: nobody (404)."""
    return obj["published"]


def plan_creator(persona: str, obj: dict[str, Any]) -> bool:
    """A new nærsundhedsplan: a council's (only the administrator manages the world's
    council); a klynge has none (404 for everyone)."""
    return obj["council"] and persona == "admin"


def plan_api_reader(persona: str, obj: dict[str, Any]) -> bool:
    """A plan in the API: the council's members and secretariat; a published one, anyone."""
    return persona in LOGGED_IN if obj.get("published") else cluster_reader(persona, obj)


#: GET routes: url name -> (rule, status when allowed). POST-only routes answer GET with 405
#: and are tried with POST in `test_post_routes_refuse_who_may_not`.
WEB_GET: dict[str, tuple[Rule, int]] = {
    "home": (logged_in, 200),
    "healthz": (anyone, 200),
    "readyz": (anyone, 200),
    "metrics": (metrics_token_holder, 200),
    "accessibility_statement": (anyone, 200),
    "privacy_notice": (anyone, 200),
    "audit_log": (admin_only, 200),
    "archive_list": (any_secretariat, 200),
    "archive_document": (manager, 200),
    "archive_original": (manager, 200),
    "archive_page": (manager, 200),
    "login": (anyone, 200),
    "account": (logged_in, 200),
    "two_factor_setup": (logged_in, 200),
    "two_factor_verify": (logged_in, 302),  # no code pending: straight on
    "task_list": (any_secretariat, 200),
    "password_reset": (anyone, 200),
    "password_reset_done": (anyone, 200),
    "password_reset_confirm": (anyone, 200),
    "password_reset_complete": (anyone, 200),
    "javascript-catalog": (logged_in, 200),
    "cluster_list": (logged_in, 200),
    "cluster_create": (admin_only, 200),
    "cluster_detail": (logged_in, 200),
    "cluster_edit": (manager, 200),
    "carry_over_start": (manager, 200),
    "carry_over_detail": (manager, 200),
    "body_create": (manager, 200),
    "body_edit": (manager, 200),
    "body_detail": (logged_in, 200),
    "body_calendar": (anyone, 200),
    "membership_add": (manager, 200),
    "membership_edit": (manager, 200),
    "person_edit": (person_editor, 200),
    "organisation_list": (logged_in, 200),
    "organisation_create": (any_secretariat, 200),
    "organisation_edit": (organisation_editor, 200),
    "meeting_create": (manager, 200),
    "meeting_detail": (view_meeting, 200),
    "meeting_edit": (manager, 200),
    "meeting_send": (manager, 200),
    "roll_call": (manager, 200),
    "item_add": (manager, 200),
    "participant_add": (manager, 200),
    "meeting_document": (meeting_document, 200),
    "meeting_source": (source_reader, 200),
    "item_detail": (view_item, 302),
    "item_edit": (manager, 200),
    "decision_edit": (manager, 200),
    "attachment_upload": (manager, 200),
    "attachment_download": (view_item, 200),
    "attendance_edit": (manager, 200),
    "public_meeting_list": (anyone, 200),
    "public_meeting_detail": (public_meeting, 200),
    "public_meeting_document": (public_document, 200),
    "public_attachment": (public_meeting, 200),
    "public_case_list": (anyone, 200),
    "plan_list": (logged_in, 200),
    "plan_create": (manager, 200),
    "plan_edit": (manager, 200),
    "theme_create": (manager, 200),
    "theme_edit": (manager, 200),
    "plan_detail": (plan_reader, 200),
    "plan_export": (plan_reader, 200),
    "cycle_start": (manager, 200),
    "plan_adopt": (manager, 200),
    "initiative_return": (manager, 200),
    "initiative_create": (manager, 200),
    "initiative_edit": (manager, 200),
    "initiative_detail": (plan_reader, 200),
    "confirmation_submit": (reporter, 200),
    "cycle_detail": (manager, 200),
    "status_report": (reporter, 200),
    "case_decision": (decider, 200),
    "follow_up_create": (manager, 200),
    "vote_create": (manager, 200),
    "inhabilitet_create": (manager, 200),
    "statement_create": (manager, 200),
    "external_body_list": (any_secretariat, 200),
    "external_body_edit": (any_secretariat, 200),
    "recommendation_send": (manager, 200),
    "recommendation_state": (manager, 200),
    "body_recommendations": (logged_in, 200),
    "search": (logged_in, 200),
    "similar": (similar_reader, 200),
    "public_search": (anyone, 200),
    "initiative_report": (plan_reader, 200),
    "initiative_report_document": (plan_reader, 200),
    "evaluation_note": (outcome_editor, 200),
    "deliverables": (outcome_editor, 200),
    "indicator_create_initiative": (outcome_editor, 200),
    "indicator_create_theme": (manager, 200),
    "indicator_create_cluster": (manager, 200),
    "indicator_detail": (plan_reader, 200),
    "indicator_edit": (outcome_editor, 200),
    "measurement_import": (outcome_editor, 200),
    "theme_outcomes": (cluster_reader, 200),
    "cluster_outcomes": (cluster_reader, 200),
    "data_package_create": (manager, 200),
    "data_package_detail": (cluster_reader, 200),
    "data_package_file": (cluster_reader, 200),
    "report_list": (logged_in, 200),
    "report_create": (any_secretariat, 200),
    "report_detail": (report_reader, 200),
    "report_document": (report_reader, 200),
    # Ready at once here (the tests' immediate task backend): 286 ends the page's polling.
    "report_document_state": (report_reader, 286),
    "report_agenda": (manager, 200),
    "report_part": (part_reader, 200),
    "evaluation_manage": (manager, 200),
    "evaluation_answer": (anyone, 200),
    "evaluation_old_link": (anyone, 200),
    # plan-core: the council's plans, the draft (the secretariat's), versions, comparison
    "health_plan_list": (cluster_reader, 200),
    "health_plan_create": (plan_creator, 200),
    "health_plan_detail": (cluster_reader, 200),
    "health_plan_edit": (manager, 200),
    "plan_section_create": (manager, 200),
    "plan_section_edit": (manager, 200),
    "plan_goal_create": (manager, 200),
    "plan_goal_edit": (manager, 200),
    "plan_version_list": (cluster_reader, 200),
    "plan_version_detail": (version_reader, 200),
    "health_plan_compare": (cluster_reader, 200),
    # approval helper: the plan's approval, publication and follow-up
    "health_plan_recommend": (manager, 200),
    "health_plan_approvers": (manager, 200),
    "goal_status": (manager, 200),
    "health_plan_followup": (followup_reader, 200),
    "health_plan_followup_document": (followup_reader, 200),
    "public_health_plan": (published_plan, 200),
    "public_health_plan_pdf": (published_plan, 200),
    # money: the council's frame, allocations, co-financing and spending
    "money_overview": (cluster_reader, 200),
    "frame_edit": (manager, 200),
    "allocation_create": (manager, 200),
    "allocation_edit": (manager, 200),
    "co_financing_create": (manager, 200),
    "co_financing_edit": (manager, 200),
    "spending_entry": (manager, 200),
    "spending_import": (manager, 200),
    # hearing: the secretariat's pages; the party's link is open to whoever holds its token
    "hearing_start": (manager, 200),
    "hearing_detail": (manager, 200),
    "hearing_resend": (manager, 200),
    "hearing_answer_record": (manager, 200),
    "hearing_answer_assess": (manager, 200),
    "hearing_answer_file": (manager, 200),
    "hearing_notat": (manager, 200),
    "hearing_notat_document": (manager, 200),
    "hearing_notat_agenda": (manager, 200),
    # /hoering/ opens with the token posted (test_the_hearing_link_posted_as_every_persona);
    # the old address with the token in it only says the link is outdated.
    "hearing_link": (anyone, 200),
    "hearing_old_link": (anyone, 200),
}

#: GET routes that only read: everything else in WEB_GET is a form that also takes POST.
READ_ONLY = {
    "archive_list",
    "archive_document",
    "archive_original",
    "archive_page",
    "home",
    "healthz",
    "readyz",
    "metrics",
    "accessibility_statement",
    "privacy_notice",
    "audit_log",
    "task_list",
    "login",
    "password_reset_done",
    "password_reset_complete",
    "javascript-catalog",
    "cluster_list",
    "cluster_detail",
    "carry_over_detail",
    "body_detail",
    "body_calendar",
    "body_recommendations",
    "organisation_list",
    "meeting_detail",
    "meeting_send",
    "meeting_document",
    "meeting_source",
    "item_detail",
    "attachment_download",
    "public_meeting_list",
    "public_meeting_detail",
    "public_meeting_document",
    "public_attachment",
    "public_case_list",
    "plan_list",
    "plan_detail",
    "plan_export",
    "initiative_detail",
    "cycle_detail",
    "search",
    "public_search",
    "similar",
    "initiative_report",
    "initiative_report_document",
    "evaluation_old_link",
    # Read by more than may post to them: their POSTs are tried below and in the apps' tests.
    "indicator_detail",
    "report_part",
    "theme_outcomes",
    "cluster_outcomes",
    "data_package_detail",
    "data_package_file",
    "report_list",
    "report_detail",
    "report_document",
    "report_document_state",
    # plan-core
    "health_plan_list",
    "health_plan_detail",
    "plan_version_list",
    "plan_version_detail",
    "health_plan_compare",
    # approval helper
    "health_plan_followup",
    "health_plan_followup_document",
    "public_health_plan",
    "public_health_plan_pdf",
    # money: read by the council's members, changed by its secretariat (forms listed apart)
    "money_overview",
    # hearing
    "hearing_detail",
    "hearing_answer_file",
    "hearing_notat",
    "hearing_notat_document",
    "hearing_old_link",
}

#: Routes that only take POST: url name -> rule for who may.
WEB_POST: dict[str, Rule] = {
    "logout": logged_in,
    "api_token_revoke": token_owner,
    "two_factor_disable": logged_in,
    "task_retry": any_secretariat,
    "set_language": anyone,
    "meeting_status": manager,
    "theme_move": manager,
    "archive_undo": manager,
    "archive_retry": manager,
    "archive_mark": manager,
    # The world's unplaced body has no uploader: only an administrator may place it.
    "archive_body_move": admin_only,
    "absence": view_meeting,
    "minutes_approve": view_meeting,
    "minutes_return": view_meeting,
    "review_start": manager,
    "review_comment_add": review_commenter,
    "review_comment_handle": manager,
    "item_move": manager,
    "item_delete": manager,
    "attachment_delete": manager,
    "membership_end": manager,
    "carry_over_confirm": manager,
    "carry_over_undo": manager,
    "meeting_cases": manager,
    "follow_up_done": responsible,
    "vote_delete": manager,
    "inhabilitet_delete": manager,
    "statement_delete": manager,
    "indicator_delete": outcome_editor,
    "measurement_delete": outcome_editor,
    "measurement_import_confirm": outcome_editor,
    "data_package_delete": manager,
    "report_part_reopen": part_writer,
    "report_document_retry": report_reader,
    "evaluation_agenda": manager,
    # plan-core
    "plan_section_move": manager,
    "plan_section_delete": manager,
    "plan_goal_delete": manager,
    "plan_version_create": manager,
    # approval helper
    "health_plan_return_to_draft": manager,
    "health_plan_publish": manager,
    # money
    "allocation_delete": manager,
    "co_financing_delete": manager,
    "spending_delete": manager,
    "spending_import_confirm": manager,
    # hearing
    "hearing_party_add": manager,
}

#: Django's own admin: reached through its own login, tested by Django.
ADMIN_PREFIX = "admin:"


def _route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_route_is_in_the_table() -> None:
    names = {n for n in _route_names() if not n.startswith((ADMIN_PREFIX, "api-v1:"))}
    assert names == set(WEB_GET) | set(WEB_POST)
    operations = {
        (method.upper(), path)
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method in methods
    }
    assert operations == set(API)


# The objects each route is called on ------------------------------------------------------


def _meeting_objects(world: World) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for state, meeting in world.meetings.items():
        yield {"pk": meeting.pk}, {"state": state}


def _item_objects(world: World) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for state in MEETING_STATES:
        yield {"pk": world.open_items[state].pk}, {"state": state}
        yield {"pk": world.closed_items[state].pk}, {"state": state, "closed": True}


def _attachment_objects(world: World) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for state in MEETING_STATES:
        for item, closed in ((world.open_items[state], False), (world.closed_items[state], True)):
            yield {"pk": item.attachments.get().pk}, {"state": state, "closed": closed}


def _carry_over(world: World) -> Any:
    """The world's cluster carried over to a council in a far year (so it stays writable)."""
    import datetime

    from klynge.organisations.models import CarryOver, Cluster

    council, _new = Cluster.objects.get_or_create(
        name="Sundhedsråd i matricen",
        defaults={"kind": Cluster.Kind.HEALTH_COUNCIL, "region": world.cluster.region},
    )
    carry_over, _new = CarryOver.objects.get_or_create(
        cluster=world.cluster,
        council=council,
        undone_at=None,
        defaults={"effective": datetime.date(2099, 1, 1)},
    )
    return carry_over


def _council(world: World) -> Any:
    """A sundhedsråd in the world's region (managed by the administrator only)."""
    from klynge.organisations.models import Cluster

    council, _new = Cluster.objects.get_or_create(
        name="Sundhedsråd i matricen",
        defaults={"kind": Cluster.Kind.HEALTH_COUNCIL, "region": world.cluster.region},
    )
    return council


def objects_for(name: str, world: World) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    cluster, plan = world.cluster.pk, world.plan.pk
    simple: dict[str, dict[str, Any]] = {
        "cluster_detail": {"pk": cluster},
        "cluster_edit": {"pk": cluster},
        "carry_over_start": {"pk": cluster},
        "carry_over_confirm": {"pk": cluster},
        "body_create": {"cluster_pk": cluster},
        "body_edit": {"cluster_pk": cluster, "pk": world.chief.pk},
        "body_detail": {"pk": world.chief.pk},
        "body_calendar": {"pk": world.chief.pk},
        "public_case_list": {"pk": world.chief.pk},
        "membership_add": {"body_pk": world.chief.pk},
        "membership_edit": {"pk": world.membership.pk},
        "membership_end": {"pk": world.membership.pk},
        "person_edit": {"pk": world.membership.person_id},
        "meeting_create": {"body_pk": world.chief.pk},
        "attendance_edit": {"pk": world.attendance.pk},
        "plan_create": {"cluster_pk": cluster},
        "plan_edit": {"cluster_pk": cluster, "pk": plan},
        "theme_create": {"cluster_pk": cluster},
        "password_reset_confirm": {"uidb64": "MQ", "token": "ugyldig-token"},
        "plan_detail": {"pk": plan},
        "cycle_start": {"pk": plan},
        "plan_adopt": {"pk": plan},
        "initiative_create": {"plan_pk": plan},
        "cycle_detail": {"pk": world.cycle.pk},
        "status_report": {"pk": world.report.pk},
        "follow_up_done": {"pk": world.follow_up.pk},
        "body_recommendations": {"pk": world.chief.pk},
        "archive_document": {"pk": world.source.pk},
        "archive_original": {"pk": world.source.pk},
        "archive_page": {"pk": world.scan.pk, "page": 1},
        "archive_undo": {"pk": world.source.pk},
        "archive_retry": {"pk": world.source.pk},
        "archive_mark": {"pk": world.source.pk},
        "archive_body_move": {"pk": world.unplaced_body.pk},
    }
    outcomes = world.outcomes
    simple |= {
        "indicator_create_theme": {"pk": outcomes["package"].theme_id},
        "indicator_create_cluster": {"pk": cluster},
        "indicator_detail": {"pk": outcomes["indicator"].pk},
        "indicator_edit": {"pk": outcomes["indicator"].pk},
        "indicator_delete": {"pk": outcomes["indicator"].pk},
        "measurement_import": {"pk": outcomes["indicator"].pk},
        "measurement_import_confirm": {"pk": outcomes["indicator"].pk},
        "measurement_delete": {"pk": outcomes["measurement"].pk},
        "theme_outcomes": {"pk": outcomes["package"].theme_id},
        "theme_edit": {"pk": outcomes["package"].theme_id},
        "theme_move": {"pk": outcomes["package"].theme_id},
        "cluster_outcomes": {"pk": cluster},
        "data_package_create": {"pk": outcomes["package"].theme_id},
        "data_package_detail": {"pk": outcomes["package"].pk},
        "data_package_file": {"pk": outcomes["package"].pk},
        "data_package_delete": {"pk": outcomes["package"].pk},
        "report_detail": {"pk": outcomes["report"].pk},
        "report_agenda": {"pk": outcomes["report"].pk},
        "evaluation_manage": {"pk": outcomes["evaluation_meeting"].pk},
        "evaluation_agenda": {"pk": outcomes["evaluation_meeting"].pk},
        "evaluation_old_link": {"token": "forældet-link"},
    }
    money = world.money
    simple |= {
        "money_overview": {"pk": cluster},
        "frame_edit": {"pk": cluster},
        "allocation_create": {"pk": cluster},
        "allocation_edit": {"pk": money["allocation"].pk},
        "allocation_delete": {"pk": money["allocation"].pk},
        "co_financing_create": {"pk": cluster},
        "co_financing_edit": {"pk": money["co_financing"].pk},
        "co_financing_delete": {"pk": money["co_financing"].pk},
        "spending_entry": {"pk": cluster},
        "spending_delete": {"pk": money["spending"].pk},
        "spending_import": {"pk": cluster},
        "spending_import_confirm": {"pk": cluster},
    }
    core = world.plan_core
    simple |= {
        "health_plan_list": {"cluster_pk": cluster},
        "health_plan_edit": {"pk": core["plan"].pk},
        "plan_section_create": {"pk": core["plan"].pk},
        "plan_section_edit": {"pk": core["section"].pk},
        "plan_section_move": {"pk": core["section"].pk},
        "plan_section_delete": {"pk": core["section"].pk},
        "plan_goal_create": {"pk": core["section"].pk},
        "plan_goal_edit": {"pk": core["goal"].pk},
        "plan_goal_delete": {"pk": core["goal"].pk},
        "plan_version_create": {"pk": core["plan"].pk},
    }
    hearing = world.hearing
    simple |= {
        "hearing_start": {"pk": hearing["draft_plan"].pk},
        "hearing_detail": {"pk": hearing["hearing"].pk},
        "hearing_party_add": {"pk": hearing["hearing"].pk},
        "hearing_resend": {"pk": hearing["waiting"].pk},
        "hearing_answer_record": {"pk": hearing["waiting"].pk},
        "hearing_answer_assess": {"pk": hearing["answer"].pk},
        "hearing_answer_file": {"pk": hearing["answer"].pk},
        "hearing_notat": {"pk": hearing["hearing"].pk},
        "hearing_notat_agenda": {"pk": hearing["hearing"].pk},
        # The open page asks for nothing; the token is posted (tested apart, below).
        "hearing_link": {},
        # The waiting party's valid token in an old-style address: not read, not shown.
        "hearing_old_link": {"token": hearing["token"]},
    }
    active = world.initiatives[State.ACTIVE].pk
    if name in simple:
        yield simple[name], {}
    elif name in {"carry_over_detail", "carry_over_undo"}:
        yield {"pk": _carry_over(world).pk}, {}
    elif name == "health_plan_create":
        yield {"cluster_pk": _council(world).pk}, {"council": True}
        yield {"cluster_pk": cluster}, {"council": False}
    elif name in {"health_plan_detail", "plan_version_list", "health_plan_compare"}:
        # The draft past its versions, one in hearing, one waiting for approval, a published.
        for plan in (core["plan"], world.approval["recommended"], world.approval["published"]):
            yield {"pk": plan.pk}, {}
    elif name == "plan_version_detail":
        for version in (core["version"], core["second"]):
            yield {"pk": version.pk}, {"purpose": version.purpose}
    elif name in {"health_plan_recommend", "health_plan_approvers"} or name in {
        "health_plan_return_to_draft",
        "health_plan_publish",
    }:
        for key in ("draft", "recommended", "published"):
            yield {"pk": world.approval[key].pk}, {}
    elif name == "goal_status":
        yield {"pk": world.approval["goal"].pk}, {}
    elif name in {"health_plan_followup", "health_plan_followup_document"} or name in {
        "public_health_plan",
        "public_health_plan_pdf",
    }:
        for key in ("draft", "recommended", "published"):
            plan = world.approval[key]
            obj = {"frozen": key != "draft", "published": key == "published"}
            kwargs = {"pk": plan.pk}
            if name.startswith("health_plan_followup"):
                kwargs["year"] = plan.period_start
            formats = ("pdf", "docx") if name == "health_plan_followup_document" else (None,)
            for fmt in formats:
                yield kwargs | ({"fmt": fmt} if fmt else {}), obj
    elif name == "hearing_notat_document":
        for fmt in ("pdf", "docx"):
            yield {"pk": world.hearing["hearing"].pk, "fmt": fmt}, {}
    elif name == "task_retry":
        yield {"pk": uuid.uuid4()}, {}
    elif name == "api_token_revoke":
        token = ApiToken.objects.get(user__email="member@example.dk")
        yield {"pk": token.pk}, {"owner": "member"}
    elif name in {"initiative_report", "indicator_create_initiative", "deliverables"}:
        yield {"pk": active}, {}
    elif name == "initiative_report_document":
        for fmt in ("pdf", "docx"):
            yield {"pk": active, "fmt": fmt}, {}
    elif name == "evaluation_note":
        yield {"pk": active, "months": 6}, {}
    elif name in {"report_document", "report_document_state", "report_document_retry"}:
        for fmt in ("pdf", "docx"):
            yield {"pk": outcomes["report"].pk, "fmt": fmt}, {}
    elif name in {"report_part", "report_part_reopen"}:
        for part, own in ((outcomes["own_part"], True), (outcomes["other_part"], False)):
            yield {"pk": part.pk}, {"own": own, "submitted": part.status == "submitted"}
    elif name == "external_body_edit":
        yield {"pk": world.recommendations[MeetingStatus.HELD].to_external_id}, {}
    elif name == "recommendation_state":
        for recommendation in world.recommendations.values():
            yield {"pk": recommendation.pk}, {}
    elif name in {"vote_create", "inhabilitet_create", "statement_create"}:
        for kwargs, obj in _item_objects(world):
            yield {"item_pk": kwargs["pk"]}, obj
    elif name in {"vote_delete", "inhabilitet_delete", "statement_delete"}:
        rows = {"vote": world.votes, "inhabilitet": world.inhabilities}
        for key, row in rows.get(name.split("_")[0], world.statements).items():
            closed = key.endswith("-closed")
            yield {"pk": row.pk}, {"state": key.removesuffix("-closed"), "closed": closed}
    elif name == "review_comment_handle":
        for state, comment in world.review_comments.items():
            yield {"pk": comment.pk}, {"state": state}
    elif name == "organisation_edit":
        yield {"pk": world.organisation.pk}, {}
        yield {"pk": world.shared_organisation.pk}, {"shared": True}
    elif name == "plan_export":
        for fmt in ("xlsx", "pdf"):
            yield {"pk": plan, "fmt": fmt}, {}
    elif name in {"initiative_detail", "confirmation_submit", "initiative_return"}:
        for initiative in world.initiatives.values():
            yield {"pk": initiative.pk}, {"state": initiative.state}
    elif name == "initiative_edit":
        for initiative in world.initiatives.values():
            yield {"plan_pk": plan, "pk": initiative.pk}, {}
    elif name == "case_decision":
        for state, case in world.cases.items():
            yield {"pk": case.pk}, {"state": state}
    elif name == "meeting_send":
        for state, what in (
            (MeetingStatus.PLANNED, "dagsorden"),
            (MeetingStatus.MINUTES_APPROVED, "referat"),
        ):
            yield {"pk": world.meetings[state].pk, "what": what}, {"state": state}
    elif name == "meeting_document":
        for kwargs, obj in _meeting_objects(world):
            for kind in ("dagsorden", "referat"):
                for fmt in ("pdf", "docx"):
                    yield kwargs | {"kind": kind, "fmt": fmt}, obj | {"kind": kind}
    elif name == "public_meeting_document":
        for kwargs, obj in _meeting_objects(world):
            for kind in ("dagsorden", "referat"):
                yield kwargs | {"kind": kind}, obj | {"kind": kind}
    elif name == "similar":
        for initiative in world.initiatives.values():
            yield {"kind": "indsats", "pk": initiative.pk}, {"kind": "indsats"}
        for kwargs, obj in _item_objects(world):
            yield {"kind": "punkt", "pk": kwargs["pk"]}, obj | {"kind": "punkt"}
    elif name in {"attachment_download", "public_attachment", "attachment_delete"}:
        yield from _attachment_objects(world)
    elif name in {"item_detail", "item_edit", "decision_edit", "attachment_upload"} or name in {
        "item_move",
        "item_delete",
        "review_comment_add",
        "follow_up_create",
        "recommendation_send",
    }:
        for kwargs, obj in _item_objects(world):
            by_item = name in {"follow_up_create", "recommendation_send"}
            yield ({"item_pk": kwargs["pk"]} if by_item else kwargs), obj
    elif name in {
        "meeting_detail",
        "meeting_source",
        "meeting_edit",
        "item_add",
        "participant_add",
        "roll_call",
        "public_meeting_detail",
        "meeting_status",
        "absence",
        "minutes_approve",
        "minutes_return",
        "meeting_cases",
        "review_start",
    }:
        yield from _meeting_objects(world)
    else:
        yield {}, {}


# What each persona may find in the bytes of an answer ----------------------------------------


def forbidden_markers(persona: str, world: World) -> set[str]:
    """Every marker this persona must never receive, whatever it asks for."""
    markers = set()
    for state in MEETING_STATES:
        if not (can_view_meeting(persona, state) and sees_closed(persona)):
            markers.add(closed_marker(state))
        if not sees_decisions(persona, state):
            markers |= {decision_marker(state), outcome_marker(state), escalation_marker(state)}
        elif not sees_closed(persona):
            markers.add(decision_marker(state) + "CLOSED")
    if not sees_decisions(persona, MeetingStatus.HELD):
        markers.add(ANSWER_MARKER)
    if persona not in MANAGERS | {"member", "cochair"}:
        markers.add(NOTE_MARKER)
        markers.add(PASSWORD_MARKER)
    if not sees_plan(persona):
        markers.add("RETURNREQUEST")
    if persona not in CLUSTER_MEMBERS | {"admin"}:
        markers.add(DRAFT_PART_MARKER)
        # The council's money (budgets.access.can_read_money), also where the plan is read.
        markers.add(MONEY_MARKER)
    if persona not in MANAGERS:
        markers.add(PLAN_DRAFT_MARKER)
        # Hearing answers are the secretariat's; a hearing party's link shows the frozen
        # version only (every persona opens the waiting party's link).
        markers |= {HEARING_ANSWER_MARKER, HEARING_DRAFT_MARKER}
    if persona not in MANAGERS | {"cochair"}:
        markers |= {review_marker(state) for state in MEETING_STATES}
    return markers


def readable(response: Any) -> str:
    """The text a person would read in the answer: pages, JSON, PDF, .docx, .xlsx, .ics."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf") and len(content) > 100:  # ours, not a test bilag
        reader = PdfReader(io.BytesIO(content))
        text = "\n".join(page.extract_text() for page in reader.pages)
        attachments = reader.attachments
        assert not attachments, f"a PDF carries embedded files: {list(attachments)}"
        return text + content.decode("latin-1")
    if "openxmlformats" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def _client(world: World, persona: str) -> Client:
    client = Client()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    return client


def test_every_page_and_document_answers_as_the_table_says(world: World) -> None:
    tried = checked = 0
    failures = []
    for persona in PERSONAS:
        client = _client(world, persona)
        forbidden = forbidden_markers(persona, world)
        for name, (rule, ok_status) in WEB_GET.items():
            for kwargs, obj in objects_for(name, world):
                url = reverse(name, kwargs=kwargs)
                response = client.get(url)
                tried += 1
                allowed = rule(persona, obj)
                status = response.status_code
                open_rules = (
                    anyone,
                    public_meeting,
                    public_document,
                    metrics_token_holder,
                    published_plan,
                )
                if persona == "anonymous" and rule not in open_rules:
                    expected = {302}
                else:
                    expected = {ok_status} if allowed else REFUSED
                if status not in expected:
                    failures.append(f"{persona} GET {url}: {status}, expected {expected}")
                    continue
                if status == 200:
                    text = readable(response)
                    checked += 1
                    leaked = sorted(m for m in forbidden if m in text)
                    if leaked:
                        failures.append(f"{persona} GET {url} shows {leaked}")
                    if persona != "anonymous":
                        assert "no-store" in response.get("Cache-Control", ""), url
    print(f"\nweb: {tried} requests ({len(PERSONAS)} personas), {checked} bodies searched")
    assert not failures, "\n".join(failures[:40])


def test_post_routes_refuse_who_may_not(world: World) -> None:
    """Every route that takes POST (the POST-only ones and every form), with an empty body:
    who may not gets a refusal and nothing changes."""
    failures = []
    tried = 0
    # Refusals are logged (security events); nothing may be changed.
    changes = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE)
    forms = {name: rule for name, (rule, _status) in WEB_GET.items() if name not in READ_ONLY}
    for persona in PERSONAS:
        client = _client(world, persona)
        for name, rule in (WEB_POST | forms).items():
            for kwargs, obj in objects_for(name, world):
                url = reverse(name, kwargs=kwargs)
                if name in WEB_POST:
                    assert client.get(url).status_code in {302, 405}, url
                if rule(persona, obj):
                    continue
                tried += 1
                before = changes.count()
                status = client.post(url).status_code
                expected = {302} if persona == "anonymous" else REFUSED
                if status not in expected or changes.count() != before:
                    failures.append(f"{persona} POST {url}: {status}, expected {expected}")
    print(f"\nweb writes: {tried} refused POSTs checked")
    assert not failures, "\n".join(failures)


# The API ----------------------------------------------------------------------------------

#: (method, path) -> (rule, status when allowed, objects)
API: dict[tuple[str, str], Rule] = {
    ("GET", "/api/v1/bodies"): logged_in,
    ("GET", "/api/v1/bodies/{body_id}"): logged_in,
    ("GET", "/api/v1/bodies/{body_id}/members"): logged_in,
    ("GET", "/api/v1/bodies/{body_id}/case-list"): logged_in,
    ("GET", "/api/v1/meetings"): logged_in,
    ("GET", "/api/v1/meetings/{meeting_id}"): view_meeting,
    ("GET", "/api/v1/meetings/{meeting_id}/source-document"): source_reader,
    ("GET", "/api/v1/meetings/{meeting_id}/source-document/file"): source_reader,
    ("POST", "/api/v1/meetings/{meeting_id}/items"): manager,
    ("PUT", "/api/v1/items/{item_id}"): manager,
    ("PUT", "/api/v1/items/{item_id}/decision"): manager,
    ("GET", "/api/v1/plans"): logged_in,
    ("GET", "/api/v1/plans/{plan_id}/initiatives"): plan_reader,
    ("GET", "/api/v1/initiatives/{initiative_id}"): plan_reader,
    ("GET", "/api/v1/initiatives/{initiative_id}/reports"): plan_reader,
    ("GET", "/api/v1/escalations"): logged_in,
    ("GET", "/api/v1/search"): logged_in,
    ("POST", "/api/v1/initiatives/{initiative_id}/confirmations"): reporter,
    ("PUT", "/api/v1/reports/{report_id}"): reporter,
    ("POST", "/api/v1/cases/{case_id}/decision"): decider,
    ("GET", "/api/v1/indicators"): logged_in,
    ("POST", "/api/v1/indicators/{indicator_id}/measurements"): outcome_editor,
    ("GET", "/api/v1/reports"): logged_in,
    ("GET", "/api/v1/items/{item_id}/votes"): view_item,
    ("POST", "/api/v1/items/{item_id}/votes"): manager,
    ("GET", "/api/v1/recommendations"): logged_in,
    ("GET", "/api/v1/items/{item_id}/recommendations"): view_item,
    # plan-core
    ("GET", "/api/v1/health-plans"): logged_in,
    ("GET", "/api/v1/health-plans/{plan_id}"): plan_api_reader,
    # money
    ("GET", "/api/v1/clusters/{cluster_id}/money"): cluster_reader,
    ("GET", "/api/v1/initiatives/{initiative_id}/money"): cluster_reader,
    ("POST", "/api/v1/initiatives/{initiative_id}/spending"): manager,
}


def api_objects(path: str, world: World) -> Iterator[tuple[str, dict[str, Any]]]:
    if "{meeting_id}" in path:
        for kwargs, obj in _meeting_objects(world):
            yield path.replace("{meeting_id}", str(kwargs["pk"])), obj
    elif "{item_id}" in path:
        for kwargs, obj in _item_objects(world):
            yield path.replace("{item_id}", str(kwargs["pk"])), obj
    elif "{body_id}" in path:
        yield path.replace("{body_id}", str(world.chief.pk)), {}
    elif path.startswith("/api/v1/health-plans/{plan_id}"):
        for plan, published in (
            (world.plan_core["plan"], False),
            (world.approval["recommended"], False),
            (world.approval["published"], True),
        ):
            yield path.replace("{plan_id}", str(plan.pk)), {"published": published}
    elif "{plan_id}" in path:
        yield path.replace("{plan_id}", str(world.plan.pk)), {}
    elif "{initiative_id}" in path:
        for initiative in world.initiatives.values():
            yield path.replace("{initiative_id}", str(initiative.pk)), {}
    elif "{report_id}" in path:
        yield path.replace("{report_id}", str(world.report.pk)), {}
    elif "{indicator_id}" in path:
        yield path.replace("{indicator_id}", str(world.outcomes["indicator"].pk)), {}
    elif "{case_id}" in path:
        for state, case in world.cases.items():
            yield path.replace("{case_id}", str(case.pk)), {"state": state}
    elif "{cluster_id}" in path:
        yield path.replace("{cluster_id}", str(world.cluster.pk)), {}
    else:
        yield path, {}


#: A well-formed body each write refuses on a domain rule (stale version, missing text, a
#: time slot that ends before it starts): an allowed persona gets 400 or 409 and nothing
#: changes, a refused one 401/403/404.
REFUSED_WRITES: dict[str, dict[str, Any]] = {
    "/api/v1/meetings/{meeting_id}/items": {
        "title": "Nyt punkt",
        "start_time": "10:00",
        "end_time": "09:00",
    },
    "/api/v1/items/{item_id}": {
        "title": "Nyt",
        "case_number": "",
        "kind": "decision",
        "start_time": None,
        "end_time": None,
        "presenters_text": "",
        "recommendation": [],
        "presentation": "",
        "is_closed": False,
        "version": 999,
    },
    "/api/v1/items/{item_id}/decision": {"decision": "Nej", "version": 999},
    "/api/v1/initiatives/{initiative_id}/confirmations": {
        "what": "a",
        "who": "b",
        "where": "c",
        "when": "d",
        "patient_involvement": " ",
    },
    "/api/v1/reports/{report_id}": {"rag": "green", "version": 999},
    "/api/v1/cases/{case_id}/decision": {"note": ""},
    # 2024-01-01 is measured already.
    "/api/v1/indicators/{indicator_id}/measurements": {"date": "2024-01-01", "value": 41},
    # A vote with nobody; or the minutes are not being written.
    "/api/v1/items/{item_id}/votes": {"ballots": []},
    # Spending in a year before any money of the councils' (1999).
    "/api/v1/initiatives/{initiative_id}/spending": {"year": 1999, "quarter": 1, "amount": 1000},
}


def test_every_api_operation_answers_as_the_table_says(world: World, settings) -> None:
    """Reads are checked for status and markers; writes with a body the domain refuses."""
    settings.API_RATE_PER_MINUTE = 100_000  # the rate limit has its own test
    failures = []
    tried = 0
    changes = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE)
    for persona in PERSONAS:
        client = Client()
        token = world.tokens.get(persona)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        forbidden = forbidden_markers(persona, world)
        for (method, path), rule in API.items():
            for url, obj in api_objects(path, world):
                before = changes.count()
                if method == "GET":
                    response = client.get(url, **headers)
                else:
                    response = client.generic(
                        method, url, json.dumps(REFUSED_WRITES[path]), "application/json", **headers
                    )
                tried += 1
                allowed = rule(persona, obj) and persona != "anonymous"
                if persona == "anonymous":
                    expected = {401}
                elif method == "GET":
                    expected = {200} if allowed else REFUSED
                else:
                    expected = {400, 409} if allowed else REFUSED
                status = response.status_code
                if status not in expected:
                    failures.append(f"{persona} {method} {url}: {status}, expected {expected}")
                if method != "GET" and changes.count() != before:
                    failures.append(f"{persona} {method} {url} changed something")
                if status == 200:
                    leaked = sorted(m for m in forbidden if m in readable(response))
                    if leaked:
                        failures.append(f"{persona} {method} {url} shows {leaked}")
    print(f"\napi: {tried} requests ({len(PERSONAS)} personas)")
    assert not failures, "\n".join(failures[:40])


def test_the_hearing_link_posted_as_every_persona(world: World) -> None:
    """The waiting party's token posted to /hoering/ (as the page's script and the answer
    form do) opens its frozen version for anyone who holds it, logged in or not, and shows
    nothing else a persona may not see; without a token, or at the old address, nothing
    opens, and no address or audit row holds the token."""
    token = world.hearing["token"]
    url = reverse("hearing_link")
    old = reverse("hearing_old_link", kwargs={"token": token})
    failures = []
    for persona in PERSONAS:
        client = _client(world, persona)
        forbidden = forbidden_markers(persona, world)
        response = client.post(url, {"token": token})
        text = readable(response)
        if response.status_code != 200 or "1. Forløb" not in text:  # the version's section
            failures.append(f"{persona} POST {url}: {response.status_code}, no frozen version")
        if "no-store" not in response.get("Cache-Control", "") or response.has_header("Location"):
            failures.append(f"{persona} POST {url}: cached or redirected")
        leaked = sorted(m for m in forbidden if m in text)
        if leaked:
            failures.append(f"{persona} POST {url} shows {leaked}")
        for body in ({}, {"answering": "1", "text": "x"}):
            status = client.post(url, body).status_code
            if status != 404:
                failures.append(f"{persona} POST {url} {body} without a token: {status}")
        for response in (client.get(old), client.post(old, {"text": "x"})):
            if response.status_code != 200 or token in readable(response):
                failures.append(f"{persona} {old}: {response.status_code} or the token shown")
    paths = AuditEvent.objects.filter(path__contains=token).values_list("path", flat=True)
    assert not paths, list(paths)
    assert not failures, "\n".join(failures)


def test_markers_are_really_in_the_world(world: World) -> None:
    """The marker search cannot pass by accident: the administrator receives every marker."""
    client = _client(world, "admin")
    seen = ""
    for meeting in world.meetings.values():
        seen += client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        seen += readable(
            client.get(reverse("meeting_document", args=[meeting.pk, "referat", "pdf"]))
        )
    seen += client.get(
        reverse("initiative_detail", args=[world.initiatives[State.ACTIVE].pk])
    ).content.decode()
    seen += client.get(
        reverse("initiative_detail", args=[world.initiatives[State.RETURNED].pk])
    ).content.decode()
    seen += client.get(
        reverse("report_part", args=[world.outcomes["own_part"].pk])
    ).content.decode()
    seen += client.get(
        reverse("health_plan_detail", args=[world.plan_core["plan"].pk])
    ).content.decode()
    seen += client.get(world.hearing["hearing"].get_absolute_url()).content.decode()
    seen += client.get(world.hearing["plan"].get_absolute_url()).content.decode()
    everything = forbidden_markers("anonymous", world)
    missing = sorted(m for m in everything if not re.search(re.escape(m), seen))
    assert not missing


def _found(page: str) -> str:
    """The results and facets of a search page (not the query it echoes)."""
    hits = re.search(r'<ol class="search-results.*?</ol>', page, re.S)
    facets = re.search(r'<aside aria-labelledby="facets-heading".*?</aside>', page, re.S)
    found = (hits[0] if hits else "") + (facets[0] if facets else "")
    return re.sub(r'href="[^"]*"', "", found)  # the facet links carry the query


def test_search_finds_only_what_each_persona_may_see(world: World) -> None:
    """Every marker searched for by every persona, on the search page (the public search for
    the anonymous) and in the API: results, snippets and facets hold no forbidden marker."""
    markers = sorted(forbidden_markers("anonymous", world))
    failures, found_by_admin = [], set()
    for persona in PERSONAS:
        client = _client(world, persona)
        token = world.tokens.get(persona)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        forbidden = forbidden_markers(persona, world)
        page_url = reverse("public_search" if persona == "anonymous" else "search")
        for marker in markers:
            shown = _found(client.get(page_url, {"q": marker}).content.decode())
            if token:
                answer = client.get("/api/v1/search", {"q": marker}, **headers).json()
                shown += json.dumps(answer["results"])
            if leaked := sorted(m for m in forbidden if m in shown):
                failures.append(f"{persona} searching {marker} sees {leaked}")
            if persona == "admin" and marker in shown:
                found_by_admin.add(marker)
    assert not failures, "\n".join(failures[:40])
    # Not vacuous: the closed items and the decisions are in the index and found.
    assert {closed_marker(s) for s in MEETING_STATES} <= found_by_admin
    assert {decision_marker(s) for s in MEETING_STATES} & found_by_admin
    assert {escalation_marker(s) for s in MEETING_STATES} & found_by_admin
    assert ANSWER_MARKER in found_by_admin


# Search, field by field: a marker written while the thing is not yet for everyone -----------


def _return_at(world: World, state: str, note: str) -> Initiative:
    """The submitted initiative, sent back by Chefforum at its meeting now in `state` with
    `note` as what is asked (returned while held, as the service allows; the status is then
    set without a signal, so what the search shows is decided when it is read)."""
    meeting = world.meetings[state]
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    item = AgendaItem.objects.select_related("meeting__body").get(pk=world.open_items[state].pk)
    initiative = Initiative.objects.get(pk=world.initiatives[State.SUBMITTED].pk)
    return_initiative(actor=world.users["secretariat"], initiative=initiative, item=item, note=note)
    Meeting.objects.filter(pk=meeting.pk).update(status=state)
    return initiative


def _write_planned_item(world: World, marker: str) -> None:
    item = world.open_items[MeetingStatus.PLANNED]
    item.presentation = f"<p>{marker}</p>"
    item.save()


def _write_planned_place(world: World, marker: str) -> None:
    meeting = world.meetings[MeetingStatus.PLANNED]
    meeting.place = marker
    meeting.save()


def _write_confirmation_draft(world: World, marker: str) -> None:
    initiative = world.initiatives[State.ORDERED]
    initiative.confirmation_draft = {"what": marker}
    initiative.save()


def _world_marker(world: World, marker: str) -> None:
    """The world holds this marker already."""


def _nobody(persona: str) -> bool:
    return False


#: (marker, who writes it, who may find it): every field a search result, a snippet or a facet
#: can show, written while it is not for everyone yet. Markers not indexed are found by no one.
SEARCHED_FIELDS: list[tuple[str, Callable[[World, str], object], Callable[[str], bool]]] = [
    *[
        (
            f"RETURNASKED{state.upper().replace('_', '')}",
            lambda world, marker, state=state: _return_at(world, state, marker),
            lambda persona, state=state: sees_decisions(persona, state),
        )
        for state in (
            MeetingStatus.HELD,
            MeetingStatus.MINUTES_DRAFT,
            MeetingStatus.MINUTES_APPROVED,
            MeetingStatus.MINUTES_PUBLISHED,
        )
    ],
    *[
        (
            decision_marker(state),
            _world_marker,
            lambda persona, state=state: sees_decisions(persona, state),
        )
        for state in (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT)
    ],
    (
        escalation_marker(MeetingStatus.MINUTES_APPROVED),
        _world_marker,
        lambda persona: (
            persona != "anonymous" and sees_decisions(persona, MeetingStatus.MINUTES_APPROVED)
        ),
    ),
    (
        ANSWER_MARKER,
        _world_marker,
        lambda persona: persona != "anonymous" and sees_decisions(persona, MeetingStatus.HELD),
    ),
    (
        closed_marker(MeetingStatus.MINUTES_PUBLISHED),
        _world_marker,
        lambda persona: (
            persona != "anonymous"
            and can_view_meeting(persona, MeetingStatus.MINUTES_PUBLISHED)
            and sees_closed(persona)
        ),
    ),
    (
        "PLANNEDITEMTEXT",
        _write_planned_item,
        lambda persona: persona != "anonymous" and can_view_meeting(persona, MeetingStatus.PLANNED),
    ),
    (
        "PLANNEDPLACE",
        _write_planned_place,
        lambda persona: persona != "anonymous" and can_view_meeting(persona, MeetingStatus.PLANNED),
    ),
    ("CONFIRMATIONDRAFT", _write_confirmation_draft, _nobody),
    (NOTE_MARKER, _world_marker, _nobody),
    (DRAFT_PART_MARKER, _world_marker, _nobody),
]


def _search_as(world: World, persona: str, text: str, **filters: str) -> str:
    """What a persona is shown for `text`: the search page's results and facets (the public
    search for the anonymous) and the API's results."""
    client = _client(world, persona)
    page_url = reverse("public_search" if persona == "anonymous" else "search")
    shown = _found(client.get(page_url, {"q": text, **filters}).content.decode())
    token = world.tokens.get(persona)
    if token:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        answer = client.get("/api/v1/search", {"q": text, **filters}, **headers).json()
        shown += json.dumps(answer["results"])
    return shown


@pytest.mark.parametrize(
    ("marker", "write", "may_find"), SEARCHED_FIELDS, ids=[m for m, _w, _r in SEARCHED_FIELDS]
)
def test_search_shows_each_field_to_whom_may_read_it(
    world: World,
    marker: str,
    write: Callable[[World, str], object],
    may_find: Callable[[str], bool],
) -> None:
    """Found in results and snippets by exactly those who may read the field on its page."""
    write(world, marker)
    found = {persona for persona in PERSONAS if marker in _search_as(world, persona, marker)}
    expected = {persona for persona in PERSONAS if may_find(persona)}
    assert found == expected
    assert ("secretariat" in found) == (may_find is not _nobody)


@pytest.mark.parametrize(
    "state",
    [
        MeetingStatus.HELD,
        MeetingStatus.MINUTES_DRAFT,
        MeetingStatus.MINUTES_APPROVED,
        MeetingStatus.MINUTES_PUBLISHED,
    ],
)
def test_the_state_facet_shows_the_state_each_persona_knows(world: World, state: str) -> None:
    """An initiative returned at a meeting: its row, its status report's and its escalation's
    count under "returned" only for those who may read that decision; the others see it as it
    was before (the initiative page's `as_known`)."""
    initiative = world.initiatives[State.SUBMITTED]
    initiative.title = "FACETINDSATS"
    initiative.save()
    StatusReport.objects.create(cycle=world.cycle, initiative=initiative, delivered="Leveret")
    Escalation.objects.create(
        initiative=initiative,
        from_body=world.chief,
        to_body=world.director,
        raised_item=world.open_items[MeetingStatus.MINUTES_PUBLISHED],
        reason="Forsinket",
        ask="Hjælp",
    )
    _return_at(world, state, "Mere konkret")
    returned, before = str(State.RETURNED.label), str(State.SUBMITTED.label)
    for persona in PERSONAS:
        shown = _search_as(world, persona, "FACETINDSATS")
        knows = persona != "anonymous" and sees_decisions(persona, state)
        assert (returned in shown) == knows, persona
        # Filtering by the state finds only what the persona knows to be in it.
        filtered = _search_as(world, persona, "FACETINDSATS", state=State.RETURNED)
        assert ("FACETINDSATS" in filtered) == knows, persona
        if sees_plan(persona) and not knows:
            assert before in shown, persona
