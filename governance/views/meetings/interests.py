"""The register of interests, and adding or changing an entry (the PMO)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from governance.forms.interests import InterestForm
from governance.models import Interest
from governance.pages import interest_form_page, interest_register_page
from governance.views.meetings.meetings import posted
from stp.permissions import partnership_or_404, require


def register(request, partnership):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, "view_interests", partnership)
    return render(request, "governance/interest_register.html",
                  interest_register_page(partnership, request.user))


def create(request, partnership):
    return _form(request, partnership, None)


def edit(request, partnership, interest):
    return _form(request, partnership, interest)


def _form(request, partnership, pk):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, "manage_interests", partnership)
    interest = None
    if pk is not None:
        interest = get_object_or_404(Interest.objects.select_related("person"), pk=pk,
                                     partnership=partnership)
    form = InterestForm(posted(request), instance=interest, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        entry = form.instance
        entry._history_user = request.user
        entry.save()
        messages.success(request, f"Register entry saved for {entry.person}")
        return redirect(reverse("interest_register", kwargs={"partnership": partnership.slug})
                        + f"#interest-{entry.pk}")
    context = interest_form_page(partnership, interest)
    context["form"] = form
    return render(request, "governance/interest_form.html", context)
