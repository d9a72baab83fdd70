"""Who holds a programme's or workstream's roles over time: appointing, and reading in bulk."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.dateformat import format as format_date

from programmes.exceptions import AppointmentNotAllowed
from stp.models import RoleAssignment

Role = RoleAssignment.Role

# The roles held for one programme or workstream at a time, handed over by appoint().
APPOINTED_ROLES = (Role.PROGRAMME_DIRECTOR, Role.SRO, Role.WORKSTREAM_LEAD, Role.CLINICAL_LEAD)


def appoint(role, obj, person, start_date, by=None):
    """Give `person` `role` for `obj` from `start_date`, ending the holder's the day before."""
    if role not in APPOINTED_ROLES:
        raise AppointmentNotAllowed(
            f"{Role(role).label} is not a role held for a programme or workstream."
        )
    label = Role(role).label
    scope_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        overlapping = list(
            RoleAssignment.objects.select_for_update()
            .filter(scope_type=scope_type, scope_id=obj.pk, role=role)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
            .select_related("person")
        )
        for assignment in overlapping:
            if assignment.person_id == person.pk and assignment.start_date <= start_date:
                raise AppointmentNotAllowed(f"{person} is already the {label} of {obj}.")
            if assignment.start_date >= start_date:
                raise AppointmentNotAllowed(
                    f"{assignment.person} is appointed {label} of {obj} from "
                    f"{format_date(assignment.start_date, 'j F Y')}: change or remove that "
                    "appointment first."
                )
        for assignment in overlapping:
            assignment.end_date = start_date - timedelta(days=1)
            assignment._history_user = by
            assignment.save(update_fields=["end_date"])
        appointment = RoleAssignment(
            person=person, role=role, partnership_id=obj.partnership_id,
            scope_type=scope_type, scope_id=obj.pk, start_date=start_date,
        )
        appointment._history_user = by
        appointment.save()
    obj.__dict__.pop("_role_assignments", None)
    return appointment


def attach_holders(records):
    """Load every role assignment of these programmes/workstreams in one query.

    Afterwards `record.sro`, `.holder(role)`, `.previous_holders(role)` ask no more queries.
    """
    records = [r for r in records if r.pk]
    if not records:
        return records
    by_type = {}
    for record in records:
        by_type.setdefault(ContentType.objects.get_for_model(record).pk, []).append(record)
    condition = Q()
    for type_id, of_type in by_type.items():
        condition |= Q(scope_type_id=type_id, scope_id__in=[r.pk for r in of_type])
    assignments = {}
    for assignment in (
        RoleAssignment.objects.filter(condition).select_related("person")
        .order_by("-start_date", "-pk")
    ):
        assignments.setdefault((assignment.scope_type_id, assignment.scope_id), []).append(
            assignment
        )
    for type_id, of_type in by_type.items():
        for record in of_type:
            record._role_assignments = assignments.get((type_id, record.pk), [])
    return records
