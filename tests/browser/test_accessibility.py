"""Every page a person can reach passes axe-core's WCAG 2.2 AA checks, as each role.

One world holds a record of every kind a URL can name (tests/*_samples.py). Each role walks every
named URL; each page it may open is checked by axe-core (the npm package, run in Debian's
Chromium), and each form on it is sent empty once so that its error messages are checked too.
The walk then compares what it reached with the URL patterns: a page no role reached fails the
test, so a new page cannot escape the check.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stp.models import RoleAssignment
from tests.factories import RoleAssignmentFactory, person_with_role
from tests.governance_factories import BoardMembershipFactory
from tests.samples import all_patterns, sample_kwargs

pytestmark = [pytest.mark.django_db(transaction=True)]

Role = RoleAssignment.Role
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Not pages of ours: Django's admin (the PMO's back office, outside the service's pages) and
# the sign-out and password-reset steps that need a token from an e-mail.
NOT_WALKED = re.compile(r"^(admin:|logout$|password_reset_confirm$)")
# Forms that are sent empty only on purpose: these change something with no field to fill in.
NO_FIELDS = "input:not([type=hidden]):not([type=submit]), textarea, select"


@dataclass
class Walk:
    checked: dict = field(default_factory=dict)  # URL name -> roles that saw it as a page
    other: dict = field(default_factory=dict)  # URL name -> what it answered (file, 405 ...)
    violations: list = field(default_factory=list)
    error_pages: list = field(default_factory=list)


def _people(partnership, kwargs):
    from governance.models import Board
    from programmes.models import Workstream

    workstream = Workstream.objects.get(pk=kwargs["workstream"])
    member = person_with_role(partnership, Role.BOARD_MEMBER)
    for board in Board.objects.filter(partnership=partnership):
        BoardMembershipFactory(board=board, person=member)
    lead = RoleAssignmentFactory(partnership=None, region=partnership.region,
                                 role=Role.ASSURANCE_LEAD).person
    return {
        "PMO": person_with_role(partnership, Role.PMO),
        "programme director": person_with_role(partnership, Role.PROGRAMME_DIRECTOR),
        "SRO": person_with_role(partnership, Role.SRO, scope=workstream),
        "workstream lead": person_with_role(partnership, Role.WORKSTREAM_LEAD, scope=workstream),
        "board member": member,
        "viewer": person_with_role(partnership, Role.VIEWER),
        "assurance lead": lead,
        "signed out": None,
    }


def _reachable(partnership, kwargs, pmo):
    """Make the sample records a coherent world: the sample meeting, held in public, has a
    paper, a published and printed pack, and has been held; a draft update waits to be edited.
    Returns the kwargs of the pages that need other records than the rest ({name: kwargs})."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    from governance.meetings import edit_item, mark_held
    from governance.models import AgendaItem, Meeting
    from governance.pack_pdf import print_pack
    from governance.publishing import publish_pack
    from programmes.models import StatusUpdate, Workstream
    from tests.programme_factories import StatusUpdateFactory
    from tests.programme_samples import due_month

    Meeting.objects.filter(pk=kwargs["meeting"]).update(
        starts_at=timezone.now() - timedelta(days=1), held_in_public=True)
    meeting = Meeting.objects.get(pk=kwargs["meeting"])
    writer, paper = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(paper)
    edit_item(AgendaItem.objects.get(pk=kwargs["item"]), pmo,
              paper=SimpleUploadedFile("paper.pdf", paper.getvalue(), "application/pdf"))
    pack = publish_pack(meeting, pmo, queue=False)
    print_pack(pack)
    mark_held(meeting, pmo)
    kwargs.update(version=pack.version,
                  section=next(s["slug"] for s in pack.sections if s["slug"].startswith("paper-")))
    draft = StatusUpdateFactory(workstream=Workstream.objects.get(pk=kwargs["workstream"]),
                                period=due_month(), status=StatusUpdate.Status.DRAFT)
    return {"update_edit": {**kwargs, "update": draft.pk}}


def _urls(kwargs, variants):
    """(name, URL) for every named pattern the samples can fill."""
    for route, name, _ in all_patterns():
        if not name or NOT_WALKED.match(name):
            continue
        kwargs_for_name = variants.get(name, kwargs)
        wanted = re.findall(r"<(?:\w+:)?(\w+)>", route)
        missing = [k for k in wanted if k not in kwargs_for_name]
        assert not missing, f"No sample record for {missing} in {name}: add a sample builder"
        yield name, reverse(name, kwargs={k: kwargs_for_name[k] for k in wanted})


def _axe(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(", ".join(node["target"]) for node in v["nodes"][:3])
        for v in result["violations"]
    ]


def _signed_in_context(browser, live_server, person):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    if person is not None:
        client = Client()
        client.force_login(person)
        context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }])
    return context


def _send_forms_empty(page, url, walk, label):
    """Send each form of the page with its text fields emptied; check the page of errors."""
    forms = page.locator("main form[method=post]")
    for index in range(forms.count()):
        form = forms.nth(index)
        if form.locator(NO_FIELDS).count() == 0:
            continue  # a button alone (publish, sign off ...): sending it would change data
        page.goto(url)
        form = page.locator("main form[method=post]").nth(index)
        for field_ in form.locator("input[type=text], input[type=email], input[type=number], "
                                   "input:not([type]), textarea").all():
            if field_.is_visible() and field_.is_editable():
                field_.fill("")
        button = form.locator("button[type=submit], input[type=submit]").first
        if not button.is_visible():
            continue  # inside a closed "details": opening it is a click away, not checked here
        button.click()
        page.wait_for_load_state()
        if page.locator(".nhsuk-error-summary").count():
            walk.error_pages.append(f"{label}: {page.url}")
            for problem in _axe(page):
                walk.violations.append(f"{label} {page.url} (form errors): {problem}")


def test_every_page_passes_axe_for_every_role(
    browser, live_server, partnership, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    kwargs = sample_kwargs(partnership)
    people = _people(partnership, kwargs)
    variants = _reachable(partnership, kwargs, people["PMO"])
    urls = list(_urls(kwargs, variants))
    walk = Walk()
    for label, person in people.items():
        context = _signed_in_context(browser, live_server, person)
        page = context.new_page()
        for name, url in urls:
            probe = context.request.get(url, max_redirects=0)
            status, kind = probe.status, probe.headers.get("content-type", "")
            if status == 200 and kind.startswith("text/html"):
                page.goto(url)
                walk.checked.setdefault(name, []).append(label)
                for problem in _axe(page):
                    walk.violations.append(f"{label} {url}: {problem}")
                _send_forms_empty(page, url, walk, label)
            elif status == 200 or status == 405:
                walk.other.setdefault(name, set()).add(f"{status} {kind.split(';')[0]}")
        context.close()

    print("\nPages checked with axe-core (WCAG 2.2 AA), by role:")
    for name, roles in sorted(walk.checked.items()):
        print(f"  {name}: {', '.join(roles)}")
    print("Answered with a file or refused GET (not pages):")
    for name, answers in sorted(walk.other.items()):
        print(f"  {name}: {', '.join(sorted(answers))}")
    print("Forms checked with their errors showing:")
    for line in walk.error_pages:
        print(f"  {line}")
    unreached = sorted({n for n, _ in urls} - set(walk.checked) - set(walk.other))
    assert not unreached, f"No role reached these pages, so axe never checked them: {unreached}"
    assert not walk.violations, "\n".join(walk.violations)
