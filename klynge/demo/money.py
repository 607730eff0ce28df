"""Sundhedsråd Aarhus's money in the demo: the 2027 frame, allocations to the six initiatives
carried over from Aarhusklyngen (granted by the decision on `frame_item`), the region's
co-financing of the municipal acute nursing, and spending for Q1 2027 (two quarters entered
by hand, the rest imported from the finance department's spreadsheet)."""

from klynge.accounts.models import User
from klynge.budgets import services
from klynge.budgets.models import CoFinancing
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Cluster, Organisation

YEAR = 2027
FRAME = 14_600_000

#: Initiative number (as carried over) -> (amount a year, years granted).
ALLOCATIONS = {
    1: (3_200_000, [2027]),
    2: (1_450_000, [2027]),
    3: (2_100_000, [2027]),
    4: (1_800_000, [2027]),
    5: (2_750_000, [2027, 2028]),
    6: (950_000, [2027]),
}

#: The region pays half of the acute nursing's extension in Aarhus Kommune.
CO_FINANCING = 2_000_000

#: Q1 2027, entered by hand: initiative number -> amount.
ENTERED = {1: 712_500, 6: 201_300}

#: Q1 2027 as the finance department's CSV has it (Danish numbers, semicolons).
IMPORTED = (
    "Indsats;År;Kvartal;Beløb;Note\n"
    "2;2027;K1;298.000;Mødeudstyr og uddannelse\n"
    "3;2027;K1;415.250 kr.;Integration, første etape\n"
    "4;2027;1. kvartal;390.000;\n"
)


def load(*, council: Cluster, frame_item: AgendaItem, sec: User) -> None:
    """The 2027 frame, allocations, co-financing and spending."""
    services.set_frame(
        actor=sec,
        cluster=council,
        year=YEAR,
        amount=FRAME,
        note="Minimumsrammen for 2027 som meddelt af Region Midtjylland i december 2026.",
    )
    initiatives = {i.number: i for i in services.council_initiatives(council)}
    for number, (amount, years) in ALLOCATIONS.items():
        services.grant_allocation(
            actor=sec,
            cluster=council,
            initiative=initiatives[number],
            years=years,
            amount=amount,
            decision_item=frame_item,
        )
    services.save_co_financing(
        actor=sec,
        co_financing=CoFinancing(cluster=council),
        year=YEAR,
        payer=Organisation.objects.get(name="Region Midtjylland"),
        recipient=Organisation.objects.get(name="Aarhus Kommune"),
        service="Akutsygeplejen i Aarhus Kommune: udvidet døgndækning",
        share_percent=50,
        amount=CO_FINANCING,
        decision_item=frame_item,
        note="Regionsrådet betaler halvdelen af udvidelsen i 2027.",
    )
    for number, amount in ENTERED.items():
        services.set_spending(
            actor=sec,
            cluster=council,
            initiative=initiatives[number],
            year=YEAR,
            quarter=1,
            amount=amount,
        )
    services.import_spending(
        actor=sec,
        cluster=council,
        content=IMPORTED.encode("utf-8"),
        name="forbrug-K1-2027.csv",
    )
