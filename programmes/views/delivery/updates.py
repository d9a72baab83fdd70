"""The monthly update: started, filled in and submitted; read, approved or returned by the SRO."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from programmes.exceptions import TransitionNotAllowed
from programmes.forms.updates import MonthlyUpdateForm, ReturnForm
from programmes.monthly_update import UpdateConflict, save_monthly_update
from programmes.pages import (
    reporting_month,
    update_form_data,
    update_report,
    updates_in,
    workstreams_in,
)
from programmes.updates import approve_update, return_update, start_update
from stp.permissions import may, partnership_or_404, require


def start(request, partnership, workstream):
    """POST: open the update due now (on the month just ended), created pre-filled if need be."""
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    workstream = get_object_or_404(workstreams_in(partnership), pk=workstream)
    require(request.user, "edit_workstream", workstream)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    update = start_update(workstream, reporting_month(timezone.localdate()), request.user)
    update.workstream = workstream
    if may(request.user, "edit_update", update):
        return redirect("update_edit", partnership=partnership.slug, update=update.pk)
    return redirect("status_update", partnership=partnership.slug, update=update.pk)


def status_update(request, partnership, update):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    update = get_object_or_404(updates_in(partnership), pk=update)
    require(request.user, "view_update", update)
    context = update_report(update, request.user, timezone.localdate())
    context["return_form"] = ReturnForm()
    return render(request, "programmes/update_detail.html", context)


def edit(request, partnership, update):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    update = get_object_or_404(updates_in(partnership), pk=update)
    if not update.is_editable and may(request.user, "view_update", update):
        messages.info(request, f"The {update.period_label} update is "
                               f"{update.get_status_display().lower()}, so it cannot be changed.")
        return redirect("status_update", partnership=partnership.slug, update=update.pk)
    require(request.user, "edit_update", update)
    today = timezone.localdate()
    page = update_form_data(update, request.user, today)
    conflict = None
    if request.method == "POST":
        submitting = request.POST.get("action") == "submit"
        if submitting:
            require(request.user, "submit_update", update)
        form = MonthlyUpdateForm(page, request.POST, submitting=submitting)
        if form.is_valid():
            try:
                save_monthly_update(update, form.typed(), request.user, submit=submitting)
            except UpdateConflict as refused:
                # Nothing was saved: show what the others saved, with this person's changes.
                update.refresh_from_db()
                page = update_form_data(update, request.user, today)
                form = MonthlyUpdateForm(page, kept=refused.edits)
                conflict = refused
            except TransitionNotAllowed as refusal:
                form.refuse(refusal.message)
            except ValidationError as refusal:
                for message in refusal.messages:
                    form.refuse(message)
            else:
                return _saved(request, update, submitting, page)
    else:
        form = MonthlyUpdateForm(page)
    return render(request, "programmes/update_form.html", {
        **page, "form": form,
        "conflicts": conflict.conflicts if conflict else [],
        "conflict_sections": conflict.sections() if conflict else [],
    })


def _saved(request, update, submitted, page):
    slug = page["partnership"].slug
    if submitted:
        sro = page["sro"]
        to = f" to {sro.person} (SRO)" if sro else ""
        messages.success(request, f"The {update.period_label} update is submitted{to} "
                                  "for approval.")
        return redirect("status_update", partnership=slug, update=update.pk)
    messages.success(request, f"Your draft of the {update.period_label} update is saved.")
    return redirect("update_edit", partnership=slug, update=update.pk)


def approve(request, partnership, update):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    update = get_object_or_404(updates_in(partnership), pk=update)
    require(request.user, "approve_update", update)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        approve_update(update, request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"You approved the {update.period_label} update.")
    return redirect("status_update", partnership=partnership.slug, update=update.pk)


def return_for_changes(request, partnership, update):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    update = get_object_or_404(updates_in(partnership), pk=update)
    require(request.user, "return_update", update)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            return_update(update, request.user, form.cleaned_data["comment"])
        except TransitionNotAllowed as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, f"The {update.period_label} update is returned to its "
                                      "lead with your comment.")
        return redirect("status_update", partnership=partnership.slug, update=update.pk)
    context = update_report(update, request.user, timezone.localdate())
    return render(request, "programmes/update_detail.html", {**context, "return_form": form})
