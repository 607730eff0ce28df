"""Amounts of money as people write them, read into whole kroner: `1.250.000`, `1250000`,
`1.250.000 kr.`, `1 250 000`, `1.250.000,00`, `1.250.000,-`, or a spreadsheet's number cell.

Money is whole kroner in integer columns: a value with øre, a negative amount where none is
allowed, or an absurd size is refused in Danish words, never rounded. Nothing here is a
float: a spreadsheet's number cell is read through its decimal text.
"""

import decimal
import re
from typing import Any

from django.utils.translation import gettext as _

from klynge.core.text import format_kroner

#: No council's frame, grant or spending comes near a thousand billion kroner: a number that
#: large is a typing error (or an account number in the wrong column).
MAX_AMOUNT = 10**12

_SUFFIX = re.compile(r"(?i)\s*(kr\.?|kroner|dkk)$")
_PREFIX = re.compile(r"(?i)^(kr\.?|dkk)\s*")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
# Digits are 0-9 (re.ASCII): "١٢٣" or "１２３" is not an amount a person types here.
_PLAIN = re.compile(r"^\d+$", re.ASCII)
_DOTTED = re.compile(r"^\d{1,3}(\.\d{3})+$", re.ASCII)
# A decimal mark: the Danish comma (after plain or dotted thousands), or a dot before one or
# two digits (`1250.50`, as a spreadsheet exported in English writes it).
_COMMA = re.compile(r"^(\d+|\d{1,3}(\.\d{3})+),(\d+)$", re.ASCII)
_ENGLISH = re.compile(r"^(\d+)\.(\d{1,2})$", re.ASCII)


def parse_kroner(value: Any, *, allow_negative: bool = False, label: str = "") -> int:
    """Whole kroner from what a person typed or a cell held. Raises ValueError with a
    Danish message that names `label` (the field) when given."""
    name = label or _("Beløbet")
    if isinstance(value, bool) or value is None:
        raise ValueError(_("%(name)s mangler.") % {"name": name})
    if isinstance(value, int):
        return check_kroner(value, allow_negative=allow_negative, label=label)
    if isinstance(value, float | decimal.Decimal):
        # A spreadsheet's number cell: through its shortest decimal text, never float sums.
        number = decimal.Decimal(str(value))
        if not number.is_finite():
            raise ValueError(_("%(name)s er ikke et tal.") % {"name": name})
        return _whole(number, str(value), allow_negative=allow_negative, label=label)
    text = str(value).strip()
    if not text:
        raise ValueError(_("%(name)s mangler.") % {"name": name})
    shown = text[:40]
    digits = _PREFIX.sub("", _SUFFIX.sub("", text))
    digits = re.sub(r",[-–]$", "", digits.rstrip())  # a price tag's `1.250.000,-`
    digits = _SPACES.sub("", digits).replace("\u2212", "-").replace("\u2013", "-")
    negative = digits.startswith("-")
    digits = digits[1:] if digits[:1] in ("+", "-") else digits
    if len(digits) > 40:  # no amount is written with this many characters
        raise ValueError(_too_large(label))
    if _PLAIN.match(digits):
        number = decimal.Decimal(digits)
    elif _DOTTED.match(digits):
        number = decimal.Decimal(digits.replace(".", ""))
    elif m := _COMMA.match(digits):
        number = decimal.Decimal(f"{m[1].replace('.', '')}.{m[3]}")
    elif m := _ENGLISH.match(digits):
        number = decimal.Decimal(f"{m[1]}.{m[2]}")
    else:
        raise ValueError(
            _("“%(text)s” er ikke et beløb. Skriv hele kroner, fx 1.250.000 eller 1250000.")
            % {"text": shown}
        )
    number = -number if negative else number
    return _whole(number, shown, allow_negative=allow_negative, label=label)


def _whole(number: decimal.Decimal, shown: str, *, allow_negative: bool, label: str) -> int:
    if number != number.to_integral_value():
        raise ValueError(
            _("%(name)s skal være i hele kroner, uden øre (“%(text)s”).")
            % {"name": label or _("Beløbet"), "text": shown}
        )
    if abs(number) > MAX_AMOUNT:
        raise ValueError(_too_large(label))
    return check_kroner(int(number), allow_negative=allow_negative, label=label)


def _too_large(label: str) -> str:
    return _("%(name)s er urimeligt stort (højst %(max)s).") % {
        "name": label or _("Beløbet"),
        "max": format_kroner(MAX_AMOUNT),
    }


def check_kroner(amount: Any, *, allow_negative: bool = False, label: str = "") -> int:
    """`amount` if it is whole kroner within bounds; ValueError in Danish otherwise. The one
    check of an amount, whether typed, imported or posted to the API."""
    name = label or _("Beløbet")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError(_("%(name)s skal være et helt antal kroner.") % {"name": name})
    if amount < 0 and not allow_negative:
        raise ValueError(_("%(name)s kan ikke være negativt.") % {"name": name})
    if abs(amount) > MAX_AMOUNT:
        raise ValueError(_too_large(label))
    return amount


def as_input(amount: int | None) -> str:
    """An amount as a form shows it to be changed: `1.250.000` (read back by
    `parse_kroner`)."""
    if amount is None:
        return ""
    return format_kroner(amount).removesuffix(" kr.").replace("−", "-")
