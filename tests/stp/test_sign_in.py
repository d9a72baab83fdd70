"""Signing in and out, throttling of failed sign-ins, and password reset by e-mail."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
SIGN_IN = "/accounts/sign-in/"


def sign_in(client, email, password):
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_a_person_signs_in_with_their_email_and_lands_on_home(client, viewer):
    response = sign_in(client, viewer.email.upper(), PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Staffordshire and Stoke-on-Trent" in client.get(reverse("home")).content.decode()


def test_a_wrong_password_keeps_the_email_and_says_what_to_do(client, viewer):
    response = sign_in(client, viewer.email, "wrong")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct email address and password" in page
    assert f'value="{viewer.email}"' in page


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(client, viewer):
    unknown = sign_in(client, "nobody@example.nhs.uk", "wrong").content.decode()
    wrong = sign_in(client, viewer.email, "wrong").content.decode()
    message = "Enter a correct email address and password. Both are case sensitive."
    assert message in unknown and message in wrong


def test_five_wrong_passwords_lock_the_account_for_a_while_then_it_opens_again(
    client, viewer, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, viewer.email, "wrong").status_code == 200
    locked = sign_in(client, viewer.email, "wrong")
    assert locked.status_code == 429
    assert "too many failed attempts to sign in" in locked.content.decode()
    assert "Wait 15 minutes" in locked.content.decode()

    # Even the right password is refused while locked, from any address.
    other = client.__class__(REMOTE_ADDR="10.1.2.3")
    assert sign_in(other, viewer.email, PASSWORD).status_code == 429

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        assert sign_in(other, viewer.email, PASSWORD).status_code == 302


def test_failures_spread_over_many_accounts_lock_the_address(client, settings, partnership):
    for i in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, f"guess{i}@example.nhs.uk", "wrong")
    assert response.status_code == 429


def test_an_unknown_email_is_locked_just_like_a_real_one(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            SIGN_IN, {"username": "ghost@example.nhs.uk", "password": "x"}, REMOTE_ADDR="10.9.9.9"
        )
    assert response.status_code == 429


def test_an_empty_form_says_what_is_missing_at_each_field(client):
    page = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username"' in page and "Enter your email address" in page
    assert 'href="#id_password"' in page and "Enter your password" in page


def test_sign_out_ends_the_session(client, viewer):
    sign_in(client, viewer.email, PASSWORD)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client, viewer):
    response = client.post(reverse("password_reset"), {"email": viewer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [viewer.email]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        set_url,
        {"new_password1": "a-new-long-pass-phrase", "new_password2": "a-new-long-pass-phrase"},
    )
    assert done.status_code == 302
    client.post(reverse("logout"))
    assert sign_in(client, viewer.email, "a-new-long-pass-phrase").status_code == 302


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client, db):
    response = client.post(
        reverse("password_reset"), {"email": "nobody@example.nhs.uk"}, follow=True
    )
    assert response.status_code == 200
    assert "If an account" in response.content.decode()
    assert mail.outbox == []
