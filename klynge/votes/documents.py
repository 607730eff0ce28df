"""Votes, inhabilitet and statements in the minutes (PDF and Word), through the meetings
app's hook `settings.MEETING_MINUTES_ITEM_SECTIONS`."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from klynge.meetings.access import ClosedItem, MeetingAccess
from klynge.meetings.models import AgendaItem

Section = tuple[str, list[str]]


def minutes_sections(
    access: MeetingAccess, items: Iterable[AgendaItem | ClosedItem]
) -> dict[int, list[Section]]:
    """Per item whose decision `access` may see: the inhabil members (never the reason), each
    vote with its result and who voted how, and the statements."""
    sections: dict[int, list[Section]] = {}
    for item in items:
        if isinstance(item, ClosedItem) or not access.can_see_decision_of(item):
            continue
        found: list[Section] = []
        inhabil = [
            _("%(name)s deltog ikke i behandlingen af punktet (inhabil)") % {"name": i.person.name}
            for i in item.inhabilities.all()
        ]
        if inhabil:
            found.append(("", inhabil))
        for vote in item.votes.all():
            lines = [
                _("%(subject)s: %(result)s (%(tally)s)")
                % {
                    "subject": vote.subject,
                    "result": vote.result_text,
                    "tally": vote.tally,
                }
            ]
            lines += [f"{label}: {', '.join(names)}" for label, names in vote.names_by_choice()]
            found.append((_("Afstemning"), lines))
        for statement in item.statements.all():
            heading = _("%(kind)s fra %(by)s") % {
                "kind": statement.get_kind_display(),
                "by": statement.by,
            }
            found.append((heading, [line for line in statement.text.splitlines() if line.strip()]))
        if found:
            sections[item.pk] = found
    return sections
