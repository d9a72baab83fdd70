"""The reminders' page of a partnership, under /p/<partnership>/."""

from django.urls import path

from reminders import views

urlpatterns = [
    path("reminders/", views.reminder_log, name="reminder_log"),
]
