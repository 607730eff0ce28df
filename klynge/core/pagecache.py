"""Pages served again from the cache while nothing they could show has changed.

A page is rendered once per viewer (user, session, CSRF cookie, language, address, date; all
anonymous visitors are one viewer) and *data generation*. The generation is a random token
in its own small cache ("generation"), replaced after every statement that writes to the
database, by any process: a wrapper on every database connection sees the INSERT, UPDATE and
DELETE statements (the ORM's, querysets' `update()`, bulk writes and raw SQL alike), and
replaces the token again when the transaction commits, so a page rendered from the old data
meanwhile is never stored under the new token. Writes that only record that someone looked
(the audit log, sessions, login attempts, the cache tables) leave it alone.

What a view does besides rendering, and must do on every request, is registered with
`replay_on_hit` while the page is rendered (the audit log of reads does): a cached page
replays it.

Time passes without writes: a cached page lives `PAGE_CACHE_SECONDS` at most, and the date
is part of its key ("today's meetings").
"""

import contextvars
import functools
import hashlib
import importlib.metadata
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "klynge:data-generation"
# Tables written while people only read; writing them changes no page.
UNTRACKED_TABLES = frozenset(
    {
        "audit_auditevent",
        "audit_auditsubject",
        "django_session",
        "klynge_cache",
        "klynge_cache_generation",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
    }
)
# What a view says about its response itself; the middleware adds the rest on every request.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
_WRITE = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)"
    r"|^\s*(?:CREATE|ALTER|DROP|TRUNCATE)\b",
    re.IGNORECASE,
)

_replays: contextvars.ContextVar[list[tuple[Callable[..., Any], dict[str, Any]]] | None] = (
    contextvars.ContextVar("page_cache_replays", default=None)
)


def generation() -> str | None:
    """The current token, or None when its store cannot be read: then no page is served
    from the cache."""
    store = caches["generation"]
    try:
        with _savepoint(store):
            token = store.get(GENERATION_KEY)
            if token is None:
                store.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
                token = store.get(GENERATION_KEY)
    except (DatabaseError, OSError):
        logger.warning("The page cache's generation cannot be read", exc_info=True)
        return None
    return None if token is None else str(token)


_failed_to_bump: list[bool] = []  # [True] once warned: once per process


def bump_generation() -> None:
    store = caches["generation"]
    try:
        with _savepoint(store):
            store.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except (DatabaseError, OSError) as error:
        # Its table does not exist yet while `migrate` and `createcachetable` run on a new
        # database; a store that cannot be written cannot be read either (`generation`).
        if not _failed_to_bump:
            logger.warning(
                "The page cache's generation cannot be replaced (expected on a new database "
                "until `klynge createcachetable` has run): %s",
                error,
            )
            _failed_to_bump.append(True)


def _savepoint(store: BaseCache) -> AbstractContextManager[Any]:
    """A database cache's failing statement must not abort the transaction it runs in (on
    PostgreSQL every later statement would fail)."""
    if isinstance(store, DatabaseCache):
        return transaction.atomic(using=router.db_for_write(store.cache_model_class))
    return nullcontext()


def changes_data(sql: str) -> bool:
    match = _WRITE.match(sql)
    if match is None:
        return False
    table = match.group(1)
    return table is None or table.lower() not in UNTRACKED_TABLES


def _watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    # An UPDATE or DELETE that matched no row changed nothing (DDL reports -1).
    if changes_data(sql) and context["cursor"].rowcount != 0:
        bump_generation()
        connection: BaseDatabaseWrapper = context["connection"]
        if connection.in_atomic_block and not any(
            entry[1] is bump_generation for entry in connection.run_on_commit
        ):
            transaction.on_commit(bump_generation, using=connection.alias)
    return result


def watch_writes(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Connected to `connection_created`: every connection of every process reports writes."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def replay_on_hit(func: Callable[..., Any], **kwargs: Any) -> None:
    """While a cached page is rendered: call `func(actor=viewer, **kwargs)` whenever it is
    served from the cache. `func` is stored by name, `kwargs` must pickle."""
    calls = _replays.get()
    if calls is not None:
        calls.append((func, kwargs))


@contextmanager
def _collecting_replays() -> Iterator[list[tuple[Callable[..., Any], dict[str, Any]]]]:
    calls: list[tuple[Callable[..., Any], dict[str, Any]]] = []
    token = _replays.set(calls)
    try:
        yield calls
    finally:
        _replays.reset(token)


@functools.cache
def _release() -> str:
    """Pages of an earlier release are not served after a deploy: its templates and the
    hashed names of its static files differ. The collected files' manifest says which."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    content = manifest.read_bytes() if manifest.exists() else b""
    return hashlib.sha256(content).hexdigest()[:16] + importlib.metadata.version("klynge")


def _key(request: HttpRequest) -> str | None:
    """The viewer's key for this page, or None when it must not come from the cache.

    A logged-in viewer's page carries their CSRF token, made from their CSRF cookie: no
    cookie, no cached page. An anonymous visitor's page carries none (a page that asks for a
    token is not stored, see `cached_per_viewer`), so all visitors share it."""
    user = getattr(request, "user", None)
    if (
        not settings.PAGE_CACHE_SECONDS
        or request.method not in ("GET", "HEAD")
        or user is None
        or request.headers.get("HX-Request")
        or len(get_messages(request))  # counted, not consumed
    ):
        return None
    if user.is_authenticated:
        csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        if not csrf:
            return None
        viewer = [str(user.pk), request.session.session_key or "", csrf]
    else:
        viewer = ["anonymous"]
    current = generation()
    if current is None:
        return None
    parts = [
        request.get_full_path(),
        *viewer,
        get_language() or "",
        timezone.localdate().isoformat(),
        _release(),
        current,
    ]
    return "klynge:page:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()


def cached_per_viewer(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page from the cache while no data has changed (see the module)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        store = caches["default"]
        hit = store.get(key)
        if hit is not None:
            content, headers, calls = hit
            for func, call_kwargs in calls:
                func(actor=request.user, **call_kwargs)
            return HttpResponse(content, headers=headers)
        with _collecting_replays() as calls:
            response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # An anonymous page holding a CSRF token would hand one visitor's token to all.
            and (request.user.is_authenticated or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        ):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            store.set(key, (response.content, headers, calls), settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
