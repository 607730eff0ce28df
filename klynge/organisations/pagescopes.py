"""Where a written row belongs, for the page cache (`klynge.core.pagecache`): its clusters,
found by following its foreign keys, and the people and users it names."""

import functools
from collections.abc import Iterable

from django.db.models import Model

from klynge.accounts.models import User
from klynge.organisations.models import Cluster, Person, roles_for

ALL = "all"  # klynge.core.pagecache.ALL: a row that belongs to no cluster shows anywhere


@functools.cache
def _cluster_paths(model: type[Model]) -> tuple[str, ...]:
    """The lookups from `model` to the clusters it belongs to: every chain of foreign keys
    (four steps at most) that ends at a cluster; a direct one by its column."""
    paths: list[str] = []
    queue: list[tuple[type[Model], list[str]]] = [(model, [])]
    while queue:
        current, path = queue.pop(0)
        for field in current._meta.concrete_fields:
            target = field.related_model if field.many_to_one or field.one_to_one else None
            if not isinstance(target, type) or target is current or len(path) >= 4:
                continue
            if target is Cluster:
                paths.append("__".join([*path, field.name]) if path else field.attname)
            elif issubclass(target, Model):
                queue.append((target, [*path, field.name]))
    return tuple(paths)


def scopes_of(instance: Model, *, update_fields: Iterable[str] | None = None) -> set[str]:
    if isinstance(instance, User):
        # Logging in writes last_login: it shows nowhere but on the user's own pages.
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            return {f"user:{instance.pk}"}
        return {ALL, f"user:{instance.pk}"}
    if isinstance(instance, Person):
        return {ALL, f"person:{instance.pk}"}
    if isinstance(instance, Cluster):
        return {ALL}
    model = type(instance)
    named: set[str] = set()
    for field in model._meta.concrete_fields:
        value = getattr(instance, field.attname, None) if field.is_relation else None
        if value is not None and field.related_model is Person:
            named.add(f"person:{value}")
        elif value is not None and field.related_model is User:
            named.add(f"user:{value}")
    paths = _cluster_paths(model)
    clusters = {getattr(instance, path) for path in paths if "__" not in path}
    deeper = [path for path in paths if "__" in path]
    if deeper and instance.pk is not None:
        for row in model._base_manager.filter(pk=instance.pk).values_list(*deeper):
            clusters.update(row)
    clusters.discard(None)
    if not clusters:
        return {ALL, *named}
    return {*named, *(f"cluster:{cluster}" for cluster in clusters)}


def viewer_scopes(user: User) -> set[str]:
    """A viewer's own: their roles and lists are made of rows that name them."""
    return {f"user:{user.pk}", f"person:{roles_for(user).person_id}"}
