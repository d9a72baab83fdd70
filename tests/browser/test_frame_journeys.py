"""A person signs in, sees their partnership, cannot reach another, and is told what is wrong."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_signs_in_and_sees_their_partnership(page, sign_in, viewer, partnership):
    sign_in(viewer)
    expect(page).to_have_title(re.compile("Home"))
    expect(page.get_by_role("heading", name=partnership.name)).to_be_visible()
    page.get_by_role("link", name=re.compile(partnership.name)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(partnership.name)
    # The header names the partnership being looked at.
    expect(page.locator("header")).to_contain_text(partnership.short_name)


def test_another_partnership_is_not_found(page, sign_in, viewer, other_partnership):
    sign_in(viewer)
    response = page.goto(other_partnership.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("Page not found")


def test_a_bad_sign_in_shows_the_error_summary_linked_to_the_field(page, viewer):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("Enter an email address")).click()
    expect(page.get_by_label("Email address")).to_be_focused()
    # What was typed is kept.
    expect(page.get_by_label("Email address")).to_have_value("not-an-email")
