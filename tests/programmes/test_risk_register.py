"""The risk register, its heat map and filters, and raising, changing and re-scoring a risk."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Risk, RiskBand, RiskScore
from programmes.risks import rescore_risk
from stp.models import RoleAssignment
from tests.factories import person_with_role
from tests.programme_factories import (
    ProgrammeFactory,
    RiskFactory,
    RiskScoreFactory,
    WorkstreamFactory,
    appointed,
)

Role = RoleAssignment.Role
pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def mental_health(partnership):
    return ProgrammeFactory(partnership=partnership, name="Mental health")


@pytest.fixture
def suicide_prevention(mental_health):
    return WorkstreamFactory(programme=mental_health, name="Suicide prevention")


@pytest.fixture
def crisis_care(mental_health):
    return WorkstreamFactory(programme=mental_health, name="Crisis care")


def risk(workstream, likelihood, consequence, **fields):
    """A risk with its first score recorded, as raising one does."""
    if "owner" not in fields:
        fields["owner"] = person_with_role(workstream.partnership, Role.WORKSTREAM_LEAD,
                                           full_name="Rae Owner")
    made = RiskFactory(workstream=workstream, likelihood=likelihood, consequence=consequence,
                       **fields)
    RiskScoreFactory(risk=made, scored_on=TODAY - timedelta(days=60))
    return made


def text(response):
    """The page's text without tags, spaces collapsed: what a person reads."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def register_url(partnership, **query):
    url = reverse("risk_register", kwargs={"partnership": partnership.slug})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def heat_cell(page, likelihood, consequence):
    """The visually hidden description of one heat map cell."""
    match = re.search(
        rf"(\d+) open risks? with likelihood {likelihood} and consequence {consequence}: "
        r"score (\d+), (\w+)", page)
    return match and (int(match[1]), int(match[2]), match[3])


# The register --------------------------------------------------------------------------------

def test_the_register_lists_each_risk_with_its_score_band_trend_and_review(
    partnership, suicide_prevention, viewer, client_for
):
    rising = risk(suicide_prevention, 3, 4, title="Crisis team vacancies",
                  review_date=TODAY - timedelta(days=3), escalated=True)
    rescore_risk(rising, 4, 4, by=None)
    risk(suicide_prevention, 1, 2, title="Data sharing agreement late",
         review_date=TODAY + timedelta(days=30))

    page = text(client_for(viewer).get(register_url(partnership)))

    assert "Crisis team vacancies" in page and "Data sharing agreement late" in page
    assert f"R{rising.pk:03d}" in page
    assert "16 Extreme" in page  # the current score with its band in words
    assert "6 Moderate" in page  # the target score (2 x 3) with its band
    assert "Up from 12" in page
    assert "First score" in page  # only one score so far: no trend yet
    assert "Overdue" in page
    assert "Escalated" in page
    assert page.index("Crisis team vacancies") < page.index("Data sharing agreement late")


def test_the_summary_counts_open_risks_by_band_in_words(
    partnership, suicide_prevention, viewer, client_for
):
    risk(suicide_prevention, 5, 5, escalated=True)
    risk(suicide_prevention, 4, 4)
    risk(suicide_prevention, 3, 3, review_date=TODAY - timedelta(days=1))
    risk(suicide_prevention, 1, 1, status=Risk.Status.CLOSED)

    page = text(client_for(viewer).get(register_url(partnership)))

    assert "3 open risks: 2 extreme, 1 high." in page
    assert "1 escalated to the board." in page
    assert "1 past its review date." in page


def test_the_heat_map_counts_open_risks_in_each_cell_with_the_band_in_words(
    partnership, suicide_prevention, crisis_care, viewer, client_for
):
    risk(suicide_prevention, 4, 3)
    risk(crisis_care, 4, 3)
    risk(crisis_care, 5, 5)
    risk(crisis_care, 4, 3, status=Risk.Status.CLOSED)  # closed: not on the heat map

    page = text(client_for(viewer).get(register_url(partnership)))

    assert heat_cell(page, "4 Likely", "3 Moderate") == (2, 12, "High")
    assert heat_cell(page, "5 Almost certain", "5 Catastrophic") == (1, 25, "Extreme")
    assert heat_cell(page, "1 Rare", "1 Negligible") == (0, 1, "Low")
    assert "High (12)" in page and "Low (1)" in page  # what a sighted reader sees in a cell


def test_the_heat_map_is_a_table_with_likelihood_5_at_the_top_and_header_cells(
    partnership, viewer, client_for
):
    html = client_for(viewer).get(register_url(partnership)).content.decode()
    table = html[html.index('id="heat-map-caption"'):]
    table = table[:table.index("</table>")]

    row_headers = re.findall(r'<th scope="row"[^>]*>(?:<span[^>]*>Likelihood </span>)?([^<]+)<',
                             table)
    column_headers = re.findall(r'<th scope="col"[^>]*>([^<]+)<', table)
    assert row_headers == ["5 Almost certain", "4 Likely", "3 Possible", "2 Unlikely", "1 Rare"]
    assert column_headers == ["1 Negligible", "2 Minor", "3 Moderate", "4 Major",
                              "5 Catastrophic"]
    assert "app-tag--risk-extreme" in table and "app-tag--risk-low" in table


def test_a_heat_map_cell_links_to_the_register_filtered_to_that_cell(
    partnership, suicide_prevention, viewer, client_for
):
    risk(suicide_prevention, 4, 3, title="In the cell")
    risk(suicide_prevention, 2, 2, title="Elsewhere")
    client = client_for(viewer)
    html = client.get(register_url(partnership)).content.decode()
    link = re.search(r'href="([^"]*likelihood=4[^"]*consequence=3[^"]*)"', html)[1]

    page = text(client.get(link.replace("&amp;", "&")))

    assert "Showing open risks with likelihood 4 Likely and consequence 3 Moderate" in page
    assert "In the cell" in page and "Elsewhere" not in page.split("Showing open risks")[1]


def test_the_filters_narrow_the_register(
    partnership, mental_health, suicide_prevention, crisis_care, viewer, client_for
):
    owner = person_with_role(partnership, Role.WORKSTREAM_LEAD, full_name="Sam Owens")
    other_programme = WorkstreamFactory(programme=ProgrammeFactory(partnership=partnership,
                                                                   name="Urgent care"))
    risk(suicide_prevention, 5, 4, title="Extreme and escalated", escalated=True, owner=owner)
    risk(crisis_care, 2, 3, title="Moderate in crisis care")
    risk(other_programme, 3, 3, title="In urgent care")
    risk(suicide_prevention, 3, 3, title="Closed one", status=Risk.Status.CLOSED)
    extreme = RiskBand.objects.get(partnership=None, label="Extreme")
    client = client_for(viewer)

    def titles(**query):
        page = text(client.get(register_url(partnership, **query)))
        return {t for t in ("Extreme and escalated", "Moderate in crisis care", "In urgent care",
                            "Closed one") if t in page}

    assert titles() == {"Extreme and escalated", "Moderate in crisis care", "In urgent care"}
    assert titles(programme=mental_health.pk) == {"Extreme and escalated",
                                                  "Moderate in crisis care"}
    assert titles(workstream=crisis_care.pk) == {"Moderate in crisis care"}
    assert titles(owner=owner.pk) == {"Extreme and escalated"}
    assert titles(band=extreme.pk) == {"Extreme and escalated"}
    assert titles(escalated="yes") == {"Extreme and escalated"}
    assert titles(status="closed") == {"Closed one"}
    assert titles(status="all") == {"Extreme and escalated", "Moderate in crisis care",
                                    "In urgent care", "Closed one"}


def test_the_register_uses_the_partnerships_own_bands_when_it_has_them(
    partnership, suicide_prevention, viewer, client_for
):
    RiskBand.objects.create(partnership=partnership, min_score=1, max_score=9, label="Tolerable",
                            colour="green")
    RiskBand.objects.create(partnership=partnership, min_score=10, max_score=25,
                            label="Intolerable", colour="red")
    risk(suicide_prevention, 3, 4)

    page = text(client_for(viewer).get(register_url(partnership)))

    assert "12 Intolerable" in page
    assert "Extreme" not in page
    assert heat_cell(page, "3 Possible", "4 Major") == (1, 12, "Intolerable")


def test_the_register_costs_the_same_queries_for_3_risks_as_for_40(
    partnership, suicide_prevention, crisis_care, viewer, client_for
):
    client = client_for(viewer)
    owners = [person_with_role(partnership, Role.WORKSTREAM_LEAD) for _ in range(3)]

    def grow(count):
        for i in range(count):
            made = risk(suicide_prevention if i % 2 else crisis_care, i % 5 + 1, (i * 3) % 5 + 1,
                        owner=owners[i % 3], review_date=TODAY - timedelta(days=i - 10))
            rescore_risk(made, (i + 1) % 5 + 1, made.consequence, by=None)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(register_url(partnership)).status_code == 200
        return len(captured.captured_queries)

    grow(3)
    queries()  # the first request also fills per-process caches (content types)
    small = queries()
    grow(37)
    assert queries() == small
    print(f"risk register: {small} queries at 3 risks and at 40")


def test_a_risk_of_another_partnership_is_not_found(
    other_partnership, partnership, pmo, client_for
):
    elsewhere = risk(WorkstreamFactory(programme__partnership=other_partnership), 3, 3)
    url = reverse("risk", kwargs={"partnership": partnership.slug, "risk": elsewhere.pk})
    assert client_for(pmo).get(url).status_code == 404


# A risk --------------------------------------------------------------------------------------

def test_the_risk_page_shows_every_field_and_the_rescore_history(
    partnership, suicide_prevention, viewer, client_for
):
    owner = appointed(Role.WORKSTREAM_LEAD, suicide_prevention, full_name="Lee Hart")
    made = risk(suicide_prevention, 3, 4, owner=owner, controls="Agency staff booked",
                gaps_in_control="No cover at weekends", further_actions="Recruit two nurses",
                review_date=date(2030, 1, 31), consequence_domain=Risk.Domain.SERVICE)
    rescore_risk(made, 4, 4, by=owner, note="Two more leavers")

    page = text(client_for(viewer).get(made.get_absolute_url()))

    for words in ("Because the crisis team has four vacancies",
                  "there is a risk that people in crisis wait longer",
                  "which would mean avoidable harm", "Lee Hart", "Suicide prevention",
                  "Service interruption", "Agency staff booked", "No cover at weekends",
                  "Recruit two nurses", "31 January 2030", "Initial 4 Likely 4 Major 16 Extreme",
                  "Current 4 Likely 4 Major 16 Extreme", "Target 2 Unlikely 3 Moderate 6 Moderate",
                  "Up from 12", "Two more leavers"):
        assert words in page, words
    history = page[page.index("Re-score history"):]
    assert history.index("16 Extreme") < history.index("12 High")  # latest first


def test_raising_a_risk_saves_it_with_its_first_score(
    partnership, suicide_prevention, client_for
):
    lead = appointed(Role.WORKSTREAM_LEAD, suicide_prevention, full_name="Lee Hart")
    data = {
        "title": "Bereavement service contract delayed",
        "belongs_to": f"workstream-{suicide_prevention.pk}", "owner": lead.pk,
        "cause": "Because procurement started late", "event": "there is a risk that the "
        "service starts after April", "effect": "which would mean families wait for support",
        "consequence_domain": "business", "initial_likelihood": "4", "initial_consequence": "3",
        "likelihood": "3", "consequence": "3", "target_likelihood": "1",
        "target_consequence": "3", "review_date-day": "1", "review_date-month": "3",
        "review_date-year": "2030",
    }
    response = client_for(lead).post(
        reverse("risk_create", kwargs={"partnership": partnership.slug}), data)

    saved = Risk.objects.get(title="Bereavement service contract delayed")
    assert response.status_code == 302 and response["Location"] == saved.get_absolute_url()
    assert (saved.current_score, saved.partnership, saved.review_date) == (
        9, partnership, date(2030, 3, 1))
    first = saved.scores.get()
    assert (first.score, first.scored_by, first.scored_on) == (9, lead, TODAY)


@pytest.mark.parametrize(("field", "message"), [
    ("likelihood", "Enter a likelihood from 1 (rare) to 5 (almost certain)"),
    ("consequence", "Enter a consequence from 1 (negligible) to 5 (catastrophic)"),
    ("target_likelihood", "Enter a target likelihood from 1 (rare) to 5 (almost certain)"),
])
def test_a_score_off_the_matrix_is_refused_at_its_field(
    partnership, suicide_prevention, pmo, client_for, field, message
):
    made = risk(suicide_prevention, 3, 4)
    url = reverse("risk_edit", kwargs={"partnership": partnership.slug, "risk": made.pk})
    client = client_for(pmo)
    data = _edit_data(client, url)
    data[field] = "6"

    response = client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f'<a href="#id_{field}">{message}</a>' in html  # the error summary links to it
    assert re.search(rf'id="id_{field}-error">\s*<span[^>]*>Error: </span>{re.escape(message)}',
                     html)
    made.refresh_from_db()
    assert (made.likelihood, made.scores.count()) == (3, 1)


def _edit_data(client, url):
    """The edit form's fields as the page fills them in."""
    html = client.get(url).content.decode()
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if name != "csrfmiddlewaretoken":
            data[name] = value
    for name, value in re.findall(r'<input[^>]*value="([^"]*)"[^>]*name="([^"]+)"', html):
        data.setdefault(value, name)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen[1] if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html,
                                 re.S):
        data[name] = body.strip()
    for match in re.finditer(r'<input[^>]*type="(?:radio|checkbox)"[^>]*>', html):
        tag = match[0]
        if "checked" in tag:
            data[re.search(r'name="([^"]+)"', tag)[1]] = re.search(r'value="([^"]*)"', tag)[1]
        elif 'type="checkbox"' in tag:
            data.pop(re.search(r'name="([^"]+)"', tag)[1], None)
    return data


def test_changing_the_current_score_records_a_rescore_with_author_and_date(
    partnership, suicide_prevention, client_for
):
    lead = appointed(Role.WORKSTREAM_LEAD, suicide_prevention, full_name="Lee Hart")
    made = risk(suicide_prevention, 3, 4)
    url = reverse("risk_edit", kwargs={"partnership": partnership.slug, "risk": made.pk})
    client = client_for(lead)
    data = _edit_data(client, url)
    data.update(likelihood="2", rescore_note="Agency nurses in post")

    response = client.post(url, data)

    assert response.status_code == 302
    made.refresh_from_db()
    assert made.current_score == 8
    latest = made.scores.first()
    assert (latest.score, latest.scored_by, latest.scored_on, latest.note) == (
        8, lead, TODAY, "Agency nurses in post")
    page = text(client.get(made.get_absolute_url()))
    assert "Down from 12" in page and "Lee Hart" in page


def test_changing_other_fields_does_not_add_a_rescore(
    partnership, suicide_prevention, pmo, client_for
):
    made = risk(suicide_prevention, 3, 4)
    url = reverse("risk_edit", kwargs={"partnership": partnership.slug, "risk": made.pk})
    client = client_for(pmo)
    data = _edit_data(client, url)
    data.update(controls="Weekly vacancy review", escalated="on")

    assert client.post(url, data).status_code == 302
    made.refresh_from_db()
    assert made.controls == "Weekly vacancy review" and made.escalated
    assert made.scores.count() == 1


def test_closing_a_risk_records_the_day_it_closed(
    partnership, suicide_prevention, pmo, client_for
):
    made = risk(suicide_prevention, 3, 4)
    url = reverse("risk_edit", kwargs={"partnership": partnership.slug, "risk": made.pk})
    client = client_for(pmo)
    data = _edit_data(client, url)
    data["status"] = "closed"

    client.post(url, data)

    made.refresh_from_db()
    assert (made.status, made.closed_on) == ("closed", TODAY)


def test_a_save_based_on_an_old_copy_is_refused_and_keeps_what_was_typed(
    partnership, suicide_prevention, pmo, client_for
):
    made = risk(suicide_prevention, 3, 4)
    url = reverse("risk_edit", kwargs={"partnership": partnership.slug, "risk": made.pk})
    client = client_for(pmo)
    data = _edit_data(client, url)
    someone = person_with_role(partnership, Role.PMO, full_name="Ola Quinn")
    theirs = Risk.objects.get(pk=made.pk)
    theirs.controls = "Their controls"
    theirs._history_user = someone
    theirs.save()
    data["controls"] = "My controls"

    response = client.post(url, data)

    page = text(response)
    assert response.status_code == 200
    assert "Ola Quinn saved this risk while you were editing it" in page
    assert "Their controls" in page and "My controls" in page
    made.refresh_from_db()
    assert made.controls == "Their controls"
    # Saving again, having seen their change, goes through.
    again = _edit_data(client, url) | {"controls": "My controls"}
    again["seen"] = re.search(r'name="seen" value="(\d+)"', response.content.decode())[1]
    assert client.post(url, again).status_code == 302
    made.refresh_from_db()
    assert made.controls == "My controls"


def test_a_lead_can_only_put_a_new_risk_in_their_own_workstream(
    partnership, suicide_prevention, crisis_care, client_for
):
    lead = appointed(Role.WORKSTREAM_LEAD, suicide_prevention)
    url = reverse("risk_create", kwargs={"partnership": partnership.slug})
    page = client_for(lead).get(url).content.decode()
    assert f'value="workstream-{suicide_prevention.pk}"' in page
    assert f'value="workstream-{crisis_care.pk}"' not in page

    response = client_for(lead).post(url, {"belongs_to": f"workstream-{crisis_care.pk}"})
    assert "Select a workstream or programme you look after" in response.content.decode()
    assert not RiskScore.objects.exists()
