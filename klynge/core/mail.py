"""Every mail Klynge sends: written once as HTML in the DKFDS look, with a plain-text part
made from it.

A mail template extends `core/mail/base.html`; `message` renders it, moves the stylesheet
into style attributes (mail programs drop <style>) with css-inline and derives the text part
with inscriptis, so the two parts always say the same.
"""

from collections.abc import Iterable, Sequence
from typing import Any

import css_inline
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

from klynge.core import site

_TEXT = ParserConfig(css=CSS_PROFILES["strict"], display_links=True)


def render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """The mail as (text, html)."""
    context = {**site.operator(), **context}
    html = css_inline.inline(render_to_string(template, context))
    text = "\n".join(line.rstrip() for line in get_text(html, _TEXT).strip().splitlines())
    return text + "\n", html


def message(
    *,
    subject: str,
    template: str,
    context: dict[str, Any],
    to: Sequence[str] = (),
    bcc: Sequence[str] = (),
) -> EmailMultiAlternatives:
    text, html = render(template, {"subject": subject, **context})
    mail = EmailMultiAlternatives(subject=subject, body=text, to=list(to), bcc=list(bcc))
    mail.attach_alternative(html, "text/html")
    return mail


def addresses(people: Iterable[Any]) -> list[str]:
    """The people's mail addresses, each once, sorted; people without one are left out."""
    return sorted({person.email_address for person in people} - {""})
