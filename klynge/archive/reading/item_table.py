"""A meeting written as one table, `Nr. | Emne | Beslutning`: the readers give each row as
`1, Titel, Godkendt`. Each row becomes a numbered heading and its decision, so the items are
read like any other."""

import re
from dataclasses import replace

from .elements import Line
from .outcomes import OUTCOME_START

#: The table's head row: a number column, a title column, and a decision column.
TABLE_HEAD = re.compile(
    r"^(?:nr\.?|punkt|pkt\.?|dagsordenspunkt)\s*,\s*(?:emne|titel|sag|overskrift|punkt)\s*,"
    r"\s*(?:beslutning|referat|konklusion|resultat)\s*$",
    re.IGNORECASE,
)
ROW = re.compile(r"^(?P<number>\d{1,3})\s*[.,]?\s*,\s*(?P<rest>.+)$")


def _split_row(rest: str) -> tuple[str, str]:
    """Title and decision; a title may hold commas, so the cut is before an outcome word where
    there is one, else at the last comma."""
    for match in re.finditer(r",\s+", rest):
        if OUTCOME_START.match(rest, match.end()):
            return rest[: match.start()], rest[match.end() :]
    title, _, decision = rest.rpartition(", ")
    return (title, decision) if title else (rest, "")


def unfold_item_table(lines: list[Line]) -> list[Line]:
    """Rows under an item table's head as `N. Titel` and `Beslutning: …` lines."""
    out: list[Line] = []
    in_table = False
    for line in lines:
        if TABLE_HEAD.match(line.text):
            in_table = True
            continue
        row = ROW.match(line.text) if in_table else None
        if row is None:
            in_table = in_table and not line.text.strip()  # a blank line does not end it
            out.append(line)
            continue
        title, decision = _split_row(row["rest"])
        heading = f"{row['number']}. {title.strip()}"
        out.append(replace(line, text=heading, heading=True, kind="heading"))
        if decision.strip():
            out.append(replace(line, text=f"Beslutning: {decision.strip()}", kind="text"))
    return out
