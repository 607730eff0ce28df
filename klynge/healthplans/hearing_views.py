"""The hearing (høring) of a nærsundhedsplan: the secretariat's pages (start, parties and
answers, the høringsnotat) and the party's personal link, which needs no login.

The link is `/hoering/#<token>` (`links.issue_link`): the token is after the #, which the
browser never sends, and travels in POST bodies only (the page's script posts it, the
answer form carries it on), so no address holds it: not an access log, not Django's log of
a 4xx answer (a CSRF failure, a 429), not the audit log's `path` (`access.refused`, the
answer's own row), not a Referer. Besides:
- the pages are never cached (`never_cache`; they are not the page cache's views either),
  and no Referer leaves the site from them (`Referrer-Policy: same-origin`);
- an unknown token is a 404 (its address is `/hoering/`); wrong tokens are counted per
  address, and past `API_RATE_PER_MINUTE` a minute (the API's limit for wrong tokens)
  every link from that address is refused (429) for that minute;
- links mailed with the token in the address (`/hoering/<token>/`) get a page saying so,
  and the token in them is not read.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.core.exceptions import ServiceError
from klynge.core.http import client_ip, download, form_status
from klynge.healthplans import documents, services
from klynge.healthplans.access import get_hearing_for_user, get_plan_for_user
from klynge.healthplans.forms import (
    AddHearingPartyForm,
    AssessHearingAnswerForm,
    HearingAnswerForm,
    HearingForm,
    HearingPartyFormSet,
    NotatAgendaForm,
    RecordHearingAnswerForm,
    ResendLinkForm,
)
from klynge.healthplans.links import party_for_token
from klynge.healthplans.models import (
    HealthPlan,
    Hearing,
    HearingAnswer,
    HearingParty,
    PlanStatus,
)
from klynge.organisations.models import Organisation


def _party_for_user(request: AuthedRequest, pk: int) -> HearingParty:
    party = get_object_or_404(HearingParty.objects.only("pk", "hearing_id"), pk=pk)
    hearing = get_hearing_for_user(request.user, party.hearing_id, write=True)
    party = HearingParty.objects.select_related("answer").get(pk=pk)
    party.hearing = hearing
    return party


def _answer_for_user(request: AuthedRequest, pk: int, *, write: bool = False) -> HearingAnswer:
    answer = get_object_or_404(HearingAnswer.objects.select_related("party", "section"), pk=pk)
    answer.party.hearing = get_hearing_for_user(request.user, answer.party.hearing_id, write=write)
    return answer


# Starting a hearing --------------------------------------------------------------------------


def _party_rows(plan: HealthPlan) -> list[dict[str, Any]]:
    """The council's organisations as the first rows, with the address each was heard at
    last time (in any of the council's hearings); free rows follow (the formset's extra)."""
    known = {}
    for party in (
        HearingParty.objects.filter(hearing__plan__cluster_id=plan.cluster_id)
        .exclude(organisation=None)
        .order_by("hearing__created_at", "pk")
    ):
        known[party.organisation_id] = party.email
    return [
        {
            "include": True,
            "name": organisation.name,
            "email": known.get(organisation.pk, ""),
            "kind": organisation.kind,
            "organisation": organisation.pk,
        }
        for organisation in plan.cluster.organisations.order_by("name")
    ]


def hearing_start(request: AuthedRequest, pk: int) -> HttpResponse:
    """The draft frozen and sent in hearing to the parties chosen, with a deadline."""
    plan = get_plan_for_user(request.user, pk, write=True)
    if plan.status != PlanStatus.DRAFT:
        messages.error(
            request,
            _("Planen kan kun sendes i høring fra kladden; den er nu “%(status)s”.")
            % {"status": plan.get_status_display()},
        )
        return redirect(plan)
    form = HearingForm(request.POST or None)
    parties = HearingPartyFormSet(
        request.POST or None, prefix="parter", initial=None if request.POST else _party_rows(plan)
    )
    if request.method == "POST" and form.is_valid() and parties.is_valid():
        organisations = set(plan.cluster.organisations.values_list("pk", flat=True))
        rows = []
        for party_form in parties.forms:
            row = party_form.party
            if row is None:
                continue
            # Only the council's own organisations are linked; a made-up id is dropped.
            row["organisation"] = (
                Organisation.objects.get(pk=row["organisation"])
                if row.get("organisation") in organisations
                else None
            )
            rows.append(row)
        try:
            hearing = services.start_hearing(
                actor=request.user,
                plan=plan,
                deadline=form.cleaned_data["deadline"],
                message=form.cleaned_data["message"],
                parties=rows,
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Planen er sendt i høring som version %(number)s. %(count)s høringsparter "
                    "får hver deres link på mail."
                )
                % {"number": hearing.version.number, "count": len(rows)},
            )
            return redirect(hearing)
    return render(
        request,
        "healthplans/hearing_start.html",
        {"plan": plan, "form": form, "parties": parties},
        status=form_status(request),
    )


# The hearing page: parties, links, answers --------------------------------------------------


def _hearing_page(
    request: AuthedRequest, hearing: Hearing, add_form: AddHearingPartyForm | None = None
) -> HttpResponse:
    parties = list(
        hearing.parties.select_related("answer__section", "answer__recorded_by").order_by("name")
    )
    answered = sum(1 for party in parties if hasattr(party, "answer"))
    is_open = (
        hearing.deadline >= timezone.localdate() and hearing.plan.status == PlanStatus.IN_HEARING
    )
    return render(
        request,
        "healthplans/hearing_detail.html",
        {
            "hearing": hearing,
            "plan": hearing.plan,
            "parties": parties,
            "answered": answered,
            "is_open": is_open,
            "add_form": add_form or AddHearingPartyForm(),
        },
        status=422 if add_form is not None else 200,
    )


def hearing_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    hearing = get_hearing_for_user(request.user, pk)
    return _hearing_page(request, hearing)


@require_POST
def hearing_party_add(request: AuthedRequest, pk: int) -> HttpResponse:
    hearing = get_hearing_for_user(request.user, pk, write=True)
    form = AddHearingPartyForm(request.POST)
    if form.is_valid():
        try:
            party = services.add_hearing_party(
                actor=request.user, hearing=hearing, party=form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s er tilføjet som høringspart og får sit link på mail.")
                % {"name": party.name},
            )
            return redirect(hearing)
    return _hearing_page(request, hearing, add_form=form)


def hearing_resend(request: AuthedRequest, pk: int) -> HttpResponse:
    """A new link for a party (to a corrected address): the old one stops working."""
    party = _party_for_user(request, pk)
    form = ResendLinkForm(request.POST or None, initial={"email": party.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.resend_hearing_link(
                actor=request.user, party=party, email=form.cleaned_data["email"]
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Et nyt link sendes til %(name)s (%(email)s). Det tidligere link virker "
                    "ikke længere."
                )
                % {"name": party.name, "email": form.cleaned_data["email"]},
            )
            return redirect(party.hearing)
    return render(
        request,
        "healthplans/hearing_resend.html",
        {"form": form, "party": party, "hearing": party.hearing, "plan": party.hearing.plan},
        status=form_status(request),
    )


def hearing_answer_record(request: AuthedRequest, pk: int) -> HttpResponse:
    """An answer that came by mail, recorded by the secretariat."""
    party = _party_for_user(request, pk)
    form = RecordHearingAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.record_hearing_answer(
                actor=request.user,
                party=party,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("file"),
                received_on=form.cleaned_data["received_on"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Høringssvaret fra %(name)s er registreret. Skriv nu resumé og bemærkning.")
                % {"name": party.name},
            )
            return redirect("hearing_answer_assess", answer.pk)
    return render(
        request,
        "healthplans/hearing_record.html",
        {
            "form": form,
            "party": party,
            "hearing": party.hearing,
            "plan": party.hearing.plan,
            "multipart": True,
        },
        status=form_status(request),
    )


def hearing_answer_assess(request: AuthedRequest, pk: int) -> HttpResponse:
    """The secretariat's reading of an answer: summary, comment, change and section."""
    answer = _answer_for_user(request, pk, write=True)
    hearing = answer.party.hearing
    form = AssessHearingAnswerForm(
        request.POST or None,
        plan=hearing.plan,
        initial={
            "summary": answer.summary,
            "comment": answer.comment,
            "changes_plan": answer.changes_plan,
            "section": answer.section_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assess_hearing_answer(
                actor=request.user,
                answer=answer,
                summary=data["summary"],
                comment=data["comment"],
                changes_plan=data["changes_plan"],
                section=data["section"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Sekretariatets behandling af svaret fra %(name)s er gemt.")
                % {"name": answer.party.name},
            )
            return redirect(hearing.get_absolute_url() + f"#svar-{answer.pk}")
    return render(
        request,
        "healthplans/hearing_assess.html",
        {"form": form, "answer": answer, "hearing": hearing, "plan": hearing.plan},
        status=form_status(request),
    )


def hearing_answer_file(request: AuthedRequest, pk: int) -> FileResponse:
    """The file a party sent, as it was received."""
    answer = _answer_for_user(request, pk)
    if not answer.file:
        raise Http404
    response = FileResponse(
        answer.file.open("rb"), as_attachment=True, filename=answer.file_name or "hoeringssvar"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The høringsnotat --------------------------------------------------------------------------


def _notat(hearing: Hearing, fmt: str) -> tuple[bytes, str]:
    """(the notat, its file name), in Danish whatever the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        notat = documents.build_notat(hearing)
        render_notat = documents.render_notat_pdf if fmt == "pdf" else documents.render_notat_docx
        return render_notat(notat), f"{notat.filename}.{fmt}"


def hearing_notat(request: AuthedRequest, pk: int) -> HttpResponse:
    hearing = get_hearing_for_user(request.user, pk)
    return render(
        request,
        "healthplans/hearing_notat.html",
        {"hearing": hearing, "plan": hearing.plan, "notat": documents.build_notat(hearing)},
    )


def hearing_notat_document(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in {"pdf", "docx"}:
        raise Http404
    hearing = get_hearing_for_user(request.user, pk)
    return download(*_notat(hearing, fmt))


def hearing_notat_agenda(request: AuthedRequest, pk: int) -> HttpResponse:
    """The notat (PDF) as bilag on a coming meeting of the council: on an item chosen, or a
    new one. Where it went before is said, and left as it is."""
    hearing = get_hearing_for_user(request.user, pk, write=True)
    new_item = _("Høringsnotat: %(plan)s") % {"plan": hearing.plan.title}
    form = NotatAgendaForm(
        request.POST or None,
        meetings=services.notat_meetings(hearing),
        new_item=new_item,
        initial={"item": hearing.notat_item_id},
    )
    if request.method == "POST" and form.is_valid():
        pdf, filename = _notat(hearing, "pdf")
        try:
            placed = services.put_notat_on_agenda(
                actor=request.user,
                hearing=hearing,
                meeting=form.cleaned_data["meeting"],
                item=form.cleaned_data["item"],
                pdf=pdf,
                filename=filename,
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            for text in _placement_messages(placed):
                messages.success(request, text)
            return redirect(placed.item)
    return render(
        request,
        "healthplans/hearing_agenda.html",
        {"form": form, "hearing": hearing, "plan": hearing.plan},
        status=form_status(request),
    )


def _placement_messages(placed: services.NotatPlacement) -> list[str]:
    item = placed.item
    where = _("punkt %(position)s “%(title)s” på mødet %(date)s") % {
        "position": item.position,
        "title": item.title,
        "date": date_format(item.meeting.date, "j. F Y"),
    }
    lines = [
        (
            _("Høringsnotatet er sat på dagsordenen som nyt %(where)s, med notatet som bilag.")
            if placed.created_item
            else _("Høringsnotatet er lagt som bilag på %(where)s.")
        )
        % {"where": where}
    ]
    previous = placed.previous_item
    if previous is not None and previous.pk == item.pk:
        lines.append(
            _(
                "Punktet havde allerede et høringsnotat som bilag. Det er ikke erstattet: slet "
                "det gamle bilag på punktet, hvis kun det nye skal med."
            )
        )
    elif previous is not None:
        lines.append(
            _(
                "Høringsnotatet var tidligere sat på punkt %(position)s “%(title)s” på mødet "
                "%(date)s. Det står der stadig."
            )
            % {
                "position": previous.position,
                "title": previous.title,
                "date": date_format(previous.meeting.date, "j. F Y"),
            }
        )
    return lines


# The party's personal link (no login) ------------------------------------------------------

#: The cache key of an address's wrong tokens in one minute (the minute is in the key, so a
#: count never outlives its minute, whatever the cache backend does with `incr`'s expiry:
#: the file and database caches reset it to their 30-day default).
_WRONG_TOKENS_KEY = "klynge:hearing-wrong-token:%s:%d"


def _wrong_tokens_key(request: HttpRequest) -> str:
    return _WRONG_TOKENS_KEY % (client_ip(request), int(time.time() // 60))


def _too_many_wrong_tokens(request: HttpRequest) -> bool:
    count = caches["default"].get(_wrong_tokens_key(request), 0)
    return int(count) >= settings.API_RATE_PER_MINUTE


def _count_wrong_token(request: HttpRequest) -> None:
    store = caches["default"]
    key = _wrong_tokens_key(request)
    store.add(key, 0, timeout=60)
    try:
        store.incr(key)
    except ValueError:  # expired between the two calls
        store.set(key, 1, timeout=60)
    else:
        store.touch(key, 60)


View = Callable[..., HttpResponse]


def _private(referrer: str = "same-origin") -> Callable[[View], View]:
    """Never cached anywhere, and no Referer from it to another site. Not `no-referrer` on
    the link's page: under it Chromium sends `Origin: null` with the answer's POST, and
    Django's CSRF check refuses that (found by the browser test)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            response["Referrer-Policy"] = referrer
            return response

        return never_cache(wrapper)

    return decorator


def _link_message(request: HttpRequest, message: str, status: int = 200) -> HttpResponse:
    """A short page for the party. Its language switch returns to /hoering/, never to the
    address asked for: an old link's holds its token."""
    return render(
        request,
        "healthplans/hearing_closed.html",
        {"message": message, "language_next": reverse("hearing_link")},
        status=status,
    )


@login_not_required
@sensitive_post_parameters("token")
@sensitive_variables("token")
@_private()
def hearing_link(request: HttpRequest) -> HttpResponse:
    """The party's page: the hearing version (frozen, sanitised), the deadline, the
    følgebrev, and the answer form. Its version and nothing else.

    The link (`links.issue_link`) is `/hoering/#<token>`: a GET shows a form that the page's
    script posts with the token, and every later request (the answer, its file) carries the
    token in the POST body too, so it is in no address, redirect or audit row. A first POST
    only opens the page; the answer form says it is an answer ("answering")."""
    if request.method != "POST":
        return render(request, "healthplans/hearing_open.html")
    if _too_many_wrong_tokens(request):
        response = _link_message(
            request, _("For mange forsøg med forkerte links. Prøv igen om et minut."), 429
        )
        response["Retry-After"] = "60"
        return response
    token = request.POST.get("token", "")
    party = party_for_token(token)
    if party is None:
        if token:  # an empty field (the button pressed without the link) guesses nothing
            _count_wrong_token(request)
        return _link_message(
            request,
            _(
                "Linket virker ikke. Måske er det erstattet af et nyt: brug linket i den "
                "nyeste mail om høringen, eller kontakt sekretariatet."
            ),
            404,
        )
    hearing = party.hearing
    answering = "answering" in request.POST
    answer = HearingAnswer.objects.filter(party=party).first()
    form = None
    refused = ""
    if answer is None:
        form = HearingAnswerForm(
            request.POST if answering else None, request.FILES if answering else None
        )
        if form.is_bound and form.is_valid():
            try:
                answer = services.answer_hearing(
                    party=party,
                    text=form.cleaned_data["text"],
                    upload=form.cleaned_data.get("file"),
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                form = None  # the page now shows the answer received: no redirect to follow
    elif answering:
        refused = _(
            "Der er allerede afgivet et høringssvar for %(name)s. Kontakt sekretariatet, hvis "
            "svaret skal ændres."
        ) % {"name": party.name}
    closed = ""
    if hearing.deadline < timezone.localdate():
        closed = _("Høringsfristen var %(date)s. Kontakt sekretariatet, hvis I vil sende et svar.")
        closed %= {"date": date_format(hearing.deadline, "j. F Y")}
    elif hearing.plan.status != PlanStatus.IN_HEARING:
        closed = _("Høringen er afsluttet. Kontakt sekretariatet.")
    if closed and form is not None and not form.is_bound:
        form = None
    return render(
        request,
        "healthplans/hearing_link.html",
        {
            "party": party,
            "hearing": hearing,
            "plan": hearing.plan,
            "content": hearing.version.content,
            "answer": answer,
            "form": form,
            "closed": closed,
            "refused": refused,
            "token": token,
        },
    )


@login_not_required
@csrf_exempt
@_private("no-referrer")
def hearing_old_link(request: HttpRequest, token: str) -> HttpResponse:
    """Links mailed before the token moved after the # had it in the address; they are no
    longer read (not even looked up: the token is left where it is). The newest mail, or the
    secretariat's new link, opens the hearing. Always 200, whatever the method, with no CSRF
    check and no Referer from the page: a 4xx answer and a Referer put the address, token
    and all, in Django's log, the audit log (`access.refused`) or an access log."""
    return _link_message(
        request,
        _(
            "Linket er forældet. Brug linket i den nyeste mail om høringen, eller kontakt "
            "sekretariatet for et nyt link."
        ),
    )
