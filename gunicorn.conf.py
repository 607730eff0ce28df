"""gunicorn's settings for Klynge, read from the folder gunicorn starts in (`uv run gunicorn
klynge.wsgi …` in the project's folder); options on the command line win.

Klynge is loaded once in the master, which warms up before it forks the workers: every
worker starts with the views imported and WeasyPrint's fonts found, so the first PDF after
a start costs about what any other does (the benchmark's minutes PDF, 2 workers: first
after a start 4.3 s → 0.9 s, later ones 0.3–0.7 s), and the workers share that memory.
Warming each worker instead (`--preload` off: `post_worker_init`) helps the first PDF as
much, but the two workers warm up at once and answer ~3 s later after a start.
"""

from typing import Any

preload_app = True


def when_ready(server: Any) -> None:
    if server.cfg.preload_app:
        _warm_up()


def post_worker_init(worker: Any) -> None:
    if not worker.cfg.preload_app:
        _warm_up()


def _warm_up() -> None:
    from django.apps import apps
    from django.db import connections
    from django.urls import reverse

    from klynge.core.pdf import warm_up

    # Once here rather than in each worker's first request: the URLconf (it imports every
    # view) and its reverse map, the models' field maps (the ORM's first look-ups walk every
    # model), and WeasyPrint's start.
    reverse("healthz")
    for model in apps.get_models():
        model._meta.get_fields()
    warm_up()
    # Nothing above should touch the database; a connection opened in the master anyway must
    # not be shared by the forked workers.
    connections.close_all()
