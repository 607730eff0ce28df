"""The hearing (høring): its parties, their one answer each, and the høringsnotat on the
council's agenda."""

import datetime
import secrets
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.services import record, save_with_audit
from klynge.core.exceptions import ServiceError
from klynge.core.files import removed_on_failure
from klynge.core.text import clean_values
from klynge.healthplans import tasks
from klynge.healthplans.models import (
    HealthPlan,
    Hearing,
    HearingAnswer,
    HearingParty,
    PlanSection,
    PlanStatus,
    PlanVersion,
)
from klynge.healthplans.services.plans import change_plan_status, freeze_version
from klynge.meetings import services as meeting_services
from klynge.meetings.models import (
    AGENDA_EDITABLE,
    AgendaItem,
    Attachment,
    Meeting,
)
from klynge.organisations.models import Organisation

# --- hearing: the høring, its parties and answers, the høringsnotat on the agenda ----------


def _clean_party(row: dict[str, Any]) -> dict[str, Any]:
    """A party as the hearing keeps it: a name, a valid e-mail, a kind."""
    values = clean_values(
        HearingParty,
        {"name": str(row.get("name") or "").strip(), "email": str(row.get("email") or "").strip()},
    )
    try:
        validate_email(values["email"])
    except ValidationError as error:
        raise ServiceError(
            _("“%(email)s” (%(name)s) er ikke en gyldig e-mailadresse.")
            % {"email": values["email"], "name": values["name"]}
        ) from error
    kind = row.get("kind") or Organisation.Kind.OTHER
    if kind not in Organisation.Kind.values:
        raise ServiceError(_("Ukendt type af høringspart: %(kind)s.") % {"kind": kind})
    return {**values, "kind": kind, "organisation": row.get("organisation")}


def _send_link_after_commit(party: HearingParty) -> None:
    # Mailed by the worker after commit: the token is made there (`mail.send_hearing_link`),
    # so the queue holds the party's id and never the token.
    transaction.on_commit(lambda: tasks.send_hearing_link.enqueue(party.pk), robust=True)


@transaction.atomic
def start_hearing(
    *,
    actor: User | None,
    plan: HealthPlan,
    deadline: datetime.date,
    message: str,
    parties: list[dict[str, Any]],
) -> Hearing:
    """Freeze the draft as the hearing version, send it to `parties` (each {"name", "email",
    "kind", "organisation"}) with a deadline and a følgebrev, and put the plan in hearing.
    Each party is mailed its own link after commit."""
    if plan.status != PlanStatus.DRAFT:
        raise ServiceError(
            _("Planen kan kun sendes i høring fra kladden; den er nu “%(status)s”.")
            % {"status": PlanStatus(plan.status).label}
        )
    if deadline <= timezone.localdate():
        raise ServiceError(_("Høringsfristen skal ligge efter i dag."))
    rows = [_clean_party(row) for row in parties]
    if not rows:
        raise ServiceError(_("Tilføj mindst én høringspart."))
    seen: set[str] = set()
    for row in rows:
        if row["name"].casefold() in seen:
            raise ServiceError(_("%(name)s står to gange.") % {"name": row["name"]})
        seen.add(row["name"].casefold())
    message = clean_values(Hearing, {"message": message.strip()})["message"]
    change_plan_status(
        actor=actor,
        plan=plan,
        to_status=PlanStatus.IN_HEARING,
        note=_("Høringsfrist %(date)s") % {"date": date_format(deadline, "j. F Y")},
    )
    version = freeze_version(actor=actor, plan=plan, purpose=PlanVersion.Purpose.HEARING)
    hearing = Hearing.objects.create(
        plan=plan,
        version=version,
        deadline=deadline,
        message=message,
        sent_at=timezone.now(),
        sent_by=actor if actor is not None and actor.is_authenticated else None,
    )
    created = [HearingParty.objects.create(hearing=hearing, **row) for row in rows]
    record(
        actor=actor,
        action="hearing.start",
        obj=hearing,
        changes={
            "version": version.number,
            "deadline": deadline.isoformat(),
            "parties": ", ".join(party.name for party in created),
        },
    )
    for party in created:
        _send_link_after_commit(party)
    return hearing


def _check_open(hearing: Hearing) -> None:
    """Links are sent and answered while the plan is in this hearing, until its deadline."""
    if hearing.deadline < timezone.localdate():
        raise ServiceError(
            _("Høringsfristen var %(date)s. Kontakt sekretariatet, hvis I vil sende et svar.")
            % {"date": date_format(hearing.deadline, "j. F Y")}
        )
    plan_status = HealthPlan.objects.filter(pk=hearing.plan_id).values_list("status", flat=True)
    if plan_status.first() != PlanStatus.IN_HEARING:
        raise ServiceError(_("Høringen er afsluttet. Kontakt sekretariatet."))


@transaction.atomic
def add_hearing_party(
    *, actor: User | None, hearing: Hearing, party: dict[str, Any]
) -> HearingParty:
    """A party heard after the hearing started (one forgotten, a hospital that asked); it
    gets its link like the others."""
    _check_open(hearing)
    row = _clean_party(party)
    if hearing.parties.filter(name__iexact=row["name"]).exists():
        raise ServiceError(_("%(name)s er allerede høringspart.") % {"name": row["name"]})
    created = HearingParty.objects.create(hearing=hearing, **row)
    record(
        actor=actor,
        action="hearing.party_add",
        obj=hearing,
        changes={"party": created.name, "email": created.email},
    )
    _send_link_after_commit(created)
    return created


@transaction.atomic
def resend_hearing_link(
    *, actor: User | None, party: HearingParty, email: str | None = None
) -> HearingParty:
    """A new personal link (to a corrected address, if given). The old link stops working
    now, not when the new one is mailed: a link that reached the wrong person is closed."""
    party = HearingParty.objects.select_for_update().select_related("hearing").get(pk=party.pk)
    if HearingAnswer.objects.filter(party=party).exists():
        raise ServiceError(
            _("%(name)s har allerede svaret; der sendes ikke et nyt link.") % {"name": party.name}
        )
    _check_open(party.hearing)
    changes: dict[str, Any] = {"party": party.name}
    if email is not None and email.strip() != party.email:
        row = _clean_party({"name": party.name, "email": email, "kind": party.kind})
        changes["email"] = [party.email, row["email"]]
        party.email = row["email"]
    party.token_hash = ""
    party.link_sent_at = None
    party.save(update_fields=["email", "token_hash", "link_sent_at"])
    record(actor=actor, action="hearing.link_resend", obj=party.hearing, changes=changes)
    _send_link_after_commit(party)
    return party


def _stored_name(upload: UploadedFile) -> str:
    """The file on disk is named at random: the original name (kept in `file_name`) is the
    party's to choose, and says nothing about the path."""
    return secrets.token_hex(16) + PurePath(upload.name or "").suffix.lower()[:10]


def _save_answer(
    *,
    actor: User | None,
    party: HearingParty,
    text: str,
    upload: UploadedFile | None,
    via: str,
    received_at: datetime.datetime,
    action: str,
) -> HearingAnswer:
    """One answer per party: the OneToOne refuses a second even when two arrive at once."""
    text = clean_values(HearingAnswer, {"text": text.strip()})["text"]
    if not text and upload is None:
        raise ServiceError(_("Skriv et høringssvar, eller vedhæft en fil."))
    already = _(
        "Der er allerede afgivet et høringssvar for %(name)s. Kontakt sekretariatet, "
        "hvis svaret skal ændres."
    ) % {"name": party.name}
    if HearingAnswer.objects.filter(party=party).exists():
        raise ServiceError(already)
    answer = HearingAnswer(
        party=party,
        text=text,
        received_at=received_at,
        via=via,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    changes: dict[str, Any] = {"party": party.name, "via": via}
    if upload is not None:
        name = PurePath(upload.name or "").name or "hoeringssvar"
        answer.file_name = name[-255:]
        answer.file.save(_stored_name(upload), upload, save=False)
        changes |= {"file_name": answer.file_name, "size": upload.size or 0}
    with removed_on_failure(answer.file) if upload is not None else nullcontext():
        try:
            with transaction.atomic():
                answer.save()
        except IntegrityError as error:
            raise ServiceError(already) from error
        record(actor=actor, action=action, obj=answer, changes=changes)
    return answer


@transaction.atomic
def answer_hearing(*, party: HearingParty, text: str, upload: UploadedFile | None) -> HearingAnswer:
    """The party's answer through its personal link (no login; the link is the proof)."""
    _check_open(party.hearing)
    return _save_answer(
        actor=None,
        party=party,
        text=text,
        upload=upload,
        via=HearingAnswer.Via.LINK,
        received_at=timezone.now(),
        action="hearing_answer.create",
    )


@transaction.atomic
def record_hearing_answer(
    *,
    actor: User | None,
    party: HearingParty,
    text: str,
    upload: UploadedFile | None,
    received_on: datetime.date,
) -> HearingAnswer:
    """An answer that came by mail (or letter), recorded by the secretariat. It may come in
    after the deadline; the date it was received is the party's, not today."""
    today = timezone.localdate()
    if received_on > today:
        raise ServiceError(_("Datoen for modtagelsen kan ikke ligge efter i dag."))
    received_at = (
        timezone.now()
        if received_on == today
        else timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))
    )
    return _save_answer(
        actor=actor,
        party=party,
        text=text,
        upload=upload,
        via=HearingAnswer.Via.SECRETARIAT,
        received_at=received_at,
        action="hearing_answer.record",
    )


@transaction.atomic
def assess_hearing_answer(
    *,
    actor: User | None,
    answer: HearingAnswer,
    summary: str,
    comment: str,
    changes_plan: bool,
    section: PlanSection | None,
) -> HearingAnswer:
    """The secretariat's reading of an answer for the høringsnotat."""
    plan_id = answer.party.hearing.plan_id
    if section is not None and section.plan_id != plan_id:
        raise ServiceError(_("Afsnittet hører ikke til denne plan."))
    if section is not None and not changes_plan:
        raise ServiceError(_("Vælg kun et afsnit, når svaret giver anledning til at ændre planen."))
    save_with_audit(
        actor=actor,
        obj=answer,
        values={
            "summary": summary.strip(),
            "comment": comment.strip(),
            "changes_plan": changes_plan,
            "section": section,
        },
        action="hearing_answer.assess",
    )
    return answer


def notat_meetings(hearing: Hearing) -> list[Meeting]:
    """The meetings the høringsnotat can go on: the council body's coming meetings whose
    agenda can still change (of any of the council's bodies, if the plan names none)."""
    plan = hearing.plan
    meetings = Meeting.objects.filter(
        status__in=AGENDA_EDITABLE,
        date__gte=timezone.localdate() - datetime.timedelta(days=1),
    )
    if plan.body_id:
        meetings = meetings.filter(body_id=plan.body_id)
    else:
        meetings = meetings.filter(body__cluster_id=plan.cluster_id)
    return list(meetings.select_related("body").order_by("date", "pk")[:10])


@dataclass
class NotatPlacement:
    """Where the høringsnotat went, and where it had gone before (nothing is replaced)."""

    item: AgendaItem
    attachment: Attachment
    created_item: bool
    previous_item: AgendaItem | None


@transaction.atomic
def put_notat_on_agenda(
    *,
    actor: User | None,
    hearing: Hearing,
    meeting: Meeting,
    item: AgendaItem | None,
    pdf: bytes,
    filename: str,
) -> NotatPlacement:
    """The høringsnotat (PDF) as a bilag on an item of `meeting`: `item`, or a new item
    "Høringsnotat: <plan>". A notat put on an agenda before stays where it is."""
    plan = hearing.plan
    if (plan.body_id and meeting.body_id != plan.body_id) or (
        not plan.body_id and meeting.body.cluster_id != plan.cluster_id
    ):
        raise ServiceError(_("Høringsnotatet kan kun sættes på rådets egne møder."))
    if meeting.status not in AGENDA_EDITABLE:
        raise ServiceError(_("Dagsordenen til det møde kan ikke længere ændres."))
    if item is not None and item.meeting_id != meeting.pk:
        raise ServiceError(_("Punktet er ikke på det valgte møde."))
    previous = hearing.notat_item
    created = item is None
    if item is None:
        answered = HearingAnswer.objects.filter(party__hearing=hearing).count()
        item = meeting_services.add_agenda_item(
            actor=actor,
            meeting=meeting,
            values={
                "title": _("Høringsnotat: %(plan)s") % {"plan": hearing.plan.title},
                "kind": AgendaItem.Kind.ORIENTATION,
                "recommendation": [_("at høringsnotatet tages til efterretning")],
                "presentation": "<p>"
                + _(
                    "Udkastet til %(plan)s (version %(version)s) har været i høring til "
                    "%(deadline)s. %(answered)s af %(parties)s høringsparter har svaret. "
                    "Høringsnotatet med sekretariatets bemærkninger er vedlagt som bilag."
                )
                % {
                    "plan": hearing.plan.title,
                    "version": hearing.version.number,
                    "deadline": date_format(hearing.deadline, "j. F Y"),
                    "answered": answered,
                    "parties": hearing.parties.count(),
                }
                + "</p>",
            },
        )
    upload = SimpleUploadedFile(filename, pdf, content_type="application/pdf")
    attachment = meeting_services.add_attachment(actor=actor, item=item, upload=upload)
    Hearing.objects.filter(pk=hearing.pk).update(notat_item=item)
    hearing.notat_item = item
    changes: dict[str, Any] = {
        "item": f"{meeting.display_title} {meeting.date:%d.%m.%Y}, punkt {item.position}",
        "original_name": filename,
    }
    if previous is not None:
        changes["previous_item"] = str(previous)
    record(actor=actor, action="hearing.notat_agenda", obj=hearing, changes=changes)
    return NotatPlacement(
        item=item, attachment=attachment, created_item=created, previous_item=previous
    )
