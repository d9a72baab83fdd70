"""A PID version: its page, editing a draft, submitting it, a new version, print and PDF."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string

from programmes.exceptions import TransitionNotAllowed
from programmes.forms.registers import pid_forms
from programmes.models import PID, Workstream
from programmes.pids import new_pid_version, submit_pid
from programmes.registers import pid_document, pid_filename, pid_page, save_pid_draft
from stp.pdf import PDFUnavailable, render_pdf
from stp.permissions import partnership_or_404, require


def _pid(partnership, pk):
    return get_object_or_404(
        PID.objects.select_related(
            "workstream__programme__partnership", "workstream__partnership", "created_by",
            "submitted_by", "approved_by", "rejected_by",
        ),
        pk=pk, workstream__partnership=partnership,
    )


def detail(request, partnership, pid):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    pid = _pid(partnership, pid)
    require(request.user, "view_pid", pid)
    return render(request, "programmes/pid_detail.html", pid_page(pid, request.user))


def edit(request, partnership, pid):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    pid = _pid(partnership, pid)
    require(request.user, "view_pid", pid)
    if not pid.is_editable:
        messages.info(request, pid.read_only_message())
        return redirect(pid)
    require(request.user, "edit_pid", pid)
    form, milestones, benefits = pid_forms(pid, _posted(request, request.POST))
    if request.method == "POST" and all(
        [form.is_valid(), milestones.is_valid(), benefits.is_valid()]
    ):
        try:
            pid = save_pid_draft(pid, form, milestones, benefits, by=request.user)
        except TransitionNotAllowed as refused:
            messages.info(request, refused.message)
            return redirect(pid)
        messages.success(request, f"Version {pid.version} saved as a draft")
        if "add_another" in request.POST:
            return redirect("pid_edit", partnership=partnership.slug, pid=pid.pk)
        return redirect(pid)
    context = pid_page(pid, request.user)
    context.update(form=form, milestone_forms=milestones, benefit_forms=benefits,
                   has_errors=bool(form.errors or milestones.total_error_count()
                                   or benefits.total_error_count()))
    return render(request, "programmes/pid_form.html", context)


def submit(request, partnership, pid):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    pid = _pid(partnership, pid)
    require(request.user, "submit_pid", pid)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        submit_pid(pid, by=request.user)
    except TransitionNotAllowed as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Version {pid.version} submitted for approval at the board")
    return redirect(pid)


def new_version(request, partnership, workstream):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    workstream = get_object_or_404(
        Workstream.objects.select_related("partnership"), pk=workstream, partnership=partnership
    )
    require(request.user, "edit_workstream", workstream)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        draft = new_pid_version(workstream, by=request.user)
    except TransitionNotAllowed as refused:
        messages.error(request, refused.message)
        in_progress = PID.objects.filter(
            workstream=workstream, status__in=[PID.Status.DRAFT, PID.Status.SUBMITTED]
        ).first()
        return redirect(in_progress or workstream.approved_pid() or workstream)
    messages.success(request, f"Version {draft.version} started as a draft, copied from the "
                              "approved version")
    return redirect("pid_edit", partnership=partnership.slug, pid=draft.pk)


def print_view(request, partnership, pid):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    pid = _pid(partnership, pid)
    require(request.user, "view_pid", pid)
    return render(request, "programmes/pid_print.html", pid_document(pid))


def pdf(request, partnership, pid):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    pid = _pid(partnership, pid)
    require(request.user, "view_pid", pid)
    html = render_to_string("programmes/pid_print.html", pid_document(pid), request)
    try:
        document = render_pdf(html)
    except PDFUnavailable:
        context = pid_page(pid, request.user)
        context["pdf_unavailable"] = True
        return render(request, "programmes/pid_detail.html", context, status=503)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pid_filename(pid)}"'
    return response


def _posted(request, data):
    """The posted data, or None for a GET: an empty POST is still a submitted form."""
    return data if request.method == "POST" else None
