"""Versions: the draft frozen as JSON, numbered, never changed by later edits."""

import pytest

from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.healthplans import services
from klynge.healthplans.diff import ADDED, CHANGED, REMOVED, UNCHANGED, compare
from klynge.healthplans.models import PlanSection, PlanStatus, PlanStatusChange, PlanVersion
from klynge.healthplans.tests.factories import (
    HealthPlanFactory,
    PlanGoalFactory,
    PlanSectionFactory,
)

pytestmark = pytest.mark.django_db


def test_freeze_copies_sections_and_goals_and_numbers_versions(secretariat):
    goal = PlanGoalFactory()
    plan = goal.section.plan
    first = services.freeze_version(actor=secretariat, plan=plan, purpose="hearing")
    second = services.freeze_version(actor=secretariat, plan=plan, purpose="other")
    assert (first.number, second.number) == (1, 2)
    (section,) = first.content["sections"]
    assert section["title"] == goal.section.title
    assert section["goals"][0]["text"] == goal.text
    assert section["goals"][0]["population"] == "Borgere over 65 år"
    assert AuditEvent.objects.filter(action="health_plan.version").count() == 2


def test_a_frozen_version_does_not_follow_the_draft(secretariat):
    section = PlanSectionFactory(title="Ældre medicinske patienter")
    version = services.freeze_version(actor=secretariat, plan=section.plan, purpose="hearing")
    PlanSection.objects.filter(pk=section.pk).update(title="Ældre patienter")
    version.refresh_from_db()
    assert version.content["sections"][0]["title"] == "Ældre medicinske patienter"


def test_status_moves_only_along_the_allowed_transitions(secretariat):
    plan = HealthPlanFactory()
    services.change_plan_status(actor=secretariat, plan=plan, to_status=PlanStatus.IN_HEARING)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_HEARING
    assert PlanStatusChange.objects.get(plan=plan).from_status == PlanStatus.DRAFT
    with pytest.raises(ServiceError, match="kan ikke gå fra"):
        services.change_plan_status(actor=secretariat, plan=plan, to_status=PlanStatus.APPROVED)


def test_unknown_purpose_is_refused(secretariat):
    with pytest.raises(ServiceError):
        services.freeze_version(actor=secretariat, plan=HealthPlanFactory(), purpose="x")
    assert not PlanVersion.objects.exists()


# Comparison -------------------------------------------------------------------------------


def _content(*sections: dict) -> dict:
    return {
        "title": "Nærsundhedsplan 2027–2030",
        "introduction": "",
        "period_start": 2027,
        "period_end": 2030,
        "sections": list(sections),
    }


def _section(pk: int, title: str, text: str, *goals: dict) -> dict:
    return {"id": pk, "title": title, "text": text, "goals": list(goals)}


def _goal(pk: int, text: str, **facts: object) -> dict:
    return {
        "id": pk,
        "text": text,
        "population": "",
        "deadline": None,
        "initiatives": [],
        "indicators": [],
    } | facts


def test_a_changed_word_is_marked_deleted_and_inserted_in_words():
    old = _content(_section(1, "Ældre", "<p>Ventetiden skal ned til 4 uger.</p>"))
    new = _content(_section(1, "Ældre", "<p>Ventetiden skal ned til 3 uger.</p>"))
    (change,) = compare(old, new).sections
    assert change.kind == CHANGED and not change.renamed
    assert str(change.text) == (
        "<p>Ventetiden skal ned til "
        '<del><span class="sr-only">[slettet: </span>4<span class="sr-only">]</span></del>'
        '<ins><span class="sr-only">[tilføjet: </span>3<span class="sr-only">]</span></ins>'
        " uger.</p>"
    )


def test_text_in_the_versions_is_escaped_in_the_diff():
    old = _content(_section(1, "A", "<p>a &lt;b&gt;</p>"))
    new = _content(_section(1, "A", "<p>a <script>x</script> &lt;i&gt;</p>"))
    text = str(compare(old, new).sections[0].text)
    assert "<script" not in text and "<b>" not in text and "<i>" not in text
    assert "&lt;" in text


def test_sections_added_removed_renamed_and_matched_by_title():
    old = _content(
        _section(1, "Ældre medicinske patienter", "<p>a</p>"),
        _section(2, "Samsø", "<p>b</p>"),
        _section(3, "Lighed i sundhed", "<p>c</p>"),
    )
    new = _content(
        _section(1, "Sammenhængende forløb for ældre", "<p>a</p>"),
        # Copied under a new id: found again by its title.
        _section(30, "Lighed i sundhed", "<p>c</p>"),
        _section(4, "Mental sundhed for børn og unge", "<p>d</p>"),
    )
    changes = compare(old, new).sections
    assert [(c.kind, c.title) for c in changes] == [
        (CHANGED, "Sammenhængende forløb for ældre"),
        (REMOVED, "Samsø"),
        (UNCHANGED, "Lighed i sundhed"),
        (ADDED, "Mental sundhed for børn og unge"),
    ]
    assert changes[0].renamed and changes[0].text is None


def test_goals_added_removed_and_changed_with_their_facts():
    old = _content(
        _section(
            1,
            "Ældre",
            "<p>a</p>",
            _goal(10, "Færre genindlæggelser", deadline="2028-12-31", initiatives=[[5, "IPS"]]),
            _goal(11, "Et mål, der går"),
        )
    )
    new = _content(
        _section(
            1,
            "Ældre",
            "<p>a</p>",
            _goal(
                10,
                "Færre genindlæggelser",
                deadline="2029-12-31",
                population="Borgere over 65 år",
                initiatives=[[5, "IPS"], [6, "Akutteam"]],
            ),
            _goal(12, "Et nyt mål"),
        )
    )
    (section,) = compare(old, new).sections
    assert section.kind == CHANGED
    kinds = [(g.kind, (g.new or g.old or {}).get("text")) for g in section.goals]
    assert kinds == [
        (CHANGED, "Færre genindlæggelser"),
        (REMOVED, "Et mål, der går"),
        (ADDED, "Et nyt mål"),
    ]
    facts = {f.label: (f.old, f.new) for f in section.goals[0].facts}
    assert facts == {
        "Målgruppe eller område": ("–", "Borgere over 65 år"),
        "Frist": ("31. december 2028", "31. december 2029"),
        "Indsatser": ("IPS", "IPS; Akutteam"),
    }


def test_identical_versions_have_no_changes():
    content = _content(_section(1, "A", "<p>a</p>", _goal(1, "m")))
    assert not compare(content, content).has_changes


def test_a_version_cannot_be_changed_through_the_model_form_of_the_admin(admin_client):
    version = services.freeze_version(
        actor=None, plan=PlanSectionFactory().plan, purpose=PlanVersion.Purpose.HEARING
    )
    response = admin_client.get(f"/admin/healthplans/planversion/{version.pk}/change/")
    assert response.status_code in {200, 302, 403, 404}
    # No field of it is offered for editing.
    assert b'name="content"' not in response.content
    assert b'name="number"' not in response.content
