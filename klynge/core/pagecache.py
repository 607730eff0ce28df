"""Pages served again from the cache while nothing they could show has changed.

A page is rendered once per viewer (user, session, CSRF cookie, language, address, date; all
anonymous visitors are one viewer) and per *generation* of the data it can show. Generations
are random tokens in their own small cache ("generation"), one per *scope*:

- `any`: replaced by every write. Pages that do not say what they show (the public pages,
  national lists) are keyed by it, as every page was before scopes.
- `cluster:<id>`: replaced by a write to a row that belongs to the cluster: a row is found
  in its cluster by following its foreign keys (an item → its meeting → its body → the
  cluster), a row between two clusters (an escalation) in both.
- `person:<id>` and `user:<id>`: replaced by a write to a row that names the person or user
  (a membership, an afbud): what the viewer's own roles and lists are made of.
- `all`: replaced by a write that belongs to no cluster (a person's name, an organisation) or
  whose rows nobody named (below).
- named scopes for tables that only some pages show (`tasks`: the worker's results).

A page that says which clusters it shows (`cached_per_viewer(clusters=...)`) is keyed by
those clusters, `all`, and the viewer's own person and user: an afbud in another region
leaves it in the cache.

How writes are seen: a wrapper on every database connection sees every INSERT, UPDATE and
DELETE (the ORM's, querysets' `update()`, bulk writes and raw SQL alike); the model signals
(save, delete, many-to-many) and the audit log (`wrote`, called by `audit.record` after a
service's guarded `update()`) name the rows. Within a request (`UnitOfWorkMiddleware`) the
scopes are replaced when the request ends: a table written in it whose rows no signal or
audit record named replaces `all`, so a write nobody named still reaches every page. A
service that writes rows of several clusters to one table in one request names each of them
(or none). Outside a request, a write replaces `all` at once. Every replacement happens
after the transaction commits (and at once), so a page rendered from the old data meanwhile
is never stored under the new tokens: a page's key is made from the tokens read before it
is rendered. Writes that only record that someone looked (the audit log, sessions, login
attempts, the cache tables) replace nothing.

What a view does besides rendering, and must do on every request, is registered with
`replay_on_hit` while the page is rendered (the audit log of reads does): a cached page
replays it.

Time passes without writes: a cached page lives `PAGE_CACHE_SECONDS` at most, and the date
is part of its key ("today's meetings").
"""

import contextvars
import functools
import hashlib
import importlib
import importlib.metadata
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "klynge:data-generation"  # the prefix of every scope's token
ANY, ALL = "any", "all"
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
#: Tables that only some pages show, by the scope they replace instead of `all`. Apps add
#: theirs when they load (the search index: its rows follow the rows they index).
TABLE_SCOPES: dict[str, str] = {
    "django_tasks_db_dbtaskresult": "tasks",
    "django_tasks_db_dbworkerprocess": "tasks",
}
#: Says whether a cacheable page came from the cache (hit) or was rendered (miss): for the
#: benchmark's hit rate and for whoever wonders why a page looks old.
CACHE_HEADER = "X-Klynge-Cache"
# What a view says about its response itself; the middleware adds the rest on every request.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
_WRITE = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)"
    r"|^\s*(?:CREATE|ALTER|DROP|TRUNCATE)\b",
    re.IGNORECASE,
)

_INSERT = re.compile(r"^\s*(?:INSERT|REPLACE)\b", re.IGNORECASE)

_replays: contextvars.ContextVar[list[tuple[Callable[..., Any], dict[str, Any]]] | None] = (
    contextvars.ContextVar("page_cache_replays", default=None)
)


def _token_key(scope: str) -> str:
    return GENERATION_KEY if scope == ANY else f"{GENERATION_KEY}:{scope}"


def tokens(scopes: Iterable[str]) -> list[str] | None:
    """The scopes' current tokens (made where missing), or None when their store cannot be
    read: then no page is served from the cache."""
    store = caches["generation"]
    keys = [_token_key(scope) for scope in scopes]
    try:
        with _savepoint(store):
            found = store.get_many(keys)
            missing = [key for key in keys if key not in found]
            if missing:
                for key in missing:  # add: two processes making one agree on it
                    store.add(key, uuid.uuid4().hex, timeout=None)
                found.update(store.get_many(missing))
    except (DatabaseError, OSError):
        logger.warning("The page cache's generation cannot be read", exc_info=True)
        return None
    if len(found) < len(keys):
        return None
    return [str(found[key]) for key in keys]


def generation() -> str | None:
    """The token every write replaces."""
    found = tokens([ANY])
    return None if found is None else found[0]


_failed_to_bump: list[bool] = []  # [True] once warned: once per process


def bump(scopes: Iterable[str]) -> None:
    """Replace the scopes' tokens (and `any`'s): their cached pages are rendered anew."""
    store = caches["generation"]
    fresh = {_token_key(scope): uuid.uuid4().hex for scope in {ANY, *scopes}}
    try:
        with _savepoint(store):
            store.set_many(fresh, timeout=None)
    except (DatabaseError, OSError) as error:
        # Its table does not exist yet while `migrate` and `createcachetable` run on a new
        # database; a store that cannot be written cannot be read either (`tokens`).
        if not _failed_to_bump:
            logger.warning(
                "The page cache's generation cannot be replaced (expected on a new database "
                "until `klynge createcachetable` has run): %s",
                error,
            )
            _failed_to_bump.append(True)


def bump_generation() -> None:
    """Every page is rendered anew (a restore, a write that names no rows)."""
    bump([ALL])


class _BumpOnCommit:
    """The scopes a transaction wrote, replaced again when it commits (once)."""

    def __init__(self) -> None:
        self.scopes: set[str] = set()

    def __call__(self) -> None:
        bump(self.scopes)


def _bump_after_commit(scopes: set[str], connection: BaseDatabaseWrapper) -> None:
    bump(scopes)
    if connection.in_atomic_block:
        pending = next(
            (e[1] for e in connection.run_on_commit if isinstance(e[1], _BumpOnCommit)), None
        )
        if pending is None:
            pending = _BumpOnCommit()
            transaction.on_commit(pending, using=connection.alias)
        pending.scopes |= scopes


def _savepoint(store: BaseCache) -> AbstractContextManager[Any]:
    """A database cache's failing statement must not abort the transaction it runs in (on
    PostgreSQL every later statement would fail)."""
    if isinstance(store, DatabaseCache):
        return transaction.atomic(using=router.db_for_write(store.cache_model_class))
    return nullcontext()


class _Unit:
    """What one request wrote: the tables, the scopes its named rows belong to, and the
    tables whose rows were named."""

    def __init__(self) -> None:
        self.tables: set[str] = set()
        self.named: set[str] = set()
        self.scopes: set[str] = set()

    def scopes_to_bump(self) -> set[str]:
        return {*self.scopes, ALL} if self.tables - self.named else set(self.scopes)


_unit: contextvars.ContextVar[_Unit | None] = contextvars.ContextVar(
    "page_cache_unit", default=None
)


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Writes within are replaced by scope when the block ends (see the module)."""
    if _unit.get() is not None:
        yield
        return
    unit = _Unit()
    token = _unit.set(unit)
    try:
        yield
    finally:
        _unit.reset(token)
        scopes = unit.scopes_to_bump()
        if scopes:
            _bump_after_commit(scopes, connections[DEFAULT_DB_ALIAS])


class UnitOfWorkMiddleware:
    """First in the chain: a request's writes are one unit of work."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with unit_of_work():
            return self.get_response(request)


def changes_data(sql: str) -> bool:
    return _written_table(sql) is not False


def _written_table(sql: str) -> str | bool | None:
    """The table a statement writes, None for a change of the schema, False for none."""
    match = _WRITE.match(sql)
    if match is None:
        return False
    table = match.group(1)
    if table is None:
        return None
    table = table.lower()
    return False if table in UNTRACKED_TABLES else table


def _watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    table = _written_table(sql)
    # An UPDATE or DELETE that matched no row changed nothing (DDL reports -1). An INSERT
    # counts whatever the count says: SQLite reports 0 for `INSERT … RETURNING` until its
    # rows are fetched.
    if table is False or (context["cursor"].rowcount == 0 and not _INSERT.match(sql)):
        return result
    connection: BaseDatabaseWrapper = context["connection"]
    unit = _unit.get()
    if isinstance(table, str) and table in TABLE_SCOPES:
        _bump_after_commit({TABLE_SCOPES[table]}, connection)
    elif unit is not None and isinstance(table, str):
        unit.tables.add(table)
    else:
        _bump_after_commit({ALL}, connection)
    return result


def watch_writes(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Connected to `connection_created`: every connection of every process reports writes."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


# Which rows a write names, and the scopes they belong to -------------------------------------


@functools.cache
def _rules() -> Any:
    """Where rows belong (`scopes_of(instance, *, update_fields)`) and what a viewer's own
    scopes are (`viewer_scopes(user)`): the domain's, named by `PAGE_CACHE_SCOPES`."""
    return importlib.import_module(settings.PAGE_CACHE_SCOPES)


def scopes_of(instance: Model, *, update_fields: Iterable[str] | None = None) -> set[str]:
    """The scopes a write of `instance` replaces (see the module)."""
    table = instance._meta.db_table
    if table in UNTRACKED_TABLES:
        return set()
    if table in TABLE_SCOPES:
        return {TABLE_SCOPES[table]}
    return set(_rules().scopes_of(instance, update_fields=update_fields))


def wrote(instance: Model, *, tables: Iterable[str] = (), scopes: set[str] | None = None) -> None:
    """`instance` was written (saved, deleted, changed by a service's `update()`): replace
    its scopes, and count its table as named in the request's unit of work."""
    if scopes is None:
        scopes = scopes_of(instance)
    if not scopes:
        return
    named = {instance._meta.db_table, *(p._meta.db_table for p in instance._meta.get_parent_list())}
    unit = _unit.get()
    if unit is not None:
        unit.named |= named | set(tables)
        unit.scopes |= scopes
    else:
        _bump_after_commit(scopes, connections[router.db_for_write(type(instance))])


def _saved(sender: Any, instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        wrote(instance, scopes=scopes_of(instance, update_fields=kwargs.get("update_fields")))


def _deleting(sender: Any, instance: Model, **kwargs: Any) -> None:
    wrote(instance)  # before the delete: the rows to its cluster are still there


def _m2m_changed(sender: Any, instance: Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        wrote(instance, tables=[sender._meta.db_table])


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_save, pre_delete

    post_save.connect(_saved, dispatch_uid="klynge-pagecache-saved")
    pre_delete.connect(_deleting, dispatch_uid="klynge-pagecache-deleting")
    m2m_changed.connect(_m2m_changed, dispatch_uid="klynge-pagecache-m2m")


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


#: What a page says it shows: the clusters (ids) and named scopes, or None for anything.
Shows = Callable[..., Iterable[int | str] | None]


def cluster_of(model: type[Model], lookup: str) -> Shows:
    """`shows` for the page of one object (`pk` in its address): the cluster `lookup` finds
    from it (`"body__cluster_id"`)."""

    def shows(request: HttpRequest, pk: int, **kwargs: Any) -> list[int]:
        return list(model._default_manager.filter(pk=pk).values_list(lookup, flat=True))

    return shows


def _key(request: HttpRequest, scopes: list[str] | None = None) -> str | None:
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
    current = tokens(scopes or [ANY])
    if current is None:
        return None
    parts = [
        request.get_full_path(),
        *viewer,
        get_language() or "",
        timezone.localdate().isoformat(),
        _release(),
        *current,
    ]
    return "klynge:page:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _scopes(request: HttpRequest, shows: Shows | None, *args: Any, **kwargs: Any) -> list[str]:
    """The scopes a page is keyed by: what it says it shows, with `all` and the viewer's own
    person and user; `any` when it does not say."""
    shown = shows(request, *args, **kwargs) if shows is not None else None
    user = getattr(request, "user", None)
    if shown is None or user is None or not user.is_authenticated:
        return [ANY]
    scopes = {ALL, *_rules().viewer_scopes(user)}
    scopes.update(s if isinstance(s, str) else f"cluster:{s}" for s in shown)
    return sorted(scopes)


def cached_per_viewer(
    view: Callable[..., HttpResponse] | None = None, *, shows: Shows | None = None
) -> Any:
    """Serve the view's page from the cache while no data it shows has changed (see the
    module). `shows(request, *args, **kwargs)` names the clusters the page shows (ids; with
    named scopes such as "tasks"), or None for a page that shows any cluster."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            key = None
            if settings.PAGE_CACHE_SECONDS:
                key = _key(request, _scopes(request, shows, *args, **kwargs))
            if key is None:
                return view(request, *args, **kwargs)
            store = caches["default"]
            hit = store.get(key)
            if hit is not None:
                content, headers, calls = hit
                for func, call_kwargs in calls:
                    func(actor=request.user, **call_kwargs)
                return HttpResponse(content, headers={**headers, CACHE_HEADER: "hit"})
            with _collecting_replays() as calls:
                response = view(request, *args, **kwargs)
            response[CACHE_HEADER] = "miss"
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                # An anonymous page holding a CSRF token would hand one visitor's token to all.
                and (
                    request.user.is_authenticated
                    or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                )
            ):
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                store.set(key, (response.content, headers, calls), settings.PAGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorator(view) if view is not None else decorator
