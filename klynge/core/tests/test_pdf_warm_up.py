"""The first PDF after a start costs what any other does: gunicorn's master and the documents
worker render one small document before they serve (`klynge.core.pdf.warm_up`)."""

import runpy
from pathlib import Path
from types import SimpleNamespace

from django.core.management import call_command

from klynge.archive.management.commands import worker
from klynge.core import pdf

ROOT = Path(__file__).resolve().parents[3]


def test_warming_up_renders_a_document_and_never_stops_a_start(monkeypatch, caplog):
    rendered = []
    render = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda *a, **k: rendered.append(render(*a, **k)))
    assert pdf.warm_up() > 0
    assert rendered[0].startswith(b"%PDF")

    def broken(*args, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    pdf.warm_up()
    assert "Could not warm up the PDF renderer" in caplog.text


def test_gunicorn_warms_up_once_in_the_master_or_else_in_each_worker(monkeypatch):
    calls = []
    monkeypatch.setattr(pdf, "warm_up", lambda: calls.append(1))
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    preloaded = SimpleNamespace(cfg=SimpleNamespace(preload_app=True))
    config["when_ready"](preloaded)
    config["post_worker_init"](preloaded)
    assert len(calls) == 1
    per_worker = SimpleNamespace(cfg=SimpleNamespace(preload_app=False))
    config["when_ready"](per_worker)
    config["post_worker_init"](per_worker)
    assert len(calls) == 2


def test_the_worker_that_builds_documents_warms_up_first(monkeypatch):
    calls = []
    monkeypatch.setattr(worker, "warm_up", lambda: calls.append("warm"))
    monkeypatch.setattr(worker, "call_command", lambda *args, **kwargs: calls.append("run"))
    call_command("worker", "--queue", "documents")
    call_command("worker")  # every queue
    assert calls == ["warm", "run", "warm", "run"]
    calls.clear()
    call_command("worker", "--queue", "mail")
    call_command("worker", "--queue", "documents", "--batch")  # cron: its first task pays
    assert calls == ["run", "run"]
