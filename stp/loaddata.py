"""Synthetic data for the benchmarks: a partnership `scale` times the size of a realistic one."""

from datetime import date

from stp.models import Organisation, Partnership, Region, RoleAssignment, User

Role = RoleAssignment.Role
BENCH_PASSWORD = "bench-password"  # noqa: S105 - synthetic data for local benchmarks only
# A realistic partnership: about 15 member organisations and 80 people holding roles.
ORGANISATIONS_PER_SCALE = 15
PEOPLE_PER_SCALE = 80


def bench_email(scale):
    return f"bench-{scale}@example.com"


def build(scale):
    """Create the `load-x<scale>` partnership and its people; returns the context for apps."""
    region, _ = Region.objects.get_or_create(name="Load test region")
    slug = f"load-x{scale}"
    partnership = Partnership.objects.create(
        name=f"Load test partnership x{scale}",
        short_name=f"Load x{scale}",
        slug=slug,
        region=region,
    )
    kinds = [k for k, _ in Organisation.Kind.choices]
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"{slug} organisation {i}", kind=kinds[i % len(kinds)])
        for i in range(ORGANISATIONS_PER_SCALE * scale)
    )
    partnership.organisations.add(*orgs)
    unusable = User().password  # every synthetic person but the bench user has no password
    people = User.objects.bulk_create(
        User(
            email=f"{slug}-person-{i}@example.com",
            full_name=f"Person {i} of {slug}",
            organisation=orgs[i % len(orgs)],
            password=unusable or "!",
        )
        for i in range(PEOPLE_PER_SCALE * scale)
    )
    roles = [
        Role.PROGRAMME_DIRECTOR,
        Role.SRO,
        Role.WORKSTREAM_LEAD,
        Role.BOARD_MEMBER,
        Role.VIEWER,
    ]
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            person=p,
            partnership=partnership,
            role=roles[i % len(roles)],
            start_date=date(2024, 4, 1),
        )
        for i, p in enumerate(people)
    )
    bench_user = User.objects.create_user(
        bench_email(scale), BENCH_PASSWORD, full_name=f"Bench user x{scale}", is_staff=True
    )
    RoleAssignment.objects.create(
        person=bench_user, partnership=partnership, role=Role.PMO, start_date=date(2024, 4, 1)
    )
    # The bench user also sits in `scale` other partnerships, so the home page grows with it.
    for i in range(scale):
        other = Partnership.objects.create(
            name=f"Neighbour {i} of {slug}",
            short_name=f"N{i} {slug}",
            slug=f"{slug}-neighbour-{i}",
            region=region,
        )
        RoleAssignment.objects.create(
            person=bench_user, partnership=other, role=Role.VIEWER, start_date=date(2024, 4, 1)
        )
    return {
        "partnership": partnership,
        "people": people,
        "organisations": orgs,
        "bench_user": bench_user,
        "scale": scale,
    }
