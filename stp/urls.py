"""Root URLs. Everything of a partnership lives under /p/<partnership>/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from stp.views import auth, home, pages

accounts = [
    path("sign-in/", auth.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/", include(accounts)),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("p/<slug:partnership>/", home.partnership, name="partnership"),
    path("p/<slug:partnership>/", include("programmes.urls")),
    path("p/<slug:partnership>/", include("governance.urls")),
    path("p/<slug:partnership>/", include("reminders.urls")),
    path("account/", include("reminders.account_urls")),
    path("regions/", include("governance.views.assurance.regions")),
    path("admin/", admin.site.urls),
]
