"""The Jinja2 environment of the pages written in Jinja (`<app>/jinja2/` folders).

The pages that list the most (the meeting and body pages) are Jinja templates: rendering them
with Django's template language was most of their time. A page is in one language; the layout
(`front/jinja2/base.html`) and the few partials such pages share with Django-language pages
have a Jinja twin, tested to give the same HTML.

What Django's language does for a page is done the same way here:

- `{{ value }}` is escaped with Django's escape (`&#x27;`, `&quot;`, as in the other pages),
  numbers and dates are localized as Django's templates do;
- `{{ _("Tekst") }}` is `{% translate "Tekst" %}`, and
  `{{ _("Tekst om %(name)s")|fill(name=x) }}` is `{% blocktranslate with name=x %}`: the
  translation as it is, the values escaped (both forms are found by `make messages`);
- `url("name", *args)`, `static("path")`, `{{ csrf_input }}` (one token for the whole page, as
  `{% csrf_token %}`), and Django's `date`, `time`, `linebreaks`, `linebreaksbr`,
  `filesizeformat`, `truncatechars` filters (dates in local time, as Django's templates pass
  them) and the klynge library's `kroner`;
  `join` as Django's, `{{ obj|label("status") }}` for `obj.get_status_display()`, and
  `{% call cached(timeout, "name", *vary_on) %}` for `{% cache %}`;
- `{{ ngettext("%(n)s dag", "%(n)s dage", n)|fill(n=n) }}` is `{% blocktranslate count %}`,
  but makemessages does not find it in a template: make such a text in Python (the view);
- `loop` does not reach an included template: pass what it needs (`first=loop.first`).
"""

import functools
import html
from typing import Any

import jinja2
from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.utils import make_template_fragment_key
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import defaultfilters
from django.test.signals import template_rendered
from django.utils.formats import localize
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import get_language, gettext, ngettext
from markupsafe import Markup, escape

from klynge.core import display
from klynge.core.text import format_kroner


def environment(**options: Any) -> jinja2.Environment:
    # As in Django's templates: a name or attribute that is not there prints nothing, and a
    # template's last line break is kept.
    options.update(autoescape=True, undefined=jinja2.ChainableUndefined, keep_trailing_newline=True)
    env = jinja2.Environment(finalize=_finalize, **options)  # noqa: S701 (autoescape=True above)
    env.template_class = _Template
    env.globals.update(_=gettext, ngettext=ngettext, url=url, static=display.asset, cached=cached)
    env.filters.update(
        fill=fill,
        join=join,
        label=label,
        date=_local(defaultfilters.date),
        time=_local(defaultfilters.time),
        linebreaks=defaultfilters.linebreaks_filter,
        linebreaksbr=defaultfilters.linebreaksbr,
        filesizeformat=defaultfilters.filesizeformat,
        truncatechars=defaultfilters.truncatechars,
        kroner=format_kroner,
    )
    return env


def context(request: HttpRequest) -> dict[str, Any]:
    """The Jinja pages' context processor: one CSRF token for the page, as Django's templates
    have (the backend's `csrf_input` and `csrf_token` make a new one each time they print), and
    `_`, the texts' translations kept per language (the catalogues do not change while the
    server runs), and `url` with the script prefix read once."""
    token = SimpleLazyObject(lambda: get_token(request))
    # gettext looks the active language up on every call: here once per page.
    translated = _translated(get_language())

    def translate(message: str) -> str:
        if message not in translated:
            translated[message] = gettext(message)
        return translated[message]

    return {
        "_": translate,
        "url": display.addresses(),
        "csrf_token": token,
        "csrf_input": SimpleLazyObject(
            lambda: format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', str(token)
            )
        ),
    }


@functools.cache
def _translated(language: str | None) -> dict[str, str]:
    return {}


def url(name: str, *args: Any) -> str:
    """`{% url %}`, its route reversed once and the ids put in (`display.address`)."""
    return display.address(name, *args) if args else display.route(name)


def cached(timeout: int, name: str, *vary_on: Any, caller: Any) -> Markup:
    """`{% call cached(timeout, "name", *vary_on) %}…{% endcall %}`: Django's `{% cache %}`,
    with its keys and in its cache."""
    try:
        fragments = caches["template_fragments"]
    except InvalidCacheBackendError:
        fragments = caches["default"]
    key = make_template_fragment_key(name, vary_on)
    content = fragments.get(key)
    if content is None:
        content = caller()
        fragments.set(key, content, timeout)
    return Markup(content)  # noqa: S704 (rendered by the template)


def _finalize(value: Any) -> Any:
    """What `{{ value }}` prints, as Django's templates print it (render_value_in_context):
    safe text as it is, other text escaped by Django's escape, numbers and dates localized."""
    if isinstance(value, str):
        if hasattr(value, "__html__") or not ('"' in value or "'" in value):
            return value  # safe, or escaped by Jinja as by Django (they differ on quotes)
        return Markup(html.escape(value))  # noqa: S704 (escaped here)
    if hasattr(value, "__html__") or value is None or isinstance(value, int):
        return value  # `int` includes bool; None prints "None" in both languages
    return Markup(html.escape(str(localize(template_localtime(value)))))  # noqa: S704


def _html(value: Any) -> Markup:
    """`value` escaped as `{{ value }}` prints it."""
    return escape(_finalize(value))


def fill(message: str, **values: Any) -> Markup:
    """`{{ _("Godkendt af %(name)s")|fill(name=x) }}`: `{% blocktranslate with name=x %}`, the
    translated text as it is (as Django's) and the values escaped."""
    return Markup(message % {name: _html(value) for name, value in values.items()})  # noqa: S704


def join(values: Any, separator: str) -> Markup:
    """Django's `join`: the values and the separator escaped (Jinja's escapes quotes into
    other entities)."""
    return _html(separator).join(_html(value) for value in values)


def label(obj: Any, field_name: str) -> Any:
    """`{{ obj|label("status") }}`: `obj.get_status_display()`, from the labels translated
    once per language (get_FOO_display translates every choice on each call)."""
    value = getattr(obj, field_name)
    return display.choice_labels(type(obj), field_name).get(value, value)


def _local(django_filter: Any) -> Any:
    """A Django date filter given the local time, as Django's templates give it."""
    return lambda value, arg=None: django_filter(template_localtime(value), arg)


class _Template(jinja2.Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        # Django's test client keeps each rendered template's context (`response.context`)
        # from this signal; nothing listens to it outside tests.
        template_rendered.send(sender=self, template=self, context=dict(*args, **kwargs))
        return super().render(*args, **kwargs)
