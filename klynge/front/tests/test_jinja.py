"""The Jinja pages print what Django's templates print: values, translations, the layout and
the partials they share (klynge/front/jinja.py)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from klynge.audit.models import AuditEvent
from klynge.audit.services import history_for, record
from klynge.organisations.tests.factories import BodyFactory

VALUES = [
    'O\'Brien & <Søn> "A/S"',
    "plain",
    mark_safe("<b>safe</b>"),
    7,
    0,
    True,
    None,
    Decimal("1.5"),
    1.25,
    datetime.date(2024, 3, 4),
    datetime.datetime(2024, 3, 4, 22, 30, tzinfo=datetime.UTC),
    datetime.time(9, 5),
    gettext_lazy("Afholdt"),
]


def both(source: str, context: dict, request=None) -> tuple[str, str]:
    """`source` rendered by Django's templates ({% load %} lines added) and by Jinja's."""
    django = engines["django"].from_string("{% load i18n klynge %}" + source[0])
    jinja = engines["jinja2"].from_string(source[1])
    return django.render(context, request), jinja.render(context, request)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_value_prints_the_same(language, value):
    with translation.override(language):
        django, jinja = both(("{{ v }}", "{{ v }}"), {"v": value})
    assert django == jinja


@pytest.mark.parametrize("language", ["da", "en"])
def test_translations_print_the_same(language):
    name = "O'Brien & <Søn>"
    when = timezone.make_aware(datetime.datetime(2024, 3, 4, 22, 30))
    with translation.override(language):
        django, jinja = both(
            (
                '{% translate "Gå til sideindhold" %}|{% translate "Søg" %}|'
                '{% blocktranslate with name=n when=w|date:"j. F Y H:i" %}'
                "Godkendt af {{ name }} {{ when }}{% endblocktranslate %}",
                '{{ _("Gå til sideindhold") }}|{{ _("Søg") }}|'
                '{{ _("Godkendt af %(name)s %(when)s")|fill(name=n, when=w|date("j. F Y H:i")) }}',
            ),
            {"n": name, "w": when},
        )
    assert django == jinja
    assert "&#x27;" in jinja and "&lt;Søn&gt;" in jinja


def test_filters_print_the_same():
    when = datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC)  # 1 January here
    django, jinja = both(
        (
            '{{ w|date:"j. F Y H:i" }}|{{ w|time:"H:i" }}|{{ d|date:"l j. F Y" }}|'
            '{{ names|join:", " }}|{{ text|linebreaks }}|{{ text|linebreaksbr }}|'
            "{{ size|filesizeformat }}|{{ missing }}|{{ missing.attr }}",
            '{{ w|date("j. F Y H:i") }}|{{ w|time("H:i") }}|{{ d|date("l j. F Y") }}|'
            '{{ names|join(", ") }}|{{ text|linebreaks }}|{{ text|linebreaksbr }}|'
            "{{ size|filesizeformat }}|{{ missing }}|{{ missing.attr }}",
        ),
        {
            "w": when,
            "d": datetime.date(2024, 3, 4),
            "names": ["O'Brien", "<Søn>", 3],
            "text": "Første linje & anden\n\nNyt <afsnit>",
            "size": 1536000,
        },
    )
    assert django == jinja
    assert "1. januar 2025 00:30" in jinja


def page_request(user=None, *, message: str = ""):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/organer/1/?aar=2024")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    if message:
        get_messages(request).add(constants.WARNING, message)
    return request


def without_tokens(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1…", html)


LAYOUT = (
    '{% extends "base.html" %}{% block title %}Titel{% endblock %}'
    "{% block content %}<p>x</p>{% endblock %}",
    '{% extends "base.html" %}{% block title %}Titel{% endblock %}'
    "{% block content %}<p>x</p>{% endblock %}",
)


@pytest.mark.parametrize("persona", [None, "member", "secretariat", "admin_user"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_layout_twins_print_the_same_page(request, persona, language):
    user = request.getfixturevalue(persona) if persona else None
    message = 'Mødet er gemt & sendt til "alle"' if persona == "member" else ""
    with translation.override(language):
        rendered = [
            without_tokens(
                engines[name].from_string(source).render({}, page_request(user, message=message))
            )
            for name, source in zip(("django", "jinja2"), LAYOUT, strict=True)
        ]
    assert rendered[0] == rendered[1]
    assert "<p>x</p>" in rendered[1] and "Titel – Klynge" in rendered[1]


def test_the_layout_has_one_csrf_token_per_page(member):
    page = engines["jinja2"].from_string(LAYOUT[1]).render({}, page_request(member))
    tokens = set(re.findall(r'(?:csrfmiddlewaretoken" value="|X-CSRFToken": ")([^"]+)', page))
    assert len(tokens) == 1


@pytest.mark.django_db
def test_the_history_twins_print_the_same(secretariat):
    body = BodyFactory(name="Styregruppen for O'Brien & <Søn>")
    record(actor=secretariat, action="body.update", obj=body, changes={"name": ["A", body.name]})
    record(actor=None, action="body.update", obj=body, changes={"is_active": [True, False]})
    assert AuditEvent.objects.count() == 2
    context = {"history": history_for(body)[:20]}
    django = engines["django"].get_template("audit/_history.html").render(context)
    jinja = engines["jinja2"].get_template("audit/_history.html").render(context)
    assert django == jinja
    assert "O&#x27;Brien &amp;" in jinja and "systemet" in jinja


@pytest.mark.django_db
def test_the_breadcrumbs_twins_print_the_same():
    body = BodyFactory(name="O'Brien & <Søn>")
    django, jinja = both(
        (
            '{% breadcrumbs "cluster_list" _("Klynger") body.cluster body.cluster.name '
            "body body.name %}",
            '{% from "front/macros.html" import breadcrumbs %}'
            '{{ breadcrumbs([(url("cluster_list"), _("Klynger")), '
            "(body.cluster.get_absolute_url(), body.cluster.name), "
            "(body.get_absolute_url(), body.name)]) }}",
        ),
        {"body": body},
    )
    assert django == jinja


def test_make_messages_finds_every_text_of_the_jinja_templates():
    """makemessages reads Jinja templates as Django's: each `_("…")` must stand where it looks
    (`{{ _("…") }}`, `{{ _("…")|fill(…) }}`), not inside a `{% %}` tag or after another value."""
    from pathlib import Path

    from django.conf import settings
    from django.utils.translation.template import templatize

    templates = list(Path(settings.BASE_DIR, "klynge").glob("*/jinja2/**/*.html"))
    assert templates
    for path in templates:
        source = path.read_text()
        # Django's lexer turns {{ _("…") }} into _("…") and the rest into gettext('…').
        found = re.findall(r"(?:gettext|\b_)\(u?['\"]", templatize(source, origin=str(path)))
        assert len(found) == source.count('_("') + source.count("_('"), path


@pytest.mark.parametrize("language", ["da", "en"])
def test_more_filters_print_the_same(language):
    with translation.override(language):
        django, jinja = both(
            (
                "{{ amount|kroner }}|{{ text|truncatechars:12 }}|"
                "{% blocktranslate count n=n %}{{ n }} dag siden{% plural %}{{ n }} dage siden"
                "{% endblocktranslate %}",
                "{{ amount|kroner }}|{{ text|truncatechars(12) }}|"
                '{{ ngettext("%(n)s dag siden", "%(n)s dage siden", n)|fill(n=n) }}',
            ),
            {"amount": 1250000, "text": "En lang note om O'Brien & <Søn>", "n": 3},
        )
    assert django == jinja
