"""The list helpers say what Django's own filters and methods say."""

import datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from klynge.core import display
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import Membership


@pytest.mark.parametrize("language", ["da", "en"])
def test_choice_labels_are_get_foo_display(language):
    with translation.override(language):
        labels = display.choice_labels(Membership, "role")
        for role in Membership.Role:
            assert labels[role] == Membership(role=role).get_role_display()


def test_choice_labels_follow_the_active_language():
    with translation.override("da"):
        danish = display.choice_labels(Meeting, "status")[MeetingStatus.HELD]
    with translation.override("en"):
        english = display.choice_labels(Meeting, "status")[MeetingStatus.HELD]
        assert english == Meeting(status=MeetingStatus.HELD).get_status_display()
    assert danish != english


@pytest.mark.parametrize("name", ["meeting_detail", "membership_edit", "person_edit"])
@pytest.mark.parametrize("pk", [1, 42, 987654321])
def test_url_maker_is_reverse(name, pk):
    assert display.url_maker(name)(pk) == reverse(name, args=[pk])


def test_url_maker_follows_the_script_prefix():
    try:
        set_script_prefix("/klynge/")
        assert display.url_maker("meeting_detail")(7) == "/klynge/moeder/7/"
    finally:
        set_script_prefix("/")
    assert display.url_maker("meeting_detail")(7) == "/moeder/7/"


def test_url_maker_refuses_a_route_without_one_id():
    with pytest.raises(NoReverseMatch):
        display.url_maker("meeting_document")


@pytest.mark.parametrize("language", ["da", "en"])
def test_dates_are_the_date_filter(language):
    with translation.override(language):
        for month in range(1, 13):
            day = datetime.date(2024, month, month + 3)
            assert display.numeric_date(day) == date_filter(day, "j.n.Y")
            assert display.long_date(day) == date_filter(day, "j. F Y")
    assert display.numeric_date(None) == ""
