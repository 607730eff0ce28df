from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from klynge.actionplans.access import get_initiative_for_user
from klynge.core.converters import parse_id
from klynge.meetings.access import access_for, get_item_for_user
from klynge.meetings.reads import record_closed_items_read
from klynge.search.access import visible_entries
from klynge.search.models import Kind, SearchEntry
from klynge.search.queries import FILTERS, Results, search, similar_elsewhere

FACET_TITLES = {
    "kind": _("Type"),
    "cluster": _("Klynge"),
    "body": _("Organ"),
    "year": _("År"),
    "theme": _("Tema"),
    "state": _("Indsatsens tilstand"),
}


def search_page(request: HttpRequest) -> HttpResponse:
    return _render(request, public=False)


@login_not_required
def public_search(request: HttpRequest) -> HttpResponse:
    """The public archive's own search: what the public pages show, and nothing else."""
    return _render(request, public=True)


def _render(request: HttpRequest, *, public: bool) -> HttpResponse:
    text = request.GET.get("q", "")
    filters = {name: request.GET.get(name, "") for name in FILTERS}
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    page = request.GET.get("side", "1")
    results = search(
        None if public else request.user,
        text,
        filters=filters,
        sort=sort,
        page=parse_id(page) or 1,
        public=public,
    )
    context = {
        "results": results,
        "public": public,
        "facets": _facet_links(results),
        "active": [
            (FACET_TITLES[name], _label(results, name, value), _link(results, **{name: ""}))
            for name, value in results.filters.items()
        ],
        "previous": _link(results, side=str(results.page - 1)) if results.page > 1 else "",
        "next": _link(results, side=str(results.page + 1)) if results.page < results.pages else "",
        "by_date": _link(results, sort="date"),
        "by_relevance": _link(results, sort=""),
        "suggestion": _link(results, q=results.did_you_mean) if results.did_you_mean else "",
    }
    return render(request, "search/results.html", context)


def _link(results: Results, **changes: str) -> str:
    params = {"q": results.text, **results.filters}
    if results.sort == "date":
        params["sort"] = "date"
    params.update(changes)
    if "side" not in changes:
        params.pop("side", None)
    return "?" + urlencode({k: v for k, v in params.items() if v})


def _label(results: Results, name: str, value: str) -> str:
    for facet_value, label, _count in results.facets.get(name, []):
        if facet_value == value:
            return label
    return value


def _facet_links(results: Results) -> list[tuple[str, Any, list[tuple[str, int, str, bool]]]]:
    """Each facet's values as links that set (or, when set, clear) that filter."""
    out = []
    for name, values in results.facets.items():
        active = results.filters.get(name)
        links = [
            (
                label,
                count,
                _link(results, **{name: "" if active == value else value}),
                active == value,
            )
            for value, label, count in values
        ]
        out.append((name, FACET_TITLES[name], links))
    return out


def similar(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Initiatives and decided items in other clusters like this initiative or agenda item."""
    user = request.user
    if kind == "indsats":
        initiative = get_initiative_for_user(user, pk)
        entries = SearchEntry.objects.filter(kind=Kind.INITIATIVE, object_id=pk)
        subject, back = str(initiative), initiative.get_absolute_url()
    elif kind == "punkt":
        item = get_item_for_user(user, pk)
        access = access_for(user, item.meeting)
        if item.is_closed and not access.can_see_closed_items:
            raise Http404
        record_closed_items_read(user, access, [item], door="similar")
        kinds = [Kind.ITEM, Kind.DECISION] if access.can_see_decision_of(item) else [Kind.ITEM]
        entries = SearchEntry.objects.filter(kind__in=kinds, object_id=pk)
        subject, back = item.title, item.get_absolute_url()
    else:
        raise Http404
    # As the user may know it (an initiative's state, what was asked of it).
    rows = list(entries.filter(visible_entries(user)))
    found = []
    if rows:
        text = "\n".join(r.text for r in rows)
        found = similar_elsewhere(user, rows[0].title, text, cluster_id=rows[0].cluster_id)
    context = {"similar": found, "subject": subject, "back": back, "kind": kind}
    if request.headers.get("HX-Request"):
        return render(request, "search/_similar.html", context)
    return render(request, "search/similar.html", context)
