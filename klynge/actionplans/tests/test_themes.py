"""Themes are edited, reordered and retired; a retired theme stays on what has it."""

import pytest
from django.urls import reverse

from klynge.actionplans import services
from klynge.actionplans.forms import InitiativeForm
from klynge.actionplans.models import Theme
from klynge.core.tests.personas import login

pytestmark = pytest.mark.django_db


def names(gov) -> list[str]:
    return list(
        Theme.objects.filter(cluster=gov.plan.cluster, is_active=True)
        .order_by("priority")
        .values_list("name", flat=True)
    )


def add(gov, name: str) -> Theme:
    return services.save_theme(
        actor=gov.secretariat, theme=Theme(cluster=gov.plan.cluster), values={"name": name}
    )


def test_new_themes_go_last_and_move_up_and_down(client, gov):
    add(gov, "Mental sundhed")
    demens = add(gov, "Demens")
    assert names(gov) == ["Det nære sundhedsvæsen", "Mental sundhed", "Demens"]
    login(client, gov.secretariat)
    client.post(reverse("theme_move", args=[demens.pk]), {"direction": "up"})
    assert names(gov) == ["Det nære sundhedsvæsen", "Demens", "Mental sundhed"]
    client.post(reverse("theme_move", args=[demens.pk]), {"direction": "up"})
    client.post(reverse("theme_move", args=[demens.pk]), {"direction": "up"})  # stays first
    assert names(gov) == ["Demens", "Det nære sundhedsvæsen", "Mental sundhed"]
    page = client.get(gov.plan.cluster.get_absolute_url()).content.decode()
    assert page.index("Demens") < page.index("Mental sundhed")


def test_a_retired_theme_keeps_its_initiatives_but_takes_no_new_ones(client, gov):
    initiative = gov.initiative()
    login(client, gov.secretariat)
    response = client.post(
        reverse("theme_edit", args=[gov.theme.pk]),
        {"name": "Det nære sundhedsvæsen", "description": "Afsluttet 2026"},  # unchecked
    )
    assert response.status_code == 302
    gov.theme.refresh_from_db()
    assert not gov.theme.is_active and gov.theme.description == "Afsluttet 2026"
    page = client.get(gov.plan.cluster.get_absolute_url()).content.decode()
    assert "Tidligere temaer" in page
    new = InitiativeForm(plan=gov.plan)
    assert gov.theme not in new.fields["theme"].queryset
    own = InitiativeForm(plan=gov.plan, instance=initiative)
    assert gov.theme in own.fields["theme"].queryset
    with pytest.raises(Exception, match="ikke er aktivt"):
        services.move_theme(actor=gov.secretariat, theme=gov.theme, offset=-1)


def test_only_the_secretariat_edits_themes(client, gov):
    login(client, gov.lead)
    assert client.get(reverse("theme_edit", args=[gov.theme.pk])).status_code == 403
    assert client.post(reverse("theme_move", args=[gov.theme.pk])).status_code == 403
