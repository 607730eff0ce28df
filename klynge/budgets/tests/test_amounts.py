"""Amounts as Danes write them, read into whole kroner; and nothing else."""

import decimal

import pytest

from klynge.budgets.amounts import MAX_AMOUNT, as_input, check_kroner, parse_kroner
from klynge.core.text import format_kroner


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250.000", 1_250_000),
        ("1250000", 1_250_000),
        ("1.250.000 kr.", 1_250_000),
        ("1.250.000 kr", 1_250_000),
        ("1 250 000", 1_250_000),
        ("1\u00a0250\u00a0000 kr.", 1_250_000),
        ("kr. 1.250.000", 1_250_000),
        ("1.250.000,00", 1_250_000),
        ("1.250.000,-", 1_250_000),  # as a price tag writes whole kroner
        ("1.250.000,- kr.", 1_250_000),
        ("  750 ", 750),
        ("0", 0),
        ("1.250", 1_250),  # a lone dot before three digits groups thousands
        ("DKK 4.000", 4_000),
        (1_250_000, 1_250_000),
        (1250000.0, 1_250_000),  # a spreadsheet's number cell
        (decimal.Decimal("1250000"), 1_250_000),
        ("1.000.000.000.000", MAX_AMOUNT),
    ],
)
def test_danish_amounts_are_read_as_whole_kroner(text, expected):
    amount = parse_kroner(text)
    assert amount == expected
    assert type(amount) is int


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.250.000,50", "hele kroner, uden øre"),
        ("1250,5", "hele kroner, uden øre"),
        ("1250.75", "hele kroner, uden øre"),
        (1250.5, "hele kroner, uden øre"),
        ("-5.000", "kan ikke være negativt"),
        (-5000, "kan ikke være negativt"),
        ("1.000.000.000.001", "urimeligt stort"),
        ("99999999999999999999999999999999999999999999", "urimeligt stort"),
        (10**13, "urimeligt stort"),
        ("en million", "er ikke et beløb"),
        ("1,250,000", "er ikke et beløb"),
        ("12.34.56", "er ikke et beløb"),
        ("1e6", "er ikke et beløb"),
        ("٣٤٥", "er ikke et beløb"),  # Arabic-Indic digits
        ("１２３", "er ikke et beløb"),  # fullwidth digits
        ("", "mangler"),
        (None, "mangler"),
        (True, "mangler"),
        (float("nan"), "er ikke et tal"),
    ],
)
def test_bad_amounts_are_refused_in_danish(text, message):
    with pytest.raises(ValueError, match=message):
        parse_kroner(text)


def test_negative_amounts_where_a_correction_is_allowed():
    assert parse_kroner("-12.500", allow_negative=True) == -12_500
    assert parse_kroner("−12.500 kr.", allow_negative=True) == -12_500  # a typographic minus
    with pytest.raises(ValueError, match="urimeligt stort"):
        parse_kroner("-1.000.000.000.001", allow_negative=True)


def test_the_message_names_the_field():
    with pytest.raises(ValueError, match="Rammen kan ikke være negativt"):
        parse_kroner("-1", label="Rammen")


@pytest.mark.parametrize("value", [1.0, decimal.Decimal("1"), "1", None, True])
def test_only_an_int_passes_the_check_of_a_stored_amount(value):
    with pytest.raises(ValueError):
        check_kroner(value)


def test_an_amount_goes_to_the_form_and_back_unchanged():
    for amount in [0, 7, 1_250_000, 14_600_000, MAX_AMOUNT]:
        assert parse_kroner(as_input(amount)) == amount
        assert parse_kroner(format_kroner(amount)) == amount
    assert parse_kroner(as_input(-12_500), allow_negative=True) == -12_500
    assert as_input(None) == ""
