"""Demo data for the frame: three real partnerships, their organisations, people and roles.

Names come from the partnerships' own public documents (the Staffordshire strategic framework
of 2016 and newsletters of 2019 and 2022, Herefordshire and Worcestershire and South East
London updates of 2016-17). People other than the demo log-ins have no usable password.
Every write is an update-or-create on a natural key, so loading twice changes nothing.
"""

from datetime import date

from stp.models import Organisation, Partnership, Region, RoleAssignment, User

Kind = Organisation.Kind
Role = RoleAssignment.Role
DEMO_PASSWORD = "demo"  # noqa: S105 - printed by `make demo`; demo users exist only where loaded
ROLES_SINCE = date(2024, 4, 1)

REGIONS = [
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]

PARTNERSHIPS = [
    ("Staffordshire and Stoke-on-Trent", "Together We're Better", "staffordshire", "Midlands"),
    (
        "Herefordshire and Worcestershire",
        "Herefordshire and Worcestershire STP",
        "herefordshire-worcestershire",
        "Midlands",
    ),
    ("Our Healthier South East London", "OHSEL", "south-east-london", "London"),
]

# (name, kind, ODS code, partnership slugs)
ORGANISATIONS = [
    ("North Staffordshire CCG", Kind.COMMISSIONER, "05G", ["staffordshire"]),
    ("Stoke-on-Trent CCG", Kind.COMMISSIONER, "05W", ["staffordshire"]),
    ("East Staffordshire CCG", Kind.COMMISSIONER, "05D", ["staffordshire"]),
    ("Cannock Chase CCG", Kind.COMMISSIONER, "04Y", ["staffordshire"]),
    (
        "South East Staffordshire and Seisdon Peninsula CCG",
        Kind.COMMISSIONER,
        "05Q",
        ["staffordshire"],
    ),
    ("Stafford and Surrounds CCG", Kind.COMMISSIONER, "05V", ["staffordshire"]),
    ("Staffordshire County Council", Kind.LOCAL_AUTHORITY, "860", ["staffordshire"]),
    ("Stoke-on-Trent City Council", Kind.LOCAL_AUTHORITY, "861", ["staffordshire"]),
    ("University Hospitals of North Midlands NHS Trust", Kind.TRUST, "RJE", ["staffordshire"]),
    ("Burton Hospitals NHS Foundation Trust", Kind.TRUST, "RJF", ["staffordshire"]),
    (
        "Staffordshire and Stoke-on-Trent Partnership NHS Trust",
        Kind.TRUST,
        "R1E",
        ["staffordshire"],
    ),
    ("North Staffordshire Combined Healthcare NHS Trust", Kind.TRUST, "RLY", ["staffordshire"]),
    (
        "South Staffordshire and Shropshire Healthcare NHS Foundation Trust",
        Kind.TRUST,
        "RRE",
        ["staffordshire"],
    ),
    ("Healthwatch Staffordshire", Kind.HEALTHWATCH, "", ["staffordshire"]),
    (
        "NHS England Midlands",
        Kind.NHSE_REGION,
        "Y60",
        ["staffordshire", "herefordshire-worcestershire"],
    ),
    ("Support Staffordshire", Kind.VOLUNTARY, "", ["staffordshire"]),
    ("Herefordshire CCG", Kind.COMMISSIONER, "05T", ["herefordshire-worcestershire"]),
    (
        "Worcestershire County Council",
        Kind.LOCAL_AUTHORITY,
        "855",
        ["herefordshire-worcestershire"],
    ),
    ("Herefordshire Council", Kind.LOCAL_AUTHORITY, "850", ["herefordshire-worcestershire"]),
    (
        "Worcestershire Health and Care NHS Trust",
        Kind.TRUST,
        "R1A",
        ["herefordshire-worcestershire"],
    ),
    (
        "Worcestershire Acute Hospitals NHS Trust",
        Kind.TRUST,
        "RWP",
        ["herefordshire-worcestershire"],
    ),
    ("Wye Valley NHS Trust", Kind.TRUST, "RLQ", ["herefordshire-worcestershire"]),
    ("Healthwatch Worcestershire", Kind.HEALTHWATCH, "", ["herefordshire-worcestershire"]),
    ("Bexley CCG", Kind.COMMISSIONER, "07N", ["south-east-london"]),
    ("Bromley CCG", Kind.COMMISSIONER, "07Q", ["south-east-london"]),
    ("Greenwich CCG", Kind.COMMISSIONER, "08A", ["south-east-london"]),
    ("Lambeth CCG", Kind.COMMISSIONER, "08K", ["south-east-london"]),
    ("Lewisham CCG", Kind.COMMISSIONER, "08L", ["south-east-london"]),
    ("Southwark CCG", Kind.COMMISSIONER, "08Q", ["south-east-london"]),
    ("Guy's and St Thomas' NHS Foundation Trust", Kind.TRUST, "RJ1", ["south-east-london"]),
    ("King's College Hospital NHS Foundation Trust", Kind.TRUST, "RJZ", ["south-east-london"]),
    ("Lewisham and Greenwich NHS Trust", Kind.TRUST, "RJ2", ["south-east-london"]),
    ("South London and Maudsley NHS Foundation Trust", Kind.TRUST, "RV5", ["south-east-london"]),
    ("Oxleas NHS Foundation Trust", Kind.TRUST, "RPG", ["south-east-london"]),
    ("NHS England London", Kind.NHSE_REGION, "Y56", ["south-east-london"]),
]

# The demo log-ins, one per role: (email, name, job title, organisation, role, where, is_staff)
DEMO_USERS = [
    (
        "pmo@example.com",
        "Priya Mistry",
        "PMO Manager",
        "Stoke-on-Trent CCG",
        Role.PMO,
        "staffordshire",
        True,
    ),
    (
        "director@example.com",
        "Jonathan O'Brien",
        "Programme Director, Mental Health",
        "North Staffordshire Combined Healthcare NHS Trust",
        Role.PROGRAMME_DIRECTOR,
        "staffordshire",
        False,
    ),
    (
        "sro@example.com",
        "Marcus Hale",
        "Chief Executive",
        "South Staffordshire and Shropshire Healthcare NHS Foundation Trust",
        Role.SRO,
        "staffordshire",
        False,
    ),
    (
        "lead@example.com",
        "Rebecca Lowe",
        "Public Health Consultant, Suicide Prevention lead",
        "Staffordshire County Council",
        Role.WORKSTREAM_LEAD,
        "staffordshire",
        False,
    ),
    (
        "member@example.com",
        "Helen Carter",
        "Accountable Officer",
        "Cannock Chase CCG",
        Role.BOARD_MEMBER,
        "staffordshire",
        False,
    ),
    (
        "assurance@example.com",
        "David Ashworth",
        "Assurance Lead, NHS England Midlands",
        "NHS England Midlands",
        Role.ASSURANCE_LEAD,
        "region:Midlands",
        False,
    ),
    (
        "assurance-london@example.com",
        "Grace Adeyemi",
        "Assurance Lead, NHS England London",
        "NHS England London",
        Role.ASSURANCE_LEAD,
        "region:London",
        False,
    ),
    (
        "viewer@example.com",
        "Tom Fielding",
        "Communications Officer",
        "Stoke-on-Trent CCG",
        Role.VIEWER,
        "staffordshire",
        False,
    ),
]

# Staffordshire's Programme Board as the strategic framework names its seats; programme
# directors as the 2019 newsletter names them. (email, name, job title, organisation, role)
STAFFORDSHIRE_PEOPLE = [
    ("chair@demo.twb.nhs.uk", "Dr Alison Whitby", "Independent Chair", None, Role.BOARD_MEMBER),
    (
        "simon.whitehouse@demo.twb.nhs.uk",
        "Simon Whitehouse",
        "STP Director",
        "Stoke-on-Trent CCG",
        Role.PROGRAMME_DIRECTOR,
    ),
    (
        "medical.director@demo.twb.nhs.uk",
        "Dr Paul Edmondson-Jones",
        "Medical Director",
        "Stoke-on-Trent City Council",
        Role.BOARD_MEMBER,
    ),
    (
        "nhse.lead@demo.twb.nhs.uk",
        "Karen Doyle",
        "Operational Lead, NHS England Midlands",
        "NHS England Midlands",
        Role.BOARD_MEMBER,
    ),
    (
        "healthwatch@demo.twb.nhs.uk",
        "Jan Sutton",
        "Chair, Healthwatch Staffordshire",
        "Healthwatch Staffordshire",
        Role.BOARD_MEMBER,
    ),
    (
        "duncan.bedford@demo.twb.nhs.uk",
        "Duncan Bedford",
        "Programme Director, Planned Care",
        "University Hospitals of North Midlands NHS Trust",
        Role.PROGRAMME_DIRECTOR,
    ),
    (
        "andrew.donaldson@demo.twb.nhs.uk",
        "Andrew Donaldson",
        "Programme Director, Prevention",
        "Staffordshire County Council",
        Role.PROGRAMME_DIRECTOR,
    ),
    (
        "linda.holland@demo.twb.nhs.uk",
        "Linda Holland",
        "Programme Director, Organisational Development and Leadership",
        "Staffordshire and Stoke-on-Trent Partnership NHS Trust",
        Role.PROGRAMME_DIRECTOR,
    ),
    (
        "alex.brett@demo.twb.nhs.uk",
        "Alex Brett",
        "Programme Director, Workforce",
        "South Staffordshire and Shropshire Healthcare NHS Foundation Trust",
        Role.PROGRAMME_DIRECTOR,
    ),
    (
        "paul.brown@demo.twb.nhs.uk",
        "Paul Brown",
        "Chief Finance Officer",
        "Stoke-on-Trent CCG",
        Role.BOARD_MEMBER,
    ),
]
# One chief officer for each member organisation's seat on the board.
CHIEF_OFFICERS = [
    ("North Staffordshire CCG", "Martin Greaves", "Accountable Officer"),
    ("Stoke-on-Trent CCG", "Claire Rowley", "Accountable Officer"),
    ("East Staffordshire CCG", "Nadeem Akhtar", "Accountable Officer"),
    ("South East Staffordshire and Seisdon Peninsula CCG", "Gillian Price", "Accountable Officer"),
    ("Stafford and Surrounds CCG", "Robert Kemp", "Accountable Officer"),
    ("Staffordshire County Council", "Susan Marsh", "Director of Health and Care"),
    ("Stoke-on-Trent City Council", "Ian Draper", "Chief Executive"),
    ("University Hospitals of North Midlands NHS Trust", "Fiona Blake", "Chief Executive"),
    ("Burton Hospitals NHS Foundation Trust", "Anthony Sharpe", "Chief Executive"),
    (
        "Staffordshire and Stoke-on-Trent Partnership NHS Trust",
        "Lorraine Hughes",
        "Chief Executive",
    ),
    ("North Staffordshire Combined Healthcare NHS Trust", "Peter Naylor", "Chief Executive"),
]


def upsert(model, defaults=None, **lookup):
    """Create the record, or bring it up to date, saving only if something differs.

    Unlike update_or_create it leaves an unchanged record alone, so a second load writes
    nothing, not even an audit-trail entry.
    """
    defaults = defaults or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults), True
    changed = [f for f, v in defaults.items() if getattr(obj, f) != v]
    if changed:
        for field in changed:
            setattr(obj, field, defaults[field])
        obj.save(update_fields=changed)
    return obj, False


def load():
    regions = {name: Region.objects.get_or_create(name=name)[0] for name in REGIONS}
    partnerships = {}
    for name, short_name, slug, region in PARTNERSHIPS:
        partnerships[slug], _ = upsert(
            Partnership,
            slug=slug,
            defaults={"name": name, "short_name": short_name, "region": regions[region]},
        )
    organisations = {}
    for name, kind, ods_code, slugs in ORGANISATIONS:
        org, _ = upsert(
            Organisation, name=name, defaults={"kind": kind, "ods_code": ods_code, "active": True}
        )
        missing = {partnerships[s].pk for s in slugs} - set(
            org.partnerships.values_list("pk", flat=True)
        )
        if missing:
            org.partnerships.add(*missing)
        organisations[name] = org

    for email, name, title, org, role, where, is_staff in DEMO_USERS:
        person = _person(
            email, name, title, organisations.get(org), password=DEMO_PASSWORD, is_staff=is_staff
        )
        if where.startswith("region:"):
            _assign(person, role, region=regions[where.removeprefix("region:")])
        else:
            _assign(person, role, partnership=partnerships[where])

    staffordshire = partnerships["staffordshire"]
    for email, name, title, org, role in STAFFORDSHIRE_PEOPLE:
        _assign(
            _person(email, name, title, organisations.get(org)), role, partnership=staffordshire
        )
    for org, name, title in CHIEF_OFFICERS:
        email = name.lower().replace(" ", ".") + "@demo.twb.nhs.uk"
        _assign(
            _person(email, name, title, organisations[org]),
            Role.BOARD_MEMBER,
            partnership=staffordshire,
        )
    return {"partnerships": partnerships, "organisations": organisations, "regions": regions}


def _person(email, name, title, organisation, password=None, is_staff=False):
    person, created = upsert(
        User,
        email=email,
        defaults={
            "full_name": name,
            "job_title": title,
            "organisation": organisation,
            "is_staff": is_staff,
            "is_active": True,
        },
    )
    if created:
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save(update_fields=["password"])
    return person


def _assign(person, role, partnership=None, region=None, scope=None, start=ROLES_SINCE):
    """Give `person` the role from `start`, unless they already hold it."""
    existing = RoleAssignment.objects.filter(
        person=person, role=role, partnership=partnership, region=region
    )
    if scope is not None:
        existing = existing.scoped_to(scope)
    else:
        existing = existing.filter(scope_id__isnull=True)
    if existing.exists():
        return existing.first()
    return RoleAssignment.objects.create(
        person=person,
        role=role,
        partnership=partnership,
        region=region,
        scope=scope,
        start_date=start,
    )
