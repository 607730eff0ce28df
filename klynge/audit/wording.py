"""The audit trail in words: what each action means and what each change was, in Danish.

Events store codes (`meeting.status`, `{"status": ["planned", "agenda_published"]}`) so they
stay stable across releases and languages; the history shows them through `describe`, which
reads field names and choice labels from the models themselves.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from klynge.audit.models import AuditEvent

ACTION_LABELS: dict[str, Any] = {
    "agenda_item.create": _("Punkt oprettet"),
    "agenda_item.decision": _("Beslutning skrevet"),
    "agenda_item.delete": _("Punkt slettet"),
    "agenda_item.move": _("Punkt flyttet"),
    "agenda_item.update": _("Punkt ændret"),
    "admin.create": _("Oprettet i administrationen"),
    "admin.delete": _("Slettet i administrationen"),
    "admin.update": _("Ændret i administrationen"),
    "api_token.create": _("API-nøgle oprettet"),
    "api_token.refused": _("Ugyldig API-nøgle afvist"),
    "api_token.revoke": _("API-nøgle tilbagekaldt"),
    "api_token.use": _("API-nøgle brugt"),
    "access.refused": _("Adgang nægtet"),
    "attendance_note.read": _("Afbudsbemærkninger vist"),
    "file.download": _("Fil hentet"),
    "closed_item.read": _("Lukkede punkter vist"),
    "session.login": _("Logget ind"),
    "session.login_failed": _("Mislykket log ind"),
    "session.locked_out": _("Log ind spærret"),
    "session.logout": _("Logget ud"),
    "person.read": _("Personoplysninger vist"),
    "search.query": _("Søgning"),
    "session.two_factor": _("Kode til to-faktor-login godkendt"),
    "session.two_factor_failed": _("Forkert kode til to-faktor-login"),
    "task.retry": _("Baggrundsopgave sat i kø igen"),
    "two_factor.disable": _("To-faktor-login slået fra"),
    "two_factor.enable": _("To-faktor-login slået til"),
    "archive.accept": _("Arkivdokument godkendt"),
    "archive.read": _("Arkivdokument vist"),
    "archive.correct": _("Arkivdokument rettet"),
    "archive.mark_items": _("Punkter markeret i arkivdokument"),
    "archive.create_body": _("Organ oprettet fra arkivet"),
    "archive.undo": _("Arkivimport fortrudt"),
    "archive.upload": _("Arkivdokument lagt op"),
    "attachment.create": _("Bilag lagt op"),
    "attachment.delete": _("Bilag slettet"),
    "attendance.absence": _("Afbud meldt"),
    "attendance.attending": _("Deltagelse bekræftet"),
    "attendance.create": _("Deltager tilføjet"),
    "attendance.update": _("Fremmøde ændret"),
    "body.create": _("Organ oprettet"),
    "body.move": _("Organ flyttet til en anden klynge"),
    "body.update": _("Organ ændret"),
    "cluster.carry_over": _("Klyngens arbejde videreført i et sundhedsråd"),
    "cluster.carry_over_undo": _("Videreførelse fortrudt"),
    "cluster.create": _("Klynge oprettet"),
    "cluster.logo": _("Klyngens logo ændret"),
    "cluster.update": _("Klynge ændret"),
    "confirmation.outcome": _("Ordrebekræftelse behandlet"),
    "confirmation.draft": _("Kladde til ordrebekræftelse gemt"),
    "confirmation.submit": _("Ordrebekræftelse indsendt"),
    "data_package.create": _("Datapakke lagt op"),
    "data_package.delete": _("Datapakke slettet"),
    "deliverables.update": _("Leverancernes status ændret"),
    "escalation.close": _("Eskalering afsluttet"),
    "escalation.raise": _("Eskaleret"),
    "evaluation.agenda": _("Evaluering sat på dagsordenen"),
    "evaluation.open": _("Evaluering åbnet"),
    "evaluation_note.create": _("Evalueringsnotat skrevet"),
    "evaluation_note.update": _("Evalueringsnotat ændret"),
    "follow_up.create": _("Opfølgning oprettet"),
    "follow_up.done": _("Opfølgning udført"),
    "external_body.create": _("Eksternt organ oprettet"),
    "external_body.update": _("Eksternt organ ændret"),
    "recommendation.send": _("Anbefaling sendt videre"),
    "recommendation.state": _("Anbefalingens status ændret"),
    # plan-core: the nærsundhedsplan's draft and versions
    "health_plan.create": _("Nærsundhedsplan oprettet"),
    "health_plan.update": _("Nærsundhedsplan ændret"),
    "health_plan.status": _("Nærsundhedsplanens status ændret"),
    "health_plan.version": _("Version af nærsundhedsplanen gemt"),
    "plan_section.create": _("Afsnit i nærsundhedsplanen oprettet"),
    "plan_section.update": _("Afsnit i nærsundhedsplanen ændret"),
    "plan_section.move": _("Afsnit i nærsundhedsplanen flyttet"),
    "plan_section.delete": _("Afsnit i nærsundhedsplanen slettet"),
    "plan_goal.create": _("Mål i nærsundhedsplanen oprettet"),
    "plan_goal.update": _("Mål i nærsundhedsplanen ændret"),
    "plan_goal.delete": _("Mål i nærsundhedsplanen slettet"),
    # approval helper: approval, publication, follow-up
    "health_plan.recommend": _("Nærsundhedsplan indstillet til godkendelse"),
    "health_plan.approvers": _("Nærsundhedsplanens godkendende organer ændret"),
    "health_plan.publish": _("Nærsundhedsplan offentliggjort"),
    "plan_goal.status": _("Status for mål i nærsundhedsplanen givet"),
    # hearing: the høring of a nærsundhedsplan and the høringsnotat
    "hearing.start": _("Nærsundhedsplan sendt i høring"),
    "hearing.link_sent": _("Høringslink sendt"),
    "hearing.link_resend": _("Nyt høringslink bestilt (det gamle virker ikke længere)"),
    "hearing.party_add": _("Høringspart tilføjet"),
    "hearing.notat_agenda": _("Høringsnotat sat på dagsordenen"),
    "hearing_answer.create": _("Høringssvar afgivet via link"),
    "hearing_answer.record": _("Høringssvar registreret af sekretariatet"),
    "hearing_answer.assess": _("Høringssvar behandlet (resumé og bemærkning)"),
    "indicator.create": _("Effektmål oprettet"),
    "indicator.delete": _("Effektmål slettet"),
    "indicator.update": _("Effektmål ændret"),
    "initiative.create": _("Indsats oprettet"),
    "initiative.state": _("Indsatsens tilstand ændret"),
    "initiative.update": _("Indsats ændret"),
    "measurement.create": _("Måling tilføjet"),
    "measurement.delete": _("Måling slettet"),
    "measurement.import": _("Målinger indlæst"),
    "meeting.create": _("Møde oprettet"),
    "meeting.import": _("Møde hentet fra arkivet"),
    "meeting.review_start": _("Gennemlæsning af dagsordenen startet"),
    "review_comment.create": _("Kommentar fra gennemlæsningen skrevet"),
    "review_comment.handle": _("Kommentar fra gennemlæsningen behandlet"),
    "meeting.status": _("Mødets status ændret"),
    "meeting.update": _("Møde ændret"),
    "membership.create": _("Medlem tilføjet"),
    "membership.end": _("Medlemskab afsluttet"),
    "membership.update": _("Medlemskab ændret"),
    "minutes.approve": _("Referat godkendt"),
    "minutes.return": _("Referat sendt tilbage"),
    "organisation.create": _("Organisation oprettet"),
    "organisation.update": _("Organisation ændret"),
    "person.create": _("Person oprettet"),
    "person.update": _("Person ændret"),
    "plan.adopt": _("Handleplan vedtaget"),
    "plan.create": _("Handleplan oprettet"),
    "plan.update": _("Handleplan ændret"),
    "report.agenda": _("Afrapportering sat på dagsordenen"),
    "report.create": _("Afrapportering oprettet"),
    "report_part.reopen": _("Afrapportering genåbnet"),
    "report_part.submit": _("Afrapportering indsendt"),
    "report_part.update": _("Afrapportering ændret"),
    "status.action": _("Handling på statusrapport"),
    "status.report": _("Status rapporteret"),
    "status_cycle.start": _("Statusindsamling startet"),
    "theme.create": _("Tema oprettet"),
    "theme.move": _("Tema flyttet i prioriteringen"),
    "theme.update": _("Tema ændret"),
    "user.deactivate": _("Bruger deaktiveret"),
    "user.password_change": _("Adgangskode skiftet"),
    "vote.record": _("Afstemning registreret"),
    "vote.delete": _("Afstemning slettet"),
    "inhabilitet.declare": _("Medlem erklæret inhabil i et punkt"),
    "inhabilitet.remove": _("Inhabilitet fjernet"),
    "statement.add": _("Mindretalsudtalelse eller protokoltilførsel tilføjet"),
    "statement.delete": _("Mindretalsudtalelse eller protokoltilførsel slettet"),
    # money: the council's frame, allocations, co-financing and spending
    "frame.set": _("Ramme sat"),
    "allocation.create": _("Bevilling givet"),
    "allocation.update": _("Bevilling ændret"),
    "allocation.delete": _("Bevilling slettet"),
    "co_financing.create": _("Medfinansiering oprettet"),
    "co_financing.update": _("Medfinansiering ændret"),
    "co_financing.delete": _("Medfinansiering slettet"),
    "spending.set": _("Forbrug registreret"),
    "spending.delete": _("Forbrug slettet"),
    "spending.import": _("Forbrug indlæst fra fil"),
}

#: Keys that services record beside model fields, and fields that have no label of their own.
EXTRA_LABELS: dict[str, Any] = {
    "ballots": _("Stemmer"),
    "status": _("Status"),
    "state": _("Tilstand"),
    "title": _("Titel"),
    "text": _("Tekst"),
    "date": _("Dato"),
    "due_date": _("Frist"),
    "kind": _("Type"),
    "position": _("Nummer"),
    "version": _("Version"),
    "outcome": _("Udfald"),
    "returned_reason": _("Begrundelse for at sende tilbage"),
    "reported_at": _("Rapporteret"),
    "reported_by": _("Rapporteret af"),
    "submitted_at": _("Indsendt"),
    "submitted_by": _("Indsendt af"),
    "decided_at": _("Besluttet"),
    "person": _("Person"),
    "meeting": _("Møde"),
    "body": _("Organ"),
    "cluster": _("Klynge"),
    "theme": _("Tema"),
    "initiative": _("Indsats"),
    "plan": _("Handleplan"),
    "content": _("Indhold"),
    "definition": _("Definition"),
    "purpose": _("Formål"),
    "file": _("Fil"),
    "original_name": _("Filnavn"),
    "note": _("Bemærkning"),
    "reason": _("Begrundelse"),
    "ask": _("Spørgsmål"),
    "requested": _("Anmodet"),
    "measurements": _("Målinger"),
    "minutes_version": _("Referatets version"),
    "item": _("Punkt"),
    "items": _("Punkter"),
    "size": _("Størrelse (byte)"),
    "sha256": "SHA-256",
    "fields": _("Felter"),
    "clusters": _("Klynger"),
    "source": _("Kilde"),
    "user": _("Bruger"),
    "comment": _("Kommentar"),
    "closed_items": _("Lukkede punkter (numre)"),
    "query": _("Søgetekst"),
    "username": _("Brugernavn"),
    "ip_address": _("IP-adresse"),
    "method": _("Metode"),
    "message": _("Ændring"),
    "expires_at": _("Udløber"),
    "tokens": _("Tilbagekaldte API-nøgler"),
    # money: what a spending import did
    "created": _("Nye"),
    "replaced": _("Erstattede"),
    "total": _("I alt (kr.)"),
    # hearing
    "party": _("Høringspart"),
    "parties": _("Høringsparter"),
    "email": _("E-mail"),
    "via": _("Modtaget via"),
    "previous_item": _("Tidligere punkt"),
}

EMPTY = "–"
# Stored instead of a change whose values the log does not keep (`audit_without_content`).
REDACTED = "<redacted>"


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None  # None: not a change from one value to another, just a fact
    new: str


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def describe(event: "AuditEvent") -> list[Change]:
    """The event's changes as (label, old, new) in words."""
    try:
        model: type[models.Model] | None = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    changes = event.changes if isinstance(event.changes, dict) else {}
    lines = []
    for key, value in changes.items():
        field = _field(model, key)
        own = str(field.verbose_name) if field is not None else ""
        label = own if own and own != key.replace("_", " ") else _label(key)
        label = label[:1].upper() + label[1:]
        if value == REDACTED:
            lines.append(Change(label, None, str(_("ændret (indholdet logges ikke)"))))
        elif isinstance(value, list) and len(value) == 2 and not _is_list_field(key):
            old = _word(field, value[0])
            # A value set for the first time reads as a fact, not "– → value".
            lines.append(Change(label, None if old == EMPTY else old, _word(field, value[1])))
        else:
            lines.append(Change(label, None, _word(field, value)))
    return lines


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    # A key may name a reverse relation (a vote's "ballots"): not a field with a label.
    return field if isinstance(field, models.Field) else None


def _label(key: str) -> str:
    return str(EXTRA_LABELS.get(key, key.replace("_", " ")))


def _is_list_field(key: str) -> bool:
    # Values that are lists in themselves, not [old, new] pairs.
    return key in {"clusters", "fields", "recommendation", "closed_items"}


def _word(field: Any, value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, list):
        return ", ".join(_word(field, v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_word(None, v)}" for k, v in value.items())
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if value in choices:
        return str(choices[value])
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(str(value))
            return date_format(timezone.localtime(moment), "j. F Y H:i")
        except ValueError:
            pass
    elif isinstance(field, models.DateField):
        try:
            return date_format(datetime.date.fromisoformat(str(value)), "j. F Y")
        except ValueError:
            pass
    return Truncator(strip_tags(str(value))).chars(120)
