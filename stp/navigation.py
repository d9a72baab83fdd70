"""The sections of a partnership that apps offer, and which of them a person may open.

`stp` knows no app: each app registers its sections when it is ready, and the home page and
the header ask this registry, which asks the permissions module.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from stp.permissions import may


@dataclass(frozen=True)
class Section:
    title: str
    url_name: str
    action: str  # the permission asked, of the partnership
    description: str = ""
    order: int = 100


SECTIONS: list[Section] = []


def register(section):
    SECTIONS.append(section)
    SECTIONS.sort(key=lambda s: (s.order, s.title))


def sections_for(user, partnership):
    """The sections of `partnership` this user may open, with their links."""
    return [
        {
            "title": s.title,
            "description": s.description,
            "url": reverse(s.url_name, kwargs={"partnership": partnership.slug}),
        }
        for s in SECTIONS
        if may(user, s.action, partnership)
    ]


# Pages that span partnerships (NHS England's region pages): an app registers a function giving
# a person's links, [{"title", "url", "description"}]; the home page lists them.
LINK_SOURCES: list[Callable] = []


def register_links(source):
    LINK_SOURCES.append(source)


def links_for(user):
    return [link for source in LINK_SOURCES for link in source(user)]
