"""Writes of nærsundhedsplaner: the draft, versions, hearings, approval and follow-up."""

from klynge.accounts.models import User
from klynge.recommendations.models import Recommendation


def on_recommendation_state(*, actor: User | None, recommendation: Recommendation) -> None:
    """A recommendation moved: if it carries a plan to an approving body, the plan may now
    be approved (`settings.RECOMMENDATION_STATE_HOOKS`)."""
