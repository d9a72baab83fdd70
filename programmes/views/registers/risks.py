"""The risk register, a risk's page, and raising or changing a risk."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from programmes.concurrency import EditConflict
from programmes.forms.registers import RiskFilterForm, RiskForm
from programmes.models import Risk
from programmes.registers import (
    change_risk,
    latest_history_id,
    risk_form_page,
    risk_page,
    risk_register,
)
from programmes.risks import raise_risk
from stp.permissions import partnership_or_404, require


def _risk(partnership, pk):
    return get_object_or_404(
        Risk.objects.select_related("partnership", "owner", "workstream__programme",
                                    "programme"),
        pk=pk, partnership=partnership,
    )


def register(request, partnership):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, "view_risk_register", partnership)
    form = RiskFilterForm(request.GET, partnership=partnership)
    context = risk_register(partnership, form.filters(), request.user)
    context["form"] = form
    return render(request, "programmes/risk_register.html", context)


def detail(request, partnership, risk):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    risk = _risk(partnership, risk)
    require(request.user, "view_risk", risk)
    return render(request, "programmes/risk_detail.html", risk_page(risk, request.user))


def create(request, partnership):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, "raise_risk", partnership)
    form = RiskForm(_posted(request, request.POST), partnership=partnership, user=request.user)
    if request.method == "POST" and form.is_valid():
        risk = raise_risk(form.new_risk(), by=request.user)
        messages.success(request, f"Risk raised: {risk.title}")
        return redirect(risk)
    context = risk_form_page(partnership)
    context["form"] = form
    return render(request, "programmes/risk_form.html", context)


def edit(request, partnership, risk):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    risk = _risk(partnership, risk)
    require(request.user, "edit_risk", risk)
    form = RiskForm(_posted(request, request.POST), instance=risk, partnership=partnership,
                    user=request.user, seen=latest_history_id(risk))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            risk = change_risk(risk, form.changes(), by=request.user,
                               note=form.cleaned_data.get("rescore_note", ""),
                               seen=form.cleaned_data.get("seen"))
        except EditConflict as refused:
            # What they typed stays in the form; saving again applies it over the new version.
            conflict = refused
            form.data = form.data.copy()
            form.data["seen"] = refused.current_version
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"Risk saved: {risk.title}")
            return redirect(risk)
    context = risk_form_page(partnership, risk)
    context.update(form=form, conflict=conflict)
    return render(request, "programmes/risk_form.html", context)


def _posted(request, data):
    """The posted data, or None for a GET: an empty POST is still a submitted form."""
    return data if request.method == "POST" else None
