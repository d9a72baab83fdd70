"""The PMO's page of reminders sent in a partnership, and each person's notification choices."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from reminders.forms import PreferencesForm, ReminderFilterForm
from reminders.pages import current_choices, reminder_log_page, save_choices
from stp.permissions import partnership_or_404, require


def reminder_log(request, partnership):
    partnership = partnership_or_404(request.user, partnership)
    request.partnership = partnership
    require(request.user, "view_reminders", partnership)
    form = ReminderFilterForm(request.GET)
    context = reminder_log_page(partnership, form.filters(), request.GET.get("page"))
    context["form"] = form
    context["query"] = _without_page(request.GET)
    return render(request, "reminders/reminder_log.html", context)


def notification_settings(request):
    form = PreferencesForm(request.POST if request.method == "POST" else None,
                           current=current_choices(request.user))
    if request.method == "POST" and form.is_valid():
        save_choices(request.user, form.choices())
        messages.success(request, "Your choices are saved")
        return redirect("notification_settings")
    return render(request, "reminders/notification_settings.html", {
        "form": form,
        "breadcrumbs": [{"title": "Home", "url": reverse("home")}],
    })


def _without_page(query):
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()
