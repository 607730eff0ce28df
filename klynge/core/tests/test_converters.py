"""Ids in query strings and forms read by the path converter's rule."""

import pytest

from klynge.core.converters import parse_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("0", 0),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),  # past a 64-bit key
        ("²", None),  # str.isdigit says yes, int says no
        ("①", None),
        ("١٢", None),  # Arabic-Indic digits: int reads them, a path never has them
        ("-1", None),
        (" 1", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id_takes_ascii_digits_that_fit_a_key(text, expected):
    assert parse_id(text) == expected
