"""Factories for what every app shares: regions, partnerships, organisations, people, roles."""

from datetime import date, timedelta

import factory
from factory.django import DjangoModelFactory

from stp.models import Organisation, Partnership, Region, RoleAssignment, User

PASSWORD = "correct-horse-battery"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Region {n}")


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.TRUST


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "Programme manager"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = RoleAssignment.Role.VIEWER
    start_date = factory.LazyFunction(lambda: date.today() - timedelta(days=30))


def person_with_role(partnership, role, scope=None, **user_fields):
    """A new person holding `role` in `partnership` today (scoped to `scope` if given)."""
    person = UserFactory(**user_fields)
    RoleAssignmentFactory(person=person, partnership=partnership, role=role, scope=scope)
    return person
