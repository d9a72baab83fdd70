"""The benchmark cases: each times one operation a user waits for, at one scale.

A case is a function `case(context) -> callable`; the callable is timed. `context` holds the
scale, the synthetic partnership and a test client signed in as the bench user.
"""

from django.test import Client
from django.urls import reverse

from stp import loaddata

CASES = []


def case(name):
    def register(func):
        CASES.append((name, func))
        return func

    return register


@case("home page")
def home_page(context):
    client = context["client"]
    url = reverse("home")
    return lambda: _ok(client.get(url))


@case("partnership page")
def partnership_page(context):
    client = context["client"]
    url = context["partnership"].get_absolute_url()
    return lambda: _ok(client.get(url))


@case("sign-in")
def sign_in(context):
    email = loaddata.bench_email(context["scale"])
    url = reverse("login")

    def run():
        client = Client()
        response = client.post(url, {"username": email, "password": loaddata.BENCH_PASSWORD})
        assert response.status_code == 302, response.status_code

    return run


def _ok(response):
    assert response.status_code == 200, response.status_code
    return response
