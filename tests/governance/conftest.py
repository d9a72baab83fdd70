"""Fixtures for the governance tests: uploaded files kept out of the repository, Celery run
in-process, and the board pack scenario."""

import pytest

from tests.governance_pack_samples import pack_scenario


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded papers and printed PDFs go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def eager_tasks():
    """Celery tasks run in-process, as without Redis (the PostgreSQL pass sets REDIS_URL)."""
    from stp.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = before


@pytest.fixture
def scenario(partnership, media_root):
    return pack_scenario(partnership)
