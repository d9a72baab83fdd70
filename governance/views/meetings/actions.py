"""The action log of the partnership's boards, and an action's page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from governance.forms.actions import ActionFilterForm, ActionUpdateForm
from governance.meetings import update_action
from governance.models import Action
from governance.pages import action_log_page, action_page
from governance.views.meetings.meetings import posted
from programmes.exceptions import TransitionNotAllowed
from stp.permissions import partnership_or_404, require


def log(request, partnership):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, "view_actions", partnership)
    form = ActionFilterForm(request.GET, partnership=partnership)
    context = action_log_page(partnership, request.user, form.filters())
    context["form"] = form
    return render(request, "governance/action_log.html", context)


def detail(request, partnership, action):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    action = get_object_or_404(
        Action.objects.select_related("owner", "board__partnership", "meeting", "item"),
        pk=action, board__partnership=partnership,
    )
    require(request.user, "view_action", action)
    form = None
    if request.method == "POST":
        require(request.user, "update_action", action)
    context = action_page(action, request.user)
    if context["may_update"]:
        form = ActionUpdateForm(posted(request), action=action)
        if request.method == "POST" and form.is_valid():
            try:
                update_action(action, request.user, note=form.cleaned_data["note"],
                              status=form.cleaned_data["status"])
            except TransitionNotAllowed as refused:
                form.add_error("note", refused.message)
            else:
                messages.success(request, f"Progress on {action.reference} saved")
                return redirect(action)
    context["form"] = form
    return render(request, "governance/action_detail.html", context)
