from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.core.exceptions import ServiceError
from klynge.core.http import safe_next
from klynge.followups import services
from klynge.followups.access import get_follow_up_for_user
from klynge.followups.forms import FollowUpForm
from klynge.meetings.access import get_item_for_user


def follow_up_create(request: AuthedRequest, item_pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, item_pk, write=True)
    form = FollowUpForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_follow_up(actor=request.user, item=item, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Opfølgningen er oprettet."))
            return redirect(item)
    return render(
        request,
        "followups/follow_up_form.html",
        {"form": form, "item": item},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def follow_up_done(request: AuthedRequest, pk: int) -> HttpResponse:
    follow_up = get_follow_up_for_user(request.user, pk, complete=True)
    try:
        services.complete_follow_up(actor=request.user, follow_up=follow_up)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Opgaven er markeret som udført."))
    return redirect(safe_next(request, follow_up.agenda_item.get_absolute_url()))
