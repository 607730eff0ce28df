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


@pytest.mark.parametrize("name", ["home", "cluster_list", "public_meeting_list", "logout"])
def test_route_is_reverse(name):
    assert display.route(name) == reverse(name)


def test_route_follows_the_script_prefix():
    try:
        set_script_prefix("/klynge/")
        assert display.route("cluster_list") == "/klynge/klynger/"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("path", ["klynge/app.css", "htmx/htmx.min.js"])
def test_asset_is_static(path):
    from django.templatetags.static import static

    assert display.asset(path) == static(path)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("meeting_detail", [42]),
        ("meeting_document", [7, "dagsorden", "pdf"]),
        ("similar", ["punkt", 12]),
        ("body_edit", [3, 4]),
        ("meeting_send", [9, "referat"]),
    ],
)
def test_address_is_reverse(name, args):
    assert display.address(name, *args) == reverse(name, args=args)
    assert display.address(name, *args) == reverse(name, args=args)  # made once, then reused


def test_address_leaves_other_arguments_to_reverse():
    assert display.address("meeting_send", 9, "ø&x") == reverse("meeting_send", args=[9, "ø&x"])
    with pytest.raises(NoReverseMatch):
        display.address("meeting_detail", "abc")
