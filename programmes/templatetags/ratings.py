"""`{% rating_tag value words %}` and `{% mdc_icons variation assurance %}`.

Each renders its include (programmes/includes/) once per distinct input and keeps the result:
a board pack shows hundreds of the same few tags and icons.
"""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def rating_tag(value, words):
    return _render("programmes/includes/rating_tag.html", value=value or "", words=str(words))


@register.simple_tag
def mdc_icons(variation, assurance):
    return _render("programmes/includes/mdc_icons.html", variation=variation or "",
                   assurance=assurance or "")


@lru_cache(maxsize=512)
def _render_cached(name, items):
    return mark_safe(render_to_string(name, dict(items)))  # noqa: S308 (a template's output)


def _render(name, **context):
    return _render_cached(name, tuple(sorted(context.items())))
