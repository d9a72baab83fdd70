"""Building a meeting's agenda: add, change, move and remove items; download an item's paper."""

from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from governance.forms.agenda import AgendaItemForm
from governance.meetings import AGENDA_CLOSED, add_item, edit_item, move_item, remove_item
from governance.pages import item_form_page
from governance.uploads import content_type_of
from governance.views.meetings.meetings import item_or_404, meeting_or_404, posted
from programmes.exceptions import TransitionNotAllowed


def create(request, partnership, meeting):
    partnership, meeting = meeting_or_404(request, partnership, meeting, "manage_meeting")
    if meeting.is_closed:
        messages.info(request, AGENDA_CLOSED)
        return redirect(meeting)
    form = AgendaItemForm(posted(request), request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            item = add_item(meeting, request.user, form.save(commit=False),
                            risks=form.cleaned_data["risks"], paper=form.cleaned_data["paper"])
        except TransitionNotAllowed as refused:
            messages.info(request, refused.message)
            return redirect(meeting)
        messages.success(request, f"Agenda item {item.number} added: {item.title}")
        return redirect(meeting)
    context = item_form_page(meeting)
    context["form"] = form
    return render(request, "governance/agenda_item_form.html", context)


def edit(request, partnership, meeting, item):
    partnership, meeting = meeting_or_404(request, partnership, meeting, "manage_meeting")
    item = item_or_404(meeting, item, request.user)
    if meeting.is_closed:
        messages.info(request, AGENDA_CLOSED)
        return redirect(meeting)
    form = AgendaItemForm(posted(request), request.FILES or None, instance=item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            item = edit_item(form.instance, request.user, risks=form.cleaned_data["risks"],
                             paper=form.cleaned_data["paper"],
                             remove_paper=form.cleaned_data.get("remove_paper", False))
        except TransitionNotAllowed as refused:
            messages.info(request, refused.message)
            return redirect(meeting)
        messages.success(request, f"Agenda item {item.number} saved: {item.title}")
        return redirect(meeting)
    context = item_form_page(meeting, item)
    context["form"] = form
    return render(request, "governance/agenda_item_form.html", context)


def move(request, partnership, meeting, item):
    partnership, meeting = meeting_or_404(request, partnership, meeting, "manage_meeting")
    item = item_or_404(meeting, item, request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        move_item(item, request.user, request.POST.get("direction", ""))
    except TransitionNotAllowed as refused:
        messages.info(request, refused.message)
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")


def delete(request, partnership, meeting, item):
    partnership, meeting = meeting_or_404(request, partnership, meeting, "manage_meeting")
    item = item_or_404(meeting, item, request.user)
    if meeting.is_closed:
        messages.info(request, AGENDA_CLOSED)
        return redirect(meeting)
    if request.method == "POST":
        try:
            remove_item(item, request.user)
        except TransitionNotAllowed as refused:
            messages.info(request, refused.message)
        else:
            messages.success(request, f"Agenda item removed: {item.title}")
        return redirect(meeting)
    context = item_form_page(meeting, item)
    context["title"] = f"Remove “{item.title}” from the agenda?"
    return render(request, "governance/agenda_item_delete.html", context)


def paper(request, partnership, meeting, item):
    partnership, meeting = meeting_or_404(request, partnership, meeting)
    item = item_or_404(meeting, item, request.user)
    if not item.paper:
        raise Http404("This item has no paper.")
    name = item.paper.name
    try:
        handle = item.paper.open("rb")
    except FileNotFoundError:
        raise Http404("The paper's file is missing.") from None
    # The name it was uploaded with, and the extension its content showed.
    filename = Path(item.paper_name or name).stem + Path(name).suffix
    return FileResponse(handle, content_type=content_type_of(name), filename=filename,
                        as_attachment=not name.lower().endswith(".pdf"))
