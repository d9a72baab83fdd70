"""Attendance, the minutes of a meeting, an item's minutes, and approving the minutes."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from governance.forms.meetings import ApproveMinutesForm
from governance.forms.minutes import ITEM_FORMS, AttendanceForm
from governance.meetings import (
    MINUTES_CLOSED,
    add_action,
    approve_minutes,
    record_attendance,
    record_decision,
    record_declaration,
    record_item_minutes,
    remove_minuted,
)
from governance.models import Action, Attendance, Decision, Declaration, Meeting
from governance.pages import attendance_members, attendance_page, item_minutes_page, minutes_page
from governance.views.meetings.meetings import item_or_404, meeting_or_404, meeting_url, posted
from programmes.exceptions import TransitionNotAllowed


def attendance(request, partnership, meeting):
    partnership, meeting = meeting_or_404(request, partnership, meeting, "manage_meeting")
    if meeting.is_closed:
        messages.info(request, MINUTES_CLOSED)
        return redirect(meeting)
    members = attendance_members(meeting)
    recorded = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    form = AttendanceForm(posted(request), members=members, recorded=recorded)
    if request.method == "POST" and form.is_valid():
        try:
            record_attendance(meeting, request.user, form.rows())
        except TransitionNotAllowed as refused:
            messages.info(request, refused.message)
        else:
            messages.success(request, "Attendance saved")
        return redirect(meeting)
    context = attendance_page(meeting)
    context.update(form=form, members=members)
    return render(request, "governance/attendance_form.html", context)


def detail(request, partnership, meeting):
    partnership, meeting = meeting_or_404(request, partnership, meeting)
    return render(request, "governance/meeting_minutes.html", minutes_page(meeting, request.user))


def approve(request, partnership, meeting):
    partnership, meeting = meeting_or_404(request, partnership, meeting, "manage_meeting")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    later = list(Meeting.objects.filter(board=meeting.board_id, starts_at__gt=meeting.starts_at)
                 .order_by("starts_at"))
    form = ApproveMinutesForm(request.POST, meetings=later)
    if not form.is_valid():
        messages.info(request, "Select the meeting at which the minutes were approved.")
        return redirect(meeting)
    try:
        approve_minutes(meeting, form.cleaned_data["at_meeting"], request.user)
    except TransitionNotAllowed as refused:
        messages.info(request, refused.message)
    else:
        messages.success(request, "Minutes recorded as approved")
    return redirect(meeting)


# An item's minutes: its discussion, declarations, decisions and actions ----------------------

REMOVABLE = {"remove_declaration": Declaration, "remove_decision": Decision,
             "remove_action": Action}


def item(request, partnership, meeting, item):
    partnership, meeting = meeting_or_404(request, partnership, meeting, "manage_meeting")
    item = item_or_404(meeting, item, request.user)
    if meeting.is_closed:
        messages.info(request, MINUTES_CLOSED)
        return redirect("meeting_minutes", partnership=partnership.slug, meeting=meeting.pk)
    if not meeting.has_started:
        messages.info(request, "Minutes are recorded once the meeting has started.")
        return redirect(meeting)
    here = meeting_url("item_minutes", meeting, item=item.pk)
    submitted = next((name for name in ITEM_FORMS if name in request.POST), None)
    forms = {
        name: form_class(request.POST if name == submitted else None, item=item)
        for name, form_class in ITEM_FORMS.items()
    }
    if request.method == "POST":
        removal = next((key for key in REMOVABLE if key in request.POST), None)
        if removal:
            return _remove(request, item, REMOVABLE[removal], request.POST[removal], here)
        form = forms.get(submitted)
        if form is not None and form.is_valid():
            try:
                message = _record(submitted, form, item, request.user)
            except TransitionNotAllowed as refused:
                form.add_error("approves_pid" if "approves_pid" in form.fields else None,
                               refused.message)
            else:
                messages.success(request, message)
                return redirect(here)
    context = item_minutes_page(item, request.user)
    context.update(forms)
    context["forms"] = forms
    return render(request, "governance/item_minutes.html", context)


def _record(name, form, item, by):
    data = form.cleaned_data
    if name == "minutes":
        record_item_minutes(item, by, data["minutes"])
        return f"Minutes of item {item.number} saved"
    if name == "declaration":
        declaration = record_declaration(item, by, person=data["person"],
                                         description=data["description"],
                                         interest=data["interest"], excluded=data["excluded"])
        return f"Declaration by {declaration.person} recorded"
    if name == "decision":
        decision = record_decision(item, by, **form.decision_fields())
        approved = " and the PID approved" if decision.approves_pid else ""
        return f"Decision {decision.reference} recorded{approved}"
    action = add_action(item.meeting, by, item=item, description=data["description"],
                        owner=data["owner"], due_date=data["due_date"])
    return f"Action {action.reference} added for {action.owner}"


def _remove(request, item, model, pk, here):
    lookup = {"item": item}
    record = get_object_or_404(model, pk=pk if str(pk).isdigit() else 0, **lookup)
    try:
        remove_minuted(record, request.user)
    except TransitionNotAllowed as refused:
        messages.info(request, refused.message)
    else:
        messages.success(request, "Removed from the minutes")
    return redirect(here)
