"""One record of every kind that a partnership URL can name, for walking every URL pattern.

Each app adds the records its URL kwargs need to `SAMPLE_BUILDERS`; a kwarg no builder fills
fails the walk, so a new page cannot escape the isolation test.
"""

from importlib import import_module
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE_BUILDERS = []


def sample_builder(func):
    """Register `func(partnership, kwargs)` that adds URL kwargs (name -> value) for its records."""
    SAMPLE_BUILDERS.append(func)
    return func


def sample_kwargs(partnership):
    # Each app's builders live in tests/<app>_samples.py and register themselves on import.
    for module in sorted(Path(__file__).parent.glob("*_samples.py")):
        import_module(f"tests.{module.stem}")
    kwargs = {"partnership": partnership.slug}
    for build in SAMPLE_BUILDERS:
        build(partnership, kwargs)
    return kwargs


def all_patterns(resolver=None, prefix="", namespace=""):
    """(route, name, converters) for every URL pattern, walking includes."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from all_patterns(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (namespace + p.name) if p.name else None, p


def partnership_url_names():
    """Names of the URL patterns under /p/<partnership>/."""
    return sorted(
        {
            name
            for route, name, _ in all_patterns()
            if route.startswith("p/<slug:partnership>/") and name
        }
    )
