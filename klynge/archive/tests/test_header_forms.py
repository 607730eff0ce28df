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
