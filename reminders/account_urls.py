"""The signed-in person's own pages, under /account/: how they get their reminders."""

from django.urls import path

from reminders import views

urlpatterns = [
    path("notifications/", views.notification_settings, name="notification_settings"),
]
