import pytest
from django.core.management import call_command

from klynge.demo.councils import ITEM_FRAME, ITEM_TASKS
from klynge.votes.models import Choice, Inhabilitet, Result, Statement, Vote

pytestmark = pytest.mark.django_db


def test_the_demo_council_meeting_has_a_majority_vote_and_an_inhabil_mayor(settings):
    settings.DEMO_MODE = True
    call_command("load-demo")
    tasks = Vote.objects.get(item__title=ITEM_TASKS)
    against = {b.person.name for b in tasks.ballots.all() if b.choice == Choice.AGAINST}
    assert against == {"Jens Vestergaard", "Rasmus Holt"}
    assert tasks.result == Result.ADOPTED and tasks.votes_for > 2
    statement = Statement.objects.get(item__title=ITEM_TASKS)
    assert statement.by == "Jens Vestergaard, Rasmus Holt"
    inhabil = Inhabilitet.objects.get(item__title=ITEM_FRAME)
    assert inhabil.person.name == "Karsten Møller"
    frame = Vote.objects.get(item__title=ITEM_FRAME)
    assert frame.votes_against == frame.abstentions == 0
    assert "Karsten Møller" not in {b.person.name for b in frame.ballots.all()}
