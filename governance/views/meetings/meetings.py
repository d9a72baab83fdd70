"""A meeting's page, scheduling or changing it, and marking it as held."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from governance.forms.meetings import ApproveMinutesForm, MeetingForm
from governance.meetings import edit_meeting, mark_held, schedule_meeting
from governance.models import AgendaItem, Board, Meeting
from governance.pack_panel import pack_panel
from governance.pages import meeting_form_page, meeting_page
from programmes.exceptions import TransitionNotAllowed
from stp.permissions import partnership_or_404, require


def meeting_or_404(request, partnership, pk, action="view_meeting"):
    """The partnership and the meeting, once the person may do `action` to it."""
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    meeting = get_object_or_404(Meeting.objects.select_related("board__partnership"), pk=pk,
                                board__partnership=partnership)
    require(request.user, action, meeting)
    return partnership, meeting


def item_or_404(meeting, pk, user):
    """An item of the meeting; a part 2 item only for those who see private business."""
    item = get_object_or_404(AgendaItem.objects.select_related("pid__workstream", "presenter"),
                             pk=pk, meeting=meeting)
    item.meeting = meeting
    if item.is_private:
        require(user, "view_private_business", meeting)
    return item


def posted(request):
    """The posted data, or None for a GET: an empty POST is still a submitted form."""
    return request.POST if request.method == "POST" else None


def detail(request, partnership, meeting):
    partnership, meeting = meeting_or_404(request, partnership, meeting)
    context = meeting_page(meeting, request.user)
    if context["approval_meetings"]:
        form = ApproveMinutesForm(meetings=context["approval_meetings"])
        form.helper.form_action = meeting_url("minutes_approve", meeting)
        context["approve_form"] = form
    context["pack_panel"] = pack_panel(meeting, request.user)
    return render(request, "governance/meeting_detail.html", context)


def create(request, partnership, board):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    board = get_object_or_404(Board.objects.select_related("partnership"), pk=board,
                              partnership=partnership)
    require(request.user, "manage_board", board)
    form = MeetingForm(posted(request), board=board)
    if request.method == "POST" and form.is_valid():
        meeting = schedule_meeting(board, request.user, **form.meeting_fields())
        messages.success(request, f"Meeting scheduled for {meeting.date_label}")
        warn_if_papers_late(request, meeting)
        return redirect(meeting)
    context = meeting_form_page(board)
    context["form"] = form
    return render(request, "governance/meeting_form.html", context)


def edit(request, partnership, meeting):
    partnership, meeting = meeting_or_404(request, partnership, meeting, "manage_meeting")
    if meeting.is_closed:
        messages.info(request, "The minutes of this meeting have been approved, so it can no "
                               "longer be changed.")
        return redirect(meeting)
    form = MeetingForm(posted(request), board=meeting.board, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = edit_meeting(meeting, request.user, **form.meeting_fields())
        except TransitionNotAllowed as refused:
            messages.info(request, refused.message)
            return redirect(meeting)
        messages.success(request, f"Meeting of {meeting.date_label} saved")
        warn_if_papers_late(request, meeting)
        return redirect(meeting)
    context = meeting_form_page(meeting.board, meeting)
    context["form"] = form
    return render(request, "governance/meeting_form.html", context)


def held(request, partnership, meeting):
    partnership, meeting = meeting_or_404(request, partnership, meeting, "manage_meeting")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        mark_held(meeting, request.user)
    except TransitionNotAllowed as refused:
        messages.info(request, refused.message)
    else:
        messages.success(request, "Meeting marked as held: record its attendance and minutes")
    return redirect(meeting)


def warn_if_papers_late(request, meeting):
    if meeting.status == Meeting.Status.SCHEDULED and meeting.papers_due < timezone.localdate():
        messages.warning(
            request,
            f"The papers deadline for this meeting, {format_date(meeting.papers_due, 'j F Y')} "
            f"({meeting.board.papers_due_working_days} working days before), has already "
            "passed: publish the pack as soon as possible.",
        )


def meeting_url(name, meeting, **kwargs):
    return reverse(name, kwargs={"partnership": meeting.board.partnership.slug,
                                 "meeting": meeting.pk, **kwargs})
