"""Where a written row belongs, for the page cache (`klynge.core.pagecache`): its clusters,
found by following its foreign keys, and the people and users it names."""

import functools
from collections.abc import Iterable

from django.db.models import Model, Q

from klynge.accounts.models import User
from klynge.organisations.models import Body, CarryOver, Cluster, Person, roles_for

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


def carried_over_with(clusters: set[int]) -> set[int]:
    """The clusters and those a carry-over joined them to: a carried-over initiative's page
    in the council shows its cases decided in the old cluster's meetings, and those meetings
    show its title."""
    if not clusters or not CarryOver.objects.exists():
        return clusters
    pairs = CarryOver.objects.filter(
        Q(cluster__in=clusters) | Q(council__in=clusters), undone_at__isnull=True
    ).values_list("cluster_id", "council_id")
    return clusters.union(*pairs)


def scopes_of(instance: Model, *, update_fields: Iterable[str] | None = None) -> set[str]:
    if isinstance(instance, User):
        # Logging in writes last_login: it shows nowhere but on the user's own pages.
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            return {f"user:{instance.pk}"}
        return {ALL, f"user:{instance.pk}"}
    if isinstance(instance, Person):
        return {ALL, f"person:{instance.pk}"}
    # A body's or a cluster's name shows on other clusters' pages (a recommendation sent to
    # it, an invitation from it).
    if isinstance(instance, Cluster | Body):
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
    if not paths and named and all(scope.startswith("user:") for scope in named):
        return named  # a user's own row (a two-factor device, an API token)
    clusters = {getattr(instance, path) for path in paths if "__" not in path}
    deeper = [path for path in paths if "__" in path]
    if deeper and instance.pk is not None:
        for row in model._base_manager.filter(pk=instance.pk).values_list(*deeper):
            clusters.update(row)
    clusters.discard(None)
    if not clusters:
        return {ALL, *named}
    return {*named, *(f"cluster:{cluster}" for cluster in carried_over_with(clusters))}


def viewer_scopes(user: User) -> set[str]:
    """A viewer's own: their roles and lists are made of rows that name them."""
    return {f"user:{user.pk}", f"person:{roles_for(user).person_id}"}
