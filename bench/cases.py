"""The benchmark cases: each times one operation a user waits for, at one scale.

A case is a function `case(context) -> callable`; the callable is timed. `context` holds the
scale, the synthetic partnership and a test client signed in as the bench user.
"""

from itertools import count

from django.test import Client
from django.urls import reverse

from stp import loaddata

CASES = []


def case(name, runs=None):
    """Register a case; `runs` caps the timed runs of a slow one (a PDF takes seconds)."""

    def register(func):
        CASES.append((name, func, runs))
        return func

    return register


@case("home page")
def home_page(context):
    client = context["client"]
    url = reverse("home")
    return lambda: _ok(client.get(url))


@case("partnership page")
def partnership_page(context):
    client = context["client"]
    url = context["partnership"].get_absolute_url()
    return lambda: _ok(client.get(url))


@case("sign-in")
def sign_in(context):
    email = loaddata.bench_email(context["scale"])
    url = reverse("login")

    def run():
        client = Client()
        response = client.post(url, {"username": email, "password": loaddata.BENCH_PASSWORD})
        assert response.status_code == 302, response.status_code

    return run


def _ok(response):
    assert response.status_code == 200, response.status_code
    return response


# Programmes: the workstream page and saving the monthly update -----------------------------

def _first_workstream(partnership):
    from programmes.models import Workstream

    return Workstream.objects.filter(partnership=partnership).order_by("pk").first()


@case("workstream page")
def workstream_page(context):
    client = context["client"]
    workstream = _first_workstream(context["partnership"])
    url = reverse("workstream", kwargs={"partnership": context["partnership"].slug,
                                        "workstream": workstream.pk})
    return lambda: _ok(client.get(url))


@case("update save")
def update_save(context):
    """The first workstream's lead saves their draft update, changing its summary each time."""
    from django.utils import timezone

    from programmes.forms.updates import MonthlyUpdateForm
    from programmes.models import StatusUpdate
    from programmes.pages import update_form_data, updates_in
    from stp.models import RoleAssignment

    partnership = context["partnership"]
    workstream = _first_workstream(partnership)
    lead = (RoleAssignment.objects.scoped_to(workstream)
            .get(role=RoleAssignment.Role.WORKSTREAM_LEAD).person)
    update = (updates_in(partnership)
              .filter(workstream=workstream, status=StatusUpdate.Status.DRAFT)
              .order_by("-period").first())
    client = Client()
    client.force_login(lead)
    url = reverse("update_edit", kwargs={"partnership": partnership.slug, "update": update.pk})
    page = update_form_data(update, lead, timezone.localdate())
    data = {**_initial_post_data(MonthlyUpdateForm(page).forms), "action": "save"}
    summary = data["update-summary"]
    saves = iter(range(1, 10**9))

    def run():
        data["update-summary"] = f"{summary} (saved by the benchmark, {next(saves)})"
        response = client.post(url, data)
        assert response.status_code == 302, _form_errors(response)
        data["update-version"] = int(data["update-version"]) + 1  # the save claimed the next

    return run


def _initial_post_data(forms):
    """What a browser sends for unchanged forms: each widget's own rendering of its initial."""
    data = {}
    for form in forms:
        for bound in form:
            widget = bound.field.widget.get_context(bound.html_name, bound.value(), {})["widget"]
            for part in widget.get("subwidgets") or [widget]:
                value = part["value"]
                if isinstance(value, list):  # a choice widget: the chosen values
                    value = value[0] if value else ""
                data[part["name"]] = "" if value is None else value
    return data


def _form_errors(response):
    form = response.context and response.context.get("form")
    return form.errors() if form else response.status_code


# Governance: compiling the board pack and printing it -----------------------------------------

def _upcoming_meeting(partnership):
    from governance.models import Meeting

    return (Meeting.objects.filter(board__partnership=partnership,
                                   status=Meeting.Status.SCHEDULED)
            .select_related("board__partnership").order_by("starts_at").first())


@case("pack html: preview, the full version's sections")
def pack_preview(context):
    from governance.packs import preview_pack

    meeting = _upcoming_meeting(context["partnership"])
    return lambda: preview_pack(meeting)


@case("pack html: compile both versions and their printable documents")
def pack_html(context):
    from governance.packs import compile_pack

    meeting = _upcoming_meeting(context["partnership"])
    return lambda: compile_pack(meeting)


@case("pack pdf: print the full version, papers and page numbers", runs=3)
def pack_pdf(context):
    from governance.models import BoardPack
    from governance.pack_pdf import render_version
    from governance.publishing import publish_pack
    from stp.models import User

    meeting = _upcoming_meeting(context["partnership"])
    pack = BoardPack.objects.filter(meeting__board__partnership=context["partnership"]).first()
    if pack is None:
        bench_user = User.objects.get(email=loaddata.bench_email(context["scale"]))
        pack = publish_pack(meeting, bench_user, queue=False)
    return lambda: render_version(pack, pack.html, pack.sections)


# Governance: rendering the assurance report's files ------------------------------------------

def _assurance_data(partnership):
    """The load partnership's report for its reporting month, compiled once (not timed)."""
    from django.utils import timezone

    from governance.assurance import compile_report, report_for
    from programmes.pages import reporting_month

    return compile_report(report_for(partnership, reporting_month(timezone.localdate())))


@case("assurance pdf: render a report", runs=3)
def assurance_pdf(context):
    from governance.assurance_pdf import report_pdf

    data = _assurance_data(context["partnership"])
    return lambda: report_pdf(data)


@case("assurance xlsx: render a report")
def assurance_xlsx(context):
    from governance.assurance_xlsx import report_xlsx

    data = _assurance_data(context["partnership"])
    return lambda: report_xlsx(data)


# Governance: compiling the assurance report ---------------------------------------------------

@case("assurance: compile a report")
def assurance_compile(context):
    """The load partnership's draft for its reporting month, compiled from the live data."""
    from django.utils import timezone

    from governance.assurance import compile_report, report_for
    from programmes.pages import reporting_month

    report = report_for(context["partnership"], reporting_month(timezone.localdate()))
    return lambda: compile_report(report)


# Reminders: the daily run -------------------------------------------------------------------

DIGEST_PEOPLE, DIGEST_ITEMS = 5000, 20
# Each run is the next working day, across scales, so every run has a full day's reminders.
_digest_days = count(1)


@case("digest: compute and send the digests for 5,000 people with 20 things each", runs=3)
def digest_run(context):
    """The daily run on a day when 5,000 people each owe 20 overdue things (board actions and
    milestones), besides the load partnership's: work out what is due, record it and e-mail one
    digest to each person. Overdue things are reminded every working day, so each run, on the
    next working day, records and sends the whole lot again. The e-mails go to the test outbox."""
    from django.core import mail
    from django.utils import timezone

    from reminders.loaddata import build_owing
    from reminders.sending import run_day
    from stp.workingdays import add_working_days

    build_owing(DIGEST_PEOPLE, DIGEST_ITEMS)
    today = timezone.localdate()

    def run():
        mail.outbox.clear()  # a run's 5,000 e-mails, not every run's
        outcome = run_day(add_working_days(today, next(_digest_days)))
        assert outcome.sent >= DIGEST_PEOPLE and not outcome.failed, outcome

    return run
