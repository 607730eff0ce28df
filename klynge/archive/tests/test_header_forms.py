"""The head of real minutes: the body that met named after the date, in a compound with the
meeting, with its election period; the meeting's date beside a page's own date (made-up text)."""

import datetime

import pytest

from klynge.archive.reading.parse import parse_text

BODY = (
    "\n\n1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n\n2. Eventuelt\nBeslutning\nIntet.\n"
)


@pytest.mark.parametrize(
    ("head", "body"),
    [
        (
            "Beslutninger fra mødet tirsdag 14-03-2023 kl. 16.00 ordinært møde "
            "Børne- og Skoleudvalget",
            "Børne- og Skoleudvalget",
        ),
        (
            "Referat af bestyrelsesmøde i Nordby Idrætsforening\nTirsdag d. 14. marts 2023",
            "Bestyrelsen",
        ),
        ("Ekstraordinært handicaprådsmøde – referat 14. marts 2023", "Handicaprådet"),
        ("Handicaprådet 2022-2025\nReferat\nDato: 14-03-2023", "Handicaprådet 2022-2025"),
    ],
)
def test_the_body_as_heads_name_it(head, body):
    assert parse_text(head + BODY).body == body


def test_a_posts_own_date_gives_way_to_the_meetings():
    meeting = parse_text(
        "2. april 2023\nReferat fra handicaprådsmøde tirsdag den 14. marts 2023" + BODY
    )
    assert meeting.date == datetime.date(2023, 3, 14)


def test_a_menu_line_gives_way_to_the_line_that_names_the_meeting():
    meeting = parse_text(
        "Byråd og udvalg\nHandicaprådet\nÆldrerådet\n"
        "Referat fra Ældrerådets møde 14. marts 2023" + BODY
    )
    assert meeting.body == "Ældrerådet"


def test_without_a_head_the_body_and_day_that_head_every_decision():
    meeting = parse_text(
        "Referat\n\n1. Godkendelse af dagsorden\n\nØkonomiudvalget, 3. marts 2023, pkt. 4:\n"
        "Anbefales.\n\nÆldrerådet, den 23. marts 2023:\nGodkendt.\n\n2. Eventuelt\n\n"
        "Ældrerådet, den 23. marts 2023:\nIntet.\n"
    )
    assert meeting.body == "Ældrerådet"
    assert meeting.date == datetime.date(2023, 3, 23)


def test_a_decision_heading_in_the_head_is_no_part_of_the_name():
    meeting = parse_text("Beslutning i Børne- og Skoleudvalget den 14. marts 2023" + BODY)
    assert meeting.body == "Børne- og Skoleudvalget"


def test_the_next_meetings_date_is_not_this_ones():
    meeting = parse_text(
        "Socialudvalget\nNæste møde: 20. april 2023\nReferat 14. marts 2023" + BODY
    )
    assert meeting.date == datetime.date(2023, 3, 14)


def test_an_absence_under_an_earlier_committees_head_is_that_meetings():
    meeting = parse_text(
        "Byrådet\nReferat 14. marts 2023\n\n1. Lokalplan for Nordby\n\nSagsfremstilling\n"
        "Sagen har været behandlet i Teknik og Miljø.\n\nTeknik og Miljø, 6. marts 2023, pkt. 12:\n"
        "Ikke til stede: Karen Olsen (A)\nAnbefales.\n\nBeslutning\nIkke til stede: Bo Vest (V)\n"
        "Godkendt.\n\n2. Eventuelt\nBeslutning\nIntet.\n"
    )
    assert meeting.apologies == ["Bo Vest"]


def test_present_at_the_meeting_and_away_for_one_item_is_no_apology():
    meeting = parse_text(
        "Byrådet\nReferat 14. marts 2023\nTil stede: Anna Kjær, Bo Vest, Ib Holm\n"
        "Afbud: Karen Olsen\n\n1. Lokalplan for Nordby\n\nBeslutning\nFraværende: Bo Vest\n"
        "Godkendt.\n\n2. Eventuelt\nBeslutning\nIntet.\n"
    )
    assert [p.name for p in meeting.participants] == ["Anna Kjær", "Bo Vest", "Ib Holm"]
    assert meeting.apologies == ["Karen Olsen"]
