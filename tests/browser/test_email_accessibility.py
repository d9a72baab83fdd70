"""The e-mails people are sent pass axe-core's WCAG 2.2 AA checks, as a mail client shows them."""

from datetime import date

import pytest
from django.core import mail

from reminders.sending import run_day
from tests.browser.test_accessibility import _axe
from tests.governance_factories import ActionFactory
from tests.programme_factories import MilestoneFactory
from tests.reminders.conftest import build_world

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 24)  # a Tuesday: the October update is due in two working days


def test_the_daily_digest_email_passes_axe(browser, partnership):
    world = build_world(partnership)
    MilestoneFactory(workstream=world.workstream, title="Trusted assessor in post",
                     owner=world.lead, baseline_date=date(2026, 11, 2),
                     forecast_date=date(2026, 11, 16))
    ActionFactory(meeting=world.meeting, owner=world.lead, due_date=date(2026, 12, 1),
                  reference="PB/2026/11/A1", description="Bring the discharge trajectory")
    run_day(DAY)
    assert mail.outbox
    page = browser.new_page()
    for email in mail.outbox:
        [(html, _)] = email.alternatives
        page.set_content(html)
        assert page.evaluate("document.documentElement.lang").startswith("en")
        assert _axe(page) == [], email.subject
    page.close()
