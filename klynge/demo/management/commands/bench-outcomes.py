"""How fast the chart-heavy pages are, next to the meeting page in the same run: an
initiative report with 10 indicators (page, PDF, Word), and compiled afrapporteringer of 10
and 20 clusters as PDF, whose render time should grow linearly with the number of parts
(t(20)/t(10) <= 2.2), beside the same PDFs served again once the worker has built their
version. And the first PDF in a fresh process, cold and after the warm-up a started server
or worker does (`klynge.core.pdf.warm_up`), beside its second. Builds its own data in a
transaction it rolls back; prints figures and asserts nothing."""

import datetime
import decimal
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from klynge.accounts.models import User
from klynge.actionplans.models import ActionPlan, Initiative
from klynge.meetings import services as meeting_services
from klynge.organisations.models import Body, Cluster, Membership, Person
from klynge.outcomes import documents as outcome_documents
from klynge.outcomes.models import Indicator, Measurement
from klynge.reports import compiling
from klynge.reports import documents as report_documents
from klynge.reports.models import FIVE_QUESTIONS, Report, ReportPart

ANSWER = (
    "Klyngen arbejder med rygestop for borgere med kort uddannelse. Henvisningen fra almen "
    "praksis og hospitalet er gjort ens i alle kommuner, og effekten følges efter 3, 6 og 12 "
    "måneder.\n"
) * 3

#: A fresh process's first and second PDF of the document in argv[1], after the warm-up when
#: argv[2] is "warm": [first, second, warm-up] in seconds, as JSON.
FIRST_PDF = """
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
import django
django.setup()
from klynge.core.pdf import html_to_pdf, warm_up
source = open(sys.argv[1], encoding="utf-8").read()
warmed = warm_up() if sys.argv[2] == "warm" else 0.0
times = []
for _ in range(2):
    start = time.perf_counter()
    html_to_pdf(source, custom_metadata=True)
    times.append(time.perf_counter() - start)
print(json.dumps([*times, warmed]))
"""


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure the initiative report and compiled report PDFs against the meeting page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rounds", type=int, default=5)
        parser.add_argument(
            "--parts", type=int, nargs=2, default=[10, 20], help="The two report sizes."
        )
        parser.add_argument("--json", help="Also write the figures to this file.")
        parser.add_argument(
            "--fresh-processes",
            type=int,
            default=3,
            help="Fresh processes per kind (cold, warmed up) for the first PDF (0: skip).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        figures: dict[str, Any] = {}
        try:
            with transaction.atomic():
                figures = self._measure(
                    options["rounds"], options["parts"], options["fresh_processes"]
                )
                raise Rollback
        except Rollback:
            pass
        self._print(figures)
        if options["json"]:
            path = Path(options["json"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(figures, indent=2))

    def _measure(self, rounds: int, sizes: list[int], fresh: int) -> dict[str, Any]:
        user, meeting, initiative, reports = _world(sizes)
        # In-process, through every middleware, as any host the settings allow.
        host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        urls = {
            "meeting_page": meeting.get_absolute_url(),
            "initiative_report_page": reverse("initiative_report", args=[initiative.pk]),
            "initiative_report_pdf": reverse(
                "initiative_report_document", args=[initiative.pk, "pdf"]
            ),
            "initiative_report_docx": reverse(
                "initiative_report_document", args=[initiative.pk, "docx"]
            ),
        }
        served = {
            f"pdf_{n}_served": reverse("report_document", args=[report.pk, "pdf"])
            for n, report in reports.items()
        }
        for report in reports.values():  # the worker's part, once per version
            compiled = compiling.compiled_document(report=report, fmt="pdf")
            compiling.build_compiled_document(compiled_id=compiled.pk)
        names = [*urls, *(f"pdf_{n}" for n in sizes), *served]
        times: dict[str, list[float]] = {name: [] for name in names}
        for url in [*urls.values(), *served.values()]:  # warm up: templates, fonts
            if (status := client.get(url).status_code) != 200:
                raise CommandError(f"{url} answered {status}")
        for _round in range(rounds):  # interleaved, so all share the machine's moods
            for name, url in urls.items():
                start = time.perf_counter()
                response = client.get(url)
                times[name].append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
            for parts, report in reports.items():
                start = time.perf_counter()
                report_documents.render_pdf(report_documents.build(report))
                times[f"pdf_{parts}"].append(time.perf_counter() - start)
            for name, url in served.items():
                start = time.perf_counter()
                response = client.get(url)
                times[name].append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}, not the PDF")
        medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
        first_pdf = _first_pdf(initiative, fresh) if fresh else {}
        return {
            "backend": connection.vendor,
            "rounds": rounds,
            "median_ms": medians,
            "ratio_to_meeting_page": {
                name: medians[name] / medians["meeting_page"] for name in medians
            },
            "sizes": sizes,
            "pdf_growth": medians[f"pdf_{sizes[1]}"] / medians[f"pdf_{sizes[0]}"],
            "linear_bound": 2.2 * sizes[1] / (2 * sizes[0]),
            "first_pdf_ms": first_pdf,
        }

    def _print(self, f: dict[str, Any]) -> None:
        write = self.stderr.write
        write(f"\nOutcomes on {f['backend']}, median of {f['rounds']} rounds (one process)")
        for name, ms in f["median_ms"].items():
            ratio = f["ratio_to_meeting_page"][name]
            write(f"  {name:<24} {ms:9.1f} ms   {ratio:6.1f}x the meeting page")
        small, large = f["sizes"]
        verdict = "ok" if f["pdf_growth"] <= f["linear_bound"] else "NOT LINEAR"
        write(
            f"  compiled PDF t({large} parts)/t({small} parts): {f['pdf_growth']:.2f}"
            f" (<= {f['linear_bound']:.1f}: {verdict})"
        )
        if first := f["first_pdf_ms"]:
            write(
                f"\nThe initiative report's PDF in a fresh process, median of {first['processes']}"
                " processes each"
            )
            write(f"  first PDF, cold               {first['cold']:9.1f} ms")
            write(f"  first PDF, after the warm-up  {first['warm']:9.1f} ms")
            write(f"  second PDF                    {first['second']:9.1f} ms")
            write(f"  the warm-up itself, at start  {first['warm_up']:9.1f} ms")


def _first_pdf(initiative: Initiative, processes: int) -> dict[str, float]:
    """The first PDF in fresh processes, cold and warmed up, taken in turns."""
    with translation.override(settings.LANGUAGE_CODE):
        report = outcome_documents.build(initiative)
        source = render_to_string("outcomes/initiative_report_pdf.html", {"report": report})
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    runs: dict[str, list[tuple[float, float, float]]] = {"cold": [], "warm": []}
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8") as file:
        file.write(source)
        file.flush()
        for _round in range(processes):
            for kind, seconds in runs.items():
                output = subprocess.run(  # noqa: S603 - our own interpreter and code
                    [sys.executable, "-c", FIRST_PDF, file.name, kind],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                first, second, warmed = json.loads(output.strip().splitlines()[-1])
                seconds.append((first, second, warmed))

    def median(kind: str, index: int) -> float:
        return statistics.median(run[index] for run in runs[kind]) * 1000

    return {
        "processes": processes,
        "cold": median("cold", 0),
        "warm": median("warm", 0),
        "second": statistics.median(run[1] for run in runs["cold"] + runs["warm"]) * 1000,
        "warm_up": median("warm", 2),
    }


def _series(indicator: Indicator, n: int) -> None:
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            date=datetime.date(2018 + i // 2, 6 if i % 2 else 12, 30),
            value=decimal.Decimal(30 + 2 * i + (i % 3)),
        )
        for i in range(n)
    )


def _indicator(cluster: Cluster, n: int, **owner: Any) -> Indicator:
    indicator = Indicator.objects.create(
        cluster=cluster,
        name=f"Andel røgfri efter 6 måneder ({n})",
        dimension=["health", "quality", "cost", "equity"][n % 4],
        unit="percent",
        data_source="survey",
        baseline_value=30,
        baseline_date=datetime.date(2018, 1, 1),
        target_value=55,
        target_date=datetime.date(2027, 12, 31),
        comparison_value=37,
        comparison_label="Landsgennemsnit",
        **owner,
    )
    _series(indicator, 12)
    return indicator


def _world(sizes: list[int]) -> tuple[User, Any, Initiative, dict[int, Report]]:
    cluster = Cluster.objects.create(
        name="Benchklyngen", kind="health_cluster", region="midtjylland"
    )
    body = Body.objects.create(cluster=cluster, name="Chefforum", level="chief")
    user = User.objects.create_user("bench-outcomes@klynge.invalid", "x", name="Bench")
    person = Person.objects.create(name="Bench", user=user)
    Membership.objects.create(body=body, person=person, role=Membership.Role.SECRETARIAT)
    meeting = meeting_services.create_meeting(
        actor=user,
        body=body,
        values={
            "date": datetime.date(2026, 1, 15),
            "start_time": datetime.time(9),
            "end_time": datetime.time(12),
            "place": "Mødelokale 1",
        },
    )
    for n in range(11):  # 13 items with the standing ones, like the perf issue's meeting
        meeting_services.add_agenda_item(
            actor=user,
            meeting=meeting,
            values={"title": f"Punkt {n}", "presentation": f"<p>{ANSWER}</p>"},
        )
    plan = ActionPlan.objects.create(
        cluster=cluster,
        body=body,
        title="Handleplan",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    initiative = Initiative.objects.create(
        plan=plan,
        number=1,
        title="Rygestop",
        problem=ANSWER,
        goals=ANSWER,
        deliverables=["Forløb", "Henvisning", "Evaluering"],
    )
    for n in range(10):
        _indicator(cluster, n, initiative=initiative)
    region = Cluster.objects.create(
        name="Bench-region", kind="regional_committee", region="midtjylland"
    )
    requester = Body.objects.create(cluster=region, name="Sundhedsstyregruppen", level="steering")
    # The bench user follows the requests too, to download their compiled PDFs.
    Membership.objects.create(body=requester, person=person, role=Membership.Role.SECRETARIAT)
    reports = {}
    for parts in sizes:
        report = Report.objects.create(
            requester=requester,
            cluster=region,
            title=f"Afrapportering med {parts} klynger",
            theme="Lighed i sundhed",
            introduction=ANSWER,
            deadline=datetime.date(2026, 6, 1),
            questions=FIVE_QUESTIONS,
        )
        for n in range(parts):
            member = Cluster.objects.create(
                name=f"Klynge {parts}-{n:02d}", kind="health_cluster", region="midtjylland"
            )
            part = ReportPart.objects.create(
                report=report, cluster=member, status="submitted", answers=[ANSWER] * 5
            )
            part.indicators.set([_indicator(member, k) for k in range(2)])
        reports[parts] = report
    return user, meeting, initiative, reports
