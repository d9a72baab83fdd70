"""The register of interests: published entries for everyone, withheld ones and who has not
declared for the PMO, and the PMO adding and changing entries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Interest
from tests.governance_factories import InterestFactory
from tests.governance_samples import governance
from tests.programme_samples import form_fields, page_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def scenario(partnership, pmo):
    return governance(partnership, pmo)


def register_url(partnership):
    return reverse("interest_register", kwargs={"partnership": partnership.slug})


def create_url(partnership):
    return reverse("interest_create", kwargs={"partnership": partnership.slug})


def test_everyone_in_the_partnership_reads_the_published_entries_and_nil_returns(
    scenario, client_for, viewer
):
    InterestFactory(partnership=scenario.partnership, person=scenario.trust,
                    description="Shareholder in Acme Home Care Ltd",
                    management="Leaves for domiciliary care items.")
    InterestFactory(partnership=scenario.partnership, person=scenario.ccg, nil_return=True,
                    category="", description="")
    page = page_text(client_for(viewer).get(register_url(scenario.partnership)))
    assert "Tara Trust" in page and "Shareholder in Acme Home Care Ltd" in page
    assert "Leaves for domiciliary care items." in page
    assert "Cora Commissioner Nil return No interests to declare" in page


def test_withheld_entries_are_shown_only_to_the_pmo_with_the_reason(scenario, client_for, viewer):
    InterestFactory(partnership=scenario.partnership, person=scenario.council,
                    description="Family member in a care home under review", published=False,
                    withheld_reason="Personal information about a third party")
    assert "Family member" not in page_text(
        client_for(viewer).get(register_url(scenario.partnership)))
    assert "Family member" not in page_text(
        client_for(scenario.chair).get(register_url(scenario.partnership)))
    page = page_text(client_for(scenario.pmo).get(register_url(scenario.partnership)))
    assert "Family member in a care home under review" in page
    assert "Withheld Personal information about a third party" in page


def test_the_pmo_sees_who_has_not_declared_in_the_last_12_months(scenario, client_for, viewer):
    InterestFactory(partnership=scenario.partnership, person=scenario.trust,
                    declared_on=TODAY - timedelta(days=30))
    InterestFactory(partnership=scenario.partnership, person=scenario.ccg, nil_return=True,
                    category="", description="", declared_on=TODAY - timedelta(days=100))
    InterestFactory(partnership=scenario.partnership, person=scenario.council,
                    declared_on=TODAY - timedelta(days=400))
    page = page_text(client_for(scenario.pmo).get(register_url(scenario.partnership)))
    missing = page[page.index("No declaration in the last 12 months"):]
    assert "Colin Council (Programme Board)" in missing
    assert "Chris Chair" in missing
    assert "Tara Trust" not in missing and "Cora Commissioner" not in missing
    viewer_page = page_text(client_for(viewer).get(register_url(scenario.partnership)))
    assert "No declaration in the last 12 months" not in viewer_page


def test_the_register_is_not_found_from_another_partnership(scenario, client_for, outsider):
    assert client_for(outsider).get(register_url(scenario.partnership)).status_code == 404


def test_the_pmo_adds_an_entry(scenario, client_for):
    response = client_for(scenario.pmo).post(create_url(scenario.partnership), {
        "person": scenario.trust.pk, "category": "financial",
        "description": "Shareholder in Acme Home Care Ltd", "organisation": "Acme Home Care",
        "declared_on-day": "2", "declared_on-month": "11", "declared_on-year": "2026",
        "management": "Leaves the meeting for procurement items.", "published": "on"})
    assert response.status_code == 302
    entry = Interest.objects.get(person=scenario.trust)
    assert entry.partnership == scenario.partnership and entry.published
    assert entry.declared_on.isoformat() == "2026-11-02"


def test_a_withheld_entry_needs_a_reason_and_what_was_typed_is_kept(scenario, client_for):
    response = client_for(scenario.pmo).post(create_url(scenario.partnership), {
        "person": scenario.trust.pk, "category": "personal",
        "description": "Partner works for a bidder", "declared_on-day": "2",
        "declared_on-month": "11", "declared_on-year": "2026"})
    page = page_text(response)
    assert "Enter why this entry is withheld from the register." in page
    assert form_fields(response)["description"] == "Partner works for a bidder"
    assert not Interest.objects.exists()


def test_an_entry_needs_a_category_and_interest_unless_it_is_a_nil_return(scenario, client_for):
    client = client_for(scenario.pmo)
    data = {"person": scenario.chair.pk, "declared_on-day": "2", "declared_on-month": "11",
            "declared_on-year": "2026", "published": "on"}
    page = page_text(client.post(create_url(scenario.partnership), data))
    assert "Select the category of the interest, or make a nil return." in page
    assert "Describe the interest, or make a nil return." in page
    client.post(create_url(scenario.partnership), {**data, "nil_return": "on"})
    assert Interest.objects.get(person=scenario.chair).nil_return


def test_the_pmo_changes_an_entry(scenario, client_for):
    entry = InterestFactory(partnership=scenario.partnership, person=scenario.trust)
    client = client_for(scenario.pmo)
    url = reverse("interest_edit", kwargs={"partnership": scenario.partnership.slug,
                                           "interest": entry.pk})
    fields = form_fields(client.get(url))
    fields.update({"end_date-day": "1", "end_date-month": "10", "end_date-year": "2026"})
    client.post(url, fields)
    entry.refresh_from_db()
    assert entry.end_date.isoformat() == "2026-10-01"


def test_only_the_pmo_adds_or_changes_entries(scenario, client_for, viewer):
    entry = InterestFactory(partnership=scenario.partnership, person=scenario.trust)
    edit = reverse("interest_edit", kwargs={"partnership": scenario.partnership.slug,
                                            "interest": entry.pk})
    for person in (viewer, scenario.chair):
        client = client_for(person)
        assert client.get(create_url(scenario.partnership)).status_code == 403
        assert client.post(edit, {"person": person.pk}).status_code == 403


def test_people_from_another_partnership_cannot_be_chosen(scenario, client_for, outsider):
    response = client_for(scenario.pmo).post(create_url(scenario.partnership), {
        "person": outsider.pk, "nil_return": "on", "published": "on",
        "declared_on-day": "2", "declared_on-month": "11", "declared_on-year": "2026"})
    assert "Select a valid choice" in page_text(response)
