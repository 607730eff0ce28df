from ninja import Router, Schema

from klynge.accounts.http import AuthedRequest
from klynge.core.schema import responses
from klynge.search.queries import search

router = Router(tags=["search"])


class HitOut(Schema):
    kind: str
    id: int
    title: str
    url: str
    cluster: str | None
    body: str | None
    meeting_date: str | None
    snippet: str
    score: float


class SearchOut(Schema):
    query: str
    total: int
    more: bool
    page: int
    pages: int
    message: str
    did_you_mean: str
    results: list[HitOut]


@router.get("/search", response=responses(SearchOut))
def search_api(
    request: AuthedRequest,
    q: str = "",
    page: int = 1,
    per_page: int = 20,
    sort: str = "relevance",
    kind: str = "",
    cluster: str = "",
    body: str = "",
    year: str = "",
    theme: str = "",
    state: str = "",
) -> SearchOut:
    """Everything the token's user may see that matches `q`, best first (or newest first with
    `sort=date`), `per_page` (1-100) at a time; the filters are the search page's facets.
    At most the best 1,000 are read: `more` says there were more (`total` is then 1,000).
    A query that matches more than 2,000 rows the user may see is ranked among the newest
    2,000 of them (as the search page says)."""
    results = search(
        request.user,
        q,
        filters={
            "kind": kind,
            "cluster": cluster,
            "body": body,
            "year": year,
            "theme": theme,
            "state": state,
        },
        sort="date" if sort == "date" else "relevance",
        page=max(1, min(page, 10_000)),
        per_page=max(1, min(per_page, 100)),
        facets=False,
    )
    return SearchOut(
        query=q,
        total=results.total,
        more=results.more,
        page=results.page,
        pages=results.pages,
        message=results.message,
        did_you_mean=results.did_you_mean,
        results=[HitOut(**hit.as_json()) for hit in results.hits],
    )
