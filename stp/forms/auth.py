"""Sign-in and password forms, worded for people rather than for Django."""

from django import forms
from django.contrib.auth import forms as auth_forms


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        # The same words whether the address is unknown or the password wrong.
        "invalid_login": "Enter a correct email address and password. Both are case sensitive.",
        "inactive": "Enter a correct email address and password. Both are case sensitive.",
    }


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )


class SetPasswordForm(auth_forms.SetPasswordForm):
    pass
