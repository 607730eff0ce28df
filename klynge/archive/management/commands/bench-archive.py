"""How well and how fast the archive reads: per-field precision, recall and F1 on the corpus, the
seeds and the real minutes of ../shared/corpus-real (its development part, its set-aside part and
its original-format files, side by side); PDF pages per second against bare text extraction
of the same file in the same run; peak memory on a 500-page PDF; OCR pages per second. Prints
figures; asserts nothing."""

import io
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from klynge.archive.corpus.evaluate import (
    FIELDS,
    Score,
    evaluate,
    evaluate_seeds,
    seeds_present,
)
from klynge.archive.corpus.real import REAL_CORPUS, PartFigures, evaluate_real, present
from klynge.archive.reading import read_document
from klynge.archive.reading.extract import ocr_available

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEEDS = Path(__file__).resolve().parents[5] / "shared" / "seeds"

#: Run in a fresh interpreter, so its peak resident memory is that of one reading only. Linux
#: keeps getrusage's maxrss across exec (it would report the parent's peak); VmHWM is the new
#: process's own.
MEMORY_PROBE = """
import json, re, sys
from klynge.archive.reading import read_document
def peak():
    status = open("/proc/self/status").read()
    return int(re.search(r"VmHWM:\\s+(\\d+)", status)[1]) / 1024
data = open(sys.argv[1], "rb").read()
before = peak()
reading = read_document(data, "stor.pdf")
print(json.dumps({"before_mb": before, "peak_mb": peak(), "pages": reading.pages,
                  "size_mb": len(data) / 2**20, "error": reading.error}))
"""


def big_pdf(pages: int) -> bytes:
    """Minutes of `pages` pages, every page its own text (as a long meeting with many items
    laid out by WeasyPrint, three pages to an item), cut to exactly `pages`."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    items = "".join(
        f"<h2 style='break-before: page'>Punkt {n}. Opfølgning på indsats nummer {n}</h2>"
        f"<p>Sagsnr.: 1-30-72-{n}-19</p><h3>Sagsfremstilling</h3>"
        + f"<p>Klyngen har drøftet status for indsats {n}, og arbejdsgruppen har beskrevet de "
        "næste skridt for borgerne i målgruppen sammen med kommunerne og almen praksis.</p>"
        * 25
        + "<h3>Beslutning</h3><p>Taget til efterretning.</p>"
        for n in range(1, pages // 3 + 2)
    )
    html = "<h1>Referat</h1><p>Styregruppen for Sundhedsklynge Nord, 12. marts 2019</p>" + items
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(HTML(string=html).write_pdf())))
    while len(writer.pages) > pages:
        writer.remove_page(len(writer.pages) - 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bare_extraction(data: bytes) -> int:
    """Text of every page with pypdfium2 and nothing else: the yardstick."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    chars = 0
    for page in pdf:
        textpage = page.get_textpage()
        chars += len(textpage.get_text_range())
        textpage.close()
        page.close()
    pdf.close()
    return chars


class Command(BaseCommand):
    help = "Measure the archive's reader: F1 per field, pages per second, memory, OCR speed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seeds", default=str(SEEDS), help="Folder of the seed documents.")
        parser.add_argument("--pages", type=int, default=500, help="Pages in the large PDF.")
        parser.add_argument("--rounds", type=int, default=3, help="Timing rounds (best is kept).")
        parser.add_argument("--skip-ocr", action="store_true", help="Leave the scans out.")
        parser.add_argument(
            "--real", default=str(REAL_CORPUS), help="Folder of corpus-real (expected.json)."
        )
        parser.add_argument(
            "--misses", action="store_true", help="Print what was missed in the development part."
        )
        parser.add_argument(
            "--quality-only", action="store_true", help="Only the F1 figures: no speed, memory."
        )
        parser.add_argument(
            "--json",
            nargs="?",
            const="-",
            metavar="FILE",
            help="Write the figures as JSON to FILE (standard output without FILE).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        figures: dict[str, Any] = {}
        scores, _misses = evaluate(CORPUS / "files", skip_ocr=options["skip_ocr"])
        figures["corpus"] = self._scores("Corpus (klynge/archive/corpus/files)", scores)
        seeds = Path(options["seeds"])
        if seeds_present(seeds):
            scores, misses = evaluate_seeds(seeds)
            figures["seeds"] = self._scores(f"Seeds ({seeds})", scores)
            for miss in misses:
                self.stderr.write(f"  seed miss: {miss}")
        else:
            self.stderr.write(f"No seeds at {seeds}; skipped.")
        real = Path(options["real"])
        if present(real):
            parts = evaluate_real(real, scans=not options["skip_ocr"])
            figures["real"] = self._real(figures["corpus"], parts)
            if options["misses"]:
                for miss in parts["development"].misses + parts.get("files", PartFigures()).misses:
                    self.stderr.write(f"  real miss: {miss}")
        else:
            self.stderr.write(f"No corpus-real at {real}; skipped.")
        if not options["quality_only"]:
            data = big_pdf(options["pages"])
            figures["throughput"] = self._throughput(data, options["rounds"])
            figures["memory"] = self._memory(data)
            if not options["skip_ocr"]:
                figures["ocr"] = self._ocr()
        if options["json"] == "-":
            self.stdout.write(json.dumps(figures, indent=2))
        elif options["json"]:
            Path(options["json"]).write_text(json.dumps(figures, indent=2), encoding="utf-8")

    def _real(self, own: dict[str, Any], parts: dict[str, PartFigures]) -> dict[str, Any]:
        """Own corpus and corpus-real's parts side by side: P/R/F1 per field, then counts."""
        out = {name: part.as_json() for name, part in parts.items()}
        columns = {"own corpus": own, **{name.replace("_", "-"): out[name] for name in out}}
        self.stderr.write(f"\nReal minutes ({', '.join(columns)}): precision/recall/F1")
        self.stderr.write(f"  {'field':<14}" + "".join(f"{name:>20}" for name in columns))
        for name in FIELDS:
            row = "".join(
                f"{c[name]['precision']:>8.2f}/{c[name]['recall']:.2f}/{c[name]['f1']:.2f}"
                for c in columns.values()
            )
            self.stderr.write(f"  {name:<14}{row}")
        counts = (
            ("documents", "documents"),
            ("refused", "refused (no items, error)"),
            ("items_found", "items found"),
            ("items_expected", "items expected"),
            ("items_listed_only", "listed only (cut off)"),
            ("items_listed_in_notes", "  of them in notes"),
            ("date_right_rate", "date right"),
            ("body_right_rate", "body right"),
            ("furniture_documents", "docs w/ furniture"),
        )
        parts_only = list(out.values())
        self.stderr.write(f"  {'':<14}{'':>20}" + "".join(f"{n:>20}" for n in list(columns)[1:]))
        for key, label in counts:
            cells = "".join(
                f"{p[key]:>20.2f}" if isinstance(p[key], float) else f"{p[key]:>20}"
                for p in parts_only
            )
            self.stderr.write(f"  {label:<34}{cells}")
        return out

    def _scores(self, title: str, scores: dict[str, Score]) -> dict[str, Any]:
        self.stderr.write(f"\n{title}")
        self.stderr.write(f"  {'field':<14}{'precision':>10}{'recall':>10}{'F1':>8}")
        out = {}
        for name in FIELDS:
            s = scores[name]
            self.stderr.write(f"  {name:<14}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}")
            out[name] = {"precision": s.precision, "recall": s.recall, "f1": s.f1}
        return out

    def _throughput(self, data: bytes, rounds: int) -> dict[str, float]:
        bare, ours = [], []
        for _round in range(rounds):  # interleaved, so both see the same machine
            start = time.perf_counter()
            bare_extraction(data)
            bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            reading = read_document(data, "stor.pdf")
            ours.append(time.perf_counter() - start)
        pages = reading.pages
        bare_rate, our_rate = pages / min(bare), pages / min(ours)
        self.stderr.write(f"\nThroughput on a {pages}-page PDF (best of {rounds})")
        self.stderr.write(f"  bare pypdfium2 text extraction: {bare_rate:8.1f} pages/s")
        self.stderr.write(f"  read_document (text, repair, parse): {our_rate:8.1f} pages/s")
        self.stderr.write(f"  ratio: {our_rate / bare_rate:.2f}x (target >= 0.5x)")
        return {
            "bare_pages_per_s": bare_rate,
            "pages_per_s": our_rate,
            "ratio": our_rate / bare_rate,
        }

    def _memory(self, data: bytes) -> dict[str, Any]:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(data)
            handle.flush()
            done = subprocess.run(  # noqa: S603 - our own interpreter and probe
                [sys.executable, "-c", MEMORY_PROBE, handle.name],
                capture_output=True,
                text=True,
                check=True,
            )
        result = json.loads(done.stdout)
        self.stderr.write(
            f"\nPeak memory reading a {result['pages']}-page PDF ({result['size_mb']:.1f} MB)"
        )
        self.stderr.write(
            f"  process peak {result['peak_mb']:.0f} MB (interpreter and libraries "
            f"{result['before_mb']:.0f} MB; target < 300 MB)"
        )
        return result

    def _ocr(self) -> dict[str, float]:
        if not ocr_available():
            self.stderr.write("\nOCR: tesseract with Danish is not installed; skipped.")
            return {}
        pages = 0
        start = time.perf_counter()
        for path in sorted((CORPUS / "files").glob("*-scan.pdf")):
            pages += read_document(path.read_bytes(), path.name).ocr_pages
        rate = pages / (time.perf_counter() - start)
        self.stderr.write(f"\nOCR: {pages} scanned pages at {rate:.2f} pages/s")
        return {"pages": pages, "pages_per_s": rate}
