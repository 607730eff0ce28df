from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.core.exceptions import ServiceError
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import VotesBy
from klynge.votes import services
from klynge.votes.access import (
    get_inhabilitet_for_user,
    get_item_votes_for_user,
    get_statement_for_user,
    get_vote_for_user,
)
from klynge.votes.forms import InhabilitetForm, StatementForm, VoteForm


def _form_page(
    request: AuthedRequest, template: str, item: AgendaItem, form: Any, **extra: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, "item": item, **extra},
        status=422 if request.method == "POST" else 200,
    )


def vote_create(request: AuthedRequest, item_pk: int) -> HttpResponse:
    """Registrér afstemning: the members present, each For/Imod/Undlod (or by group)."""
    item = get_item_votes_for_user(request.user, item_pk, write=True)
    by_group = item.meeting.body.votes_by == VotesBy.GROUP
    voters = services.voters(item)
    form = VoteForm(request.POST or None, voters=voters, by_group=by_group)
    if request.method == "POST" and form.is_valid():
        choices, groups = form.ballots()
        try:
            vote = services.record_vote(
                actor=request.user,
                item=item,
                subject=form.cleaned_data["subject"],
                choices=choices,
                groups=groups,
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Afstemningen er registreret: %(result)s (%(tally)s).")
                % {"result": vote.result_text, "tally": vote.tally},
            )
            return redirect(item)
    return _form_page(request, "votes/vote_form.html", item, form, voters=voters)


@require_POST
def vote_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    vote = get_vote_for_user(request.user, pk, write=True)
    try:
        services.delete_vote(actor=request.user, vote=vote)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Afstemningen er slettet."))
    return redirect(vote.item)


def inhabilitet_create(request: AuthedRequest, item_pk: int) -> HttpResponse:
    item = get_item_votes_for_user(request.user, item_pk, write=True)
    form = InhabilitetForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_inhabil(actor=request.user, item=item, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Inhabiliteten er registreret."))
            return redirect(item)
    return _form_page(request, "votes/inhabilitet_form.html", item, form)


@require_POST
def inhabilitet_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    inhabilitet = get_inhabilitet_for_user(request.user, pk, write=True)
    try:
        services.remove_inhabil(actor=request.user, inhabilitet=inhabilitet)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Inhabiliteten er fjernet."))
    return redirect(inhabilitet.item)


def statement_create(request: AuthedRequest, item_pk: int) -> HttpResponse:
    item = get_item_votes_for_user(request.user, item_pk, write=True)
    form = StatementForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_statement(actor=request.user, item=item, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Udtalelsen er tilføjet."))
            return redirect(item)
    return _form_page(request, "votes/statement_form.html", item, form)


@require_POST
def statement_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    statement = get_statement_for_user(request.user, pk, write=True)
    try:
        services.delete_statement(actor=request.user, statement=statement)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Udtalelsen er slettet."))
    return redirect(statement.item)
