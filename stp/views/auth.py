"""Signing in and out, password reset, and what a locked-out person is told."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.decorators import method_decorator

from stp.forms.auth import PasswordResetForm, SetPasswordForm, SignInForm


def _minutes(delta):
    return int(delta.total_seconds() // 60)


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True


def locked_out(request, response=None, credentials=None):
    """django-axes calls this once an account name or an address has too many failures.

    It answers the same whether or not the account exists, so nothing is revealed.
    """
    form = SignInForm(request, data=request.POST or None)
    form.is_valid()  # binds the e-mail address so the person need not type it again
    message = (
        "There have been too many failed attempts to sign in. "
        f"Wait {_minutes(settings.AXES_COOLOFF_TIME)} minutes and try again, "
        "or reset your password."
    )
    form._errors = {"__all__": form.error_class([message])}
    return render(
        request, "registration/login.html", {"form": form, "locked_out": True}, status=429
    )


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"
    extra_email_context = {"service_name": settings.SITE_NAME}


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    pass


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    pass
