"""Every page renders for the people who may see it."""

import pytest
from django.urls import reverse

from klynge.core.tests.personas import login


@pytest.mark.parametrize(
    "name",
    ["home", "cluster_list", "organisation_list", "public_meeting_list"],
)
def test_top_pages_render_for_member(client, member, name):
    login(client, member)
    assert client.get(reverse(name)).status_code == 200


def test_meeting_and_body_pages_render_for_secretariat(client, meeting, secretariat):
    login(client, secretariat)
    for url in [
        meeting.get_absolute_url(),
        meeting.body.get_absolute_url(),
        meeting.body.cluster.get_absolute_url(),
        reverse("meeting_edit", args=[meeting.pk]),
        reverse("membership_add", args=[meeting.body_id]),
        reverse("participant_add", args=[meeting.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
