"""Registries of the data loaders behind `load_demo` and `generate_load_data`.

`stp` knows no app, so each app registers its own loader when it is ready; loaders run in
registration order (the frame's first), each in the same transaction as the others.
"""

DEMO_LOADERS = []
LOAD_DATA_BUILDERS = []


def demo_loader(func):
    """Register `func(context)` adding an app's demo data; `context` holds earlier results."""
    DEMO_LOADERS.append(func)
    return func


def load_data_builder(func):
    """Register `func(context, scale)`, which adds an app's synthetic load data."""
    LOAD_DATA_BUILDERS.append(func)
    return func
