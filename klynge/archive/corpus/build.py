"""Build the annotated test corpus of legacy minutes: our own text in the shapes real systems
produce (text, HTML of e-dagsorden systems, PDF, scanned PDF, Word), each file with its
expected structure beside it as JSON.

Run `uv run python -m klynge.archive.corpus.build` to write it again (it is committed).
"""

import datetime
import io
import json
import random
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent / "files"

FIRST = [
    "Hanne",
    "Jens",
    "Mette",
    "Søren",
    "Birgitte",
    "Ole",
    "Lise",
    "Anders",
    "Karen",
    "Peter",
    "Pia",
    "Mads",
    "Tove",
    "Henrik",
    "Ulla",
    "Jørgen",
    "Else",
    "Bjarne",
    "Rikke",
    "Torben",
    "Gitte",
    "Niels",
    "Lone",
    "Kasper",
    "Dorthe",
    "Frank",
    "Inge",
    "Morten",
    "Susanne",
    "Claus",
]
LAST = [
    "Sørensen",
    "Kjærgaard",
    "Holm",
    "Bækgaard",
    "Lund",
    "Thygesen",
    "Østergaard",
    "Dahl",
    "Frederiksen",
    "Mølgaard",
    "Vestergaard",
    "Skov",
    "Brandt",
    "Kristiansen",
    "Lykke",
    "Nørgaard",
    "Winther",
    "Kirkegaard",
    "Ravn",
    "Bech",
    "Jeppesen",
    "Husted",
    "Aagaard",
]
TITLES = [
    ("borgmester", "Skive Kommune"),
    ("direktør", "Region Midtjylland"),
    ("sundhedschef", "Viborg Kommune"),
    ("hospitalsdirektør", "Regionshospital Nordjylland"),
    ("praktiserende læge", "PLO-Nordjylland"),
    ("kontorchef", "Silkeborg Kommune"),
    ("vicedirektør", "Psykiatrien i Region Syddanmark"),
    ("regionsrådsmedlem", "Region Sjælland"),
    ("sygeplejefaglig direktør", "Hospitalsenhed Midt"),
    ("chefkonsulent", "Holbæk Kommune"),
]
ITEMS = [
    ("Godkendelse af dagsorden", "Dagsordenen blev godkendt."),
    ("Status på handleplanen for 2021", "Status blev taget til efterretning. Indsats 4 er gul."),
    (
        "Forebyggelse af indlæggelser blandt ældre medicinske patienter",
        "Klyngen godkendte, at arbejdsgruppen fortsætter med de tre kommuner.",
    ),
    (
        "Rygestop for borgere med psykisk sygdom",
        "Indsatsen blev godkendt med de foreslåede ændringer.",
    ),
    (
        "Fælles akutteam i nattetimerne",
        "Drøftet. Sekretariatet udarbejder et oplæg til næste møde.",
    ),
    ("Orientering om sundhedsreformen", "Orienteringen blev taget til efterretning."),
    ("Færdigbehandlede patienter i psykiatrien", "Klyngen bakker op om den fælles opfølgning."),
    ("Evaluering af IPS-indsatsen", "Evalueringen blev drøftet, og resultaterne sendes videre."),
    ("Sundhedshuse i landdistrikterne", "Punktet blev udsat til næste møde."),
    ("Børn og unges mentale sundhed", "Klyngen nedsætter en arbejdsgruppe med fire medlemmer."),
    ("Datadeling mellem almen praksis og kommunerne", "Godkendt."),
    ("Budget for klyngemidler 2022", "Budgettet blev godkendt med en pulje til lighed i sundhed."),
    ("Næste møde", "Næste møde holdes i Viborg."),
    ("Eventuelt", "Intet."),
]
BODIES = [
    "Klyngestyregruppen for Skiveklyngen",
    "Politisk Forum, Sundhedsklynge Vest",
    "Direktørforum i Nordklyngen",
    "Chefforum, Sundhedsråd Sydvest",
    "Sundhedsstyregruppen Sjælland",
]
MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


@dataclass
class Person:
    name: str
    title: str
    organisation: str


@dataclass
class Spec:
    key: str
    body: str
    date: datetime.date
    start: str
    place: str
    items: list[tuple[int, str, str, str]]  # number, title, decision, case number
    present: list[Person]
    absent: list[Person]
    substitutes: list[tuple[Person, Person]] = field(default_factory=list)
    truncated: bool = False


def make_spec(n: int, rng: random.Random) -> Spec:
    names = rng.sample(
        [
            f"{f} {m} {last}" if rng.random() < 0.2 else f"{f} {last}"
            for f in FIRST
            for last in LAST
            for m in ["Marie"]
        ],
        12,
    )
    people = [Person(name, *rng.choice(TITLES)) for name in names]
    first = rng.choice([1, 1, 1, 5])
    chosen = rng.sample(ITEMS[1:-2], rng.randint(3, 6))
    items_text = ([ITEMS[0]] if first == 1 else []) + chosen + [ITEMS[-1]]
    items = [
        (first + i, title, decision, f"1-30-72-{rng.randint(10, 999)}-{rng.randint(17, 24)}")
        for i, (title, decision) in enumerate(items_text)
    ]
    date = datetime.date(2014 + n % 10, 1 + n % 12, 1 + (n * 7) % 27)
    spec = Spec(
        key=f"{n:02d}",
        body=rng.choice(BODIES),
        date=date,
        start=rng.choice(["09:00", "13:30", "15:00", "10:00"]),
        place=rng.choice(
            [
                "Regionshuset Viborg, lokale D2",
                "Rådhuset, mødelokale 3",
                "Skive Sygehus, auditoriet",
            ]
        ),
        items=items,
        present=people[:8],
        absent=people[8:10],
    )
    if n % 3 == 0:
        spec.substitutes = [(people[10], people[8])]
        spec.present.append(people[10])
    return spec


def expected(spec: Spec, *, items: list[tuple[int, str, str, str]] | None = None) -> dict:
    kept = items if items is not None else spec.items
    return {
        "meeting": {"body": spec.body, "date": spec.date.isoformat(), "start_time": spec.start},
        "items": [{"number": str(n), "title": t, "decision": d} for n, t, d, _c in kept],
        "participants": [p.name for p in spec.present],
        "apologies": [p.name for p in spec.absent],
        "substitutes": [[s.name, f.name] for s, f in spec.substitutes],
    }


def danish_date(date: datetime.date) -> str:
    return f"{date.day}. {MONTHS[date.month - 1]} {date.year}"


# --- Shapes ----------------------------------------------------------------------------------


def shape_text_punkt(spec: Spec) -> str:
    """A municipal Word export saved as text: "Punkt N." headings, afbud list, "Beslutning"."""
    lines = [
        spec.body,
        "",
        f"Referat fra møde d. {danish_date(spec.date)} kl. {spec.start}",
        "",
        f"Sted: {spec.place}",
        "",
        "Deltagere:",
        "",
    ]
    lines += [
        f"{p.name}, {p.title}, {p.organisation}"
        for p in spec.present
        if p not in [s for s, _ in spec.substitutes]
    ]
    lines += ["", "Afbud:", ""] + [
        f"{p.title.capitalize()} {p.name}, {p.organisation}" for p in spec.absent
    ]
    for sub, whom in spec.substitutes:
        lines += ["", f"{sub.name} deltog for {whom.name}."]
    for n, title, decision, case in spec.items:
        lines += [
            "",
            f"Punkt {n}. {title}",
            "",
            f"Sagsnr.: {case}",
            "",
            "Sagsfremstilling",
            "",
            "Sekretariatet har forberedt punktet i samarbejde med arbejdsgruppen.",
            "",
            "Beslutning",
            "",
            decision,
            "",
            f"Side {n} af {len(spec.items) + 1}",
        ]
    return "\n".join(lines)


def shape_firstagenda_html(spec: Spec) -> str:
    """A FirstAgenda publication page: navigation, h2 items, one long attendance line."""
    people = ", ".join(f"{p.name} ({p.organisation})" for p in spec.present)
    absent = ", ".join(f"{p.name} (afbud)" for p in spec.absent)
    subs = "".join(f"<p>{s.name} i stedet for {w.name}</p>" for s, w in spec.substitutes)
    parts = [
        "<!doctype html><html lang='da'><head><meta charset='utf-8'><title>Referat</title>",
        "<script>window.analytics = {};</script><style>.x{}</style></head><body>",
        "<nav class='main-nav'><a href='/'>Forside</a> <a href='/soeg'>Søg</a></nav>",
        "<header class='site-header'><a href='#'>Log ind</a></header><main>",
        f"<h1>{spec.body}</h1><p>Referat</p>",
        f"<p>Mødedato: {WEEKDAYS[spec.date.weekday()].capitalize()} den {spec.date:%d.%m.%Y}</p>",
        f"<p>Mødetidspunkt: kl. {spec.start.replace(':', '.')}</p><p>Mødested: {spec.place}</p>",
        f"<p>Deltagere: {people}, {absent}</p>{subs}",
        "<button>Hent som PDF</button><div class='toolbar'>Udskriv</div>",
    ]
    for n, title, decision, case in spec.items:
        parts += [
            f"<div class='agenda-item'><h2>{n}. {title}</h2><p>Sagsnr. {case}</p>",
            "<h3>Resumé</h3><p>Punktet handler om det fælles arbejde i klyngen.</p>",
            "<h3>Indstilling</h3><p>Administrationen indstiller,</p><ul><li>at klyngen drøfter sagen</li>",
            "<li>at sagen sendes videre</li></ul>",
            f"<h3>Beslutning</h3><p>{decision}</p><a href='#top'>Tilbage til toppen</a></div>",
        ]
    parts.append("<footer>Kontakt kommunen</footer></main></body></html>")
    return "".join(parts)


def shape_region_print_html(spec: Spec) -> str:
    """A region's print page: a table header, "Dagsordenspunkt N:", grouped attendance."""
    groups: dict[str, list[Person]] = {}
    for p in spec.present:
        groups.setdefault(p.organisation, []).append(p)
    attendance = "".join(
        f"<h4>{org}</h4>" + "".join(f"<p>{p.name}, {p.title}</p>" for p in people)
        for org, people in groups.items()
    )
    parts = [
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'></head><body>",
        f"<table><tr><td>Udvalg</td><td>{spec.body}</td></tr>",
        f"<tr><td>Mødedato</td><td>{danish_date(spec.date)}</td></tr>",
        f"<tr><td>Tid</td><td>{spec.start}-{int(spec.start[:2]) + 2:02d}:{spec.start[3:]}</td></tr>",
        f"<tr><td>Sted</td><td>{spec.place}</td></tr></table>",
        f"<h3>Til stede</h3>{attendance}",
        "<h3>Fraværende</h3>" + "".join(f"<p>{p.name}</p>" for p in spec.absent),
    ]
    for sub, whom in spec.substitutes:
        parts.append(f"<p>{sub.name} mødte for {whom.name}.</p>")
    for n, title, decision, case in spec.items:
        parts += [
            f"<h2>Dagsordenspunkt {n}: {title}</h2><p>Sagsnummer: {case}</p>",
            "<p>Det indstilles, at udvalget godkender oplægget.</p>",
            f"<h3>Beslutning i {spec.body.split(',')[0]} den {danish_date(spec.date)}</h3><p>{decision}</p>",
        ]
    parts.append("</body></html>")
    return "".join(parts)


def shape_sharepoint_text(spec: Spec) -> str:
    """A SharePoint agenda page as text: TOC with page numbers, "N Title v/ X 10.00-10.20"."""
    lines = [
        f"Dagsorden og referat – {spec.body} – {spec.date:%d-%m-%Y}",
        "",
        "Indholdsfortegnelse",
    ]
    lines += [f"{n}. {t}.........{n + 2}" for n, t, _d, _c in spec.items]
    lines += ["", "Mødedeltagere", ""]
    lines += [f"{p.name}, {p.title}, {p.organisation}" for p in spec.present]
    if spec.absent:
        names = [p.name for p in spec.absent]
        lines += ["", f"Alle var mødt undtagen {', '.join(names[:-1])} og {names[-1]}."]
    for sub, whom in spec.substitutes:
        lines += [f"{sub.name} deltog i stedet for {whom.name}."]
    for i, (n, title, decision, _case) in enumerate(spec.items):
        hour = 10 + i // 3
        slot = f"{hour}.{(i % 3) * 20:02d}-{hour}.{(i % 3) * 20 + 20:02d}"
        lines += [
            "",
            f"{n}. {title} v/ {spec.present[i % len(spec.present)].name} {slot}",
            "",
            "Baggrund:",
            "Klyngen har tidligere drøftet emnet.",
            "",
            "Konklusion:",
            decision,
        ]
    lines[0] += f" kl. {spec.start}"
    return "\n".join(lines)


def ocr_damage(text: str, rng: random.Random) -> str:
    """What OCR and 7-bit exports make of Danish letters."""
    swaps = {"ø": ["g", "@", "oe"], "æ": ["ae", "ee", "z"], "å": ["a", "aa"]}
    out = []
    for word in text.split(" "):
        if rng.random() < 0.35 and word.islower():
            for letter, options in swaps.items():
                word = word.replace(letter, rng.choice(options))
        out.append(word)
    return " ".join(out)


SHAPES = {
    "text-punkt": (shape_text_punkt, "txt"),
    "firstagenda": (shape_firstagenda_html, "html"),
    "region-print": (shape_region_print_html, "html"),
    "sharepoint": (shape_sharepoint_text, "txt"),
}


def to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def text_html(text: str) -> str:
    from html import escape

    body = "".join(f"<p>{escape(line) or '&nbsp;'}</p>" for line in text.splitlines())
    return f"<html><body style='font-family: DejaVu Sans; font-size: 11pt'>{body}</body></html>"


def scan(pdf: bytes, *, dpi: int = 200) -> bytes:
    """A PDF of page images only, as a scanner makes it, at `dpi` dots per inch."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), f"{tmp}/p"],
            check=True,
            capture_output=True,
        )
        pages = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("p*.png"))]
        out = io.BytesIO()
        pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
        return out.getvalue()


def to_docx(spec: Spec) -> bytes:
    """A Word referat: a header table, Heading items, "alle var mødt undtagen"."""
    import docx

    document = docx.Document()
    document.add_heading(f"Referat – {spec.body}", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [
            ("Dato", danish_date(spec.date)),
            ("Tidspunkt", f"kl. {spec.start}"),
            ("Sted", spec.place),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("Deltagere:")
    for p in spec.present:
        document.add_paragraph(f"{p.name}, {p.title}, {p.organisation}", style="List Bullet")
    document.add_paragraph("Afbud: " + ", ".join(p.name for p in spec.absent))
    for sub, whom in spec.substitutes:
        document.add_paragraph(f"{sub.name} deltog for {whom.name}.")
    for n, title, decision, case in spec.items:
        document.add_heading(f"{n}. {title}", level=2)
        document.add_paragraph(f"J.nr.: {case}")
        document.add_paragraph("Indstilling:")
        rec = document.add_table(rows=2, cols=1)
        rec.rows[0].cells[0].text = "at punktet drøftes"
        rec.rows[1].cells[0].text = "at sekretariatet følger op"
        document.add_paragraph("Referat:")
        document.add_paragraph(decision)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build() -> int:
    rng = random.Random(2026)
    HERE.mkdir(parents=True, exist_ok=True)
    for old in HERE.iterdir():
        old.unlink()
    count = 0

    def write(name: str, data: bytes | str, exp: dict, shape: str) -> None:
        nonlocal count
        path = HERE / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        exp = {"file": name, "shape": shape, **exp}
        path.with_suffix(path.suffix + ".expected.json").write_text(
            json.dumps(exp, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        count += 1

    n = 0
    for shape, (render, suffix) in SHAPES.items():
        for _ in range(6):
            spec = make_spec(n, rng)
            n += 1
            write(f"{spec.key}-{shape}.{suffix}", render(spec), expected(spec), shape)
    # Windows-1252 region pages, as old systems saved them.
    for _ in range(3):
        spec = make_spec(n, rng)
        n += 1
        html = shape_region_print_html(spec)
        write(
            f"{spec.key}-region-cp1252.html", html.encode("cp1252"), expected(spec), "region-cp1252"
        )
    for _ in range(5):
        spec = make_spec(n, rng)
        n += 1
        write(f"{spec.key}-word.docx", to_docx(spec), expected(spec), "docx")
    for _ in range(5):
        spec = make_spec(n, rng)
        n += 1
        write(
            f"{spec.key}-pdf.pdf", to_pdf(text_html(shape_text_punkt(spec))), expected(spec), "pdf"
        )
    for _ in range(3):
        spec = make_spec(n, rng)
        n += 1
        text = shape_sharepoint_text(spec)
        write(
            f"{spec.key}-ocr-damaged.txt", ocr_damage(text, rng), expected(spec), "ocr-damaged-text"
        )
    for _ in range(3):
        spec = make_spec(n, rng)
        n += 1
        text = shape_text_punkt(spec)
        cut = text.index(f"Punkt {spec.items[2][0]}.")
        cut = text.index("Sekretariatet har", cut) + 30
        kept = [*spec.items[:2], (spec.items[2][0], spec.items[2][1], "", "")]
        exp = expected(spec, items=kept)
        exp["items"][-1]["decision"] = None
        exp["truncated"] = True
        write(f"{spec.key}-truncated.txt", text[:cut], exp, "truncated")
    for _ in range(2):
        spec = make_spec(n, rng)
        n += 1
        spec.items = spec.items[:3]
        write(
            f"{spec.key}-scan.pdf",
            scan(to_pdf(text_html(shape_text_punkt(spec)))),
            expected(spec),
            "scanned-pdf",
        )
    return count


if __name__ == "__main__":
    print(f"{build()} documents written to {HERE}")
