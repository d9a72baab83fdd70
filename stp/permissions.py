"""Every "may this user do X to this object" is answered here; anything not allowed is denied.

Apps add their own rules with `@rule("action")` in their `rules.py` (loaded when the app is
ready); views and templates only ever call `may`, `require` or `partnership_or_404`.
"""

from collections import defaultdict
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from stp.models import Partnership, RoleAssignment

Role = RoleAssignment.Role
RULES: dict[str, Callable] = {}


def rule(action):
    """Register the function deciding `action`; it gets (access, obj) and returns a bool."""

    def register(func):
        if action in RULES:
            raise ValueError(f"A rule for {action!r} is already registered.")
        RULES[action] = func
        return func

    return register


class Access:
    """What one person's current role assignments allow, loaded once per request."""

    def __init__(self, user):
        self.user = user
        self.roles = defaultdict(set)  # partnership id -> roles held there
        self.scopes = defaultdict(set)  # (role, content type id) -> ids of scoped records
        self.regions = set()  # regions where the person is an assurance lead
        if not (user and user.is_authenticated and user.is_active):
            return
        assignments = RoleAssignment.objects.current().filter(person=user)
        for role, partnership_id, region_id, scope_type_id, scope_id in assignments.values_list(
            "role", "partnership_id", "region_id", "scope_type_id", "scope_id"
        ):
            if region_id:
                self.regions.add(region_id)
                continue
            self.roles[partnership_id].add(role)
            if scope_type_id:
                self.scopes[(role, scope_type_id)].add(scope_id)
        if self.regions:
            for partnership_id in Partnership.objects.filter(
                region_id__in=self.regions
            ).values_list("pk", flat=True):
                self.roles[partnership_id].add(Role.ASSURANCE_LEAD)

    @property
    def partnership_ids(self):
        return set(self.roles)

    def has_role(self, partnership, *roles):
        held = self.roles.get(_id(partnership), ())
        return any(role in held for role in roles)

    def is_member(self, partnership):
        return _id(partnership) in self.roles

    def scoped_ids(self, role, model):
        """Ids of the `model` records this person holds `role` for (e.g. their workstreams)."""
        return self.scopes.get((role, ContentType.objects.get_for_model(model).pk), set())

    def holds_scoped(self, role, obj):
        return obj.pk in self.scoped_ids(role, type(obj))


def _id(partnership):
    return partnership if isinstance(partnership, int) else partnership.pk


def access_for(user):
    """The person's Access, cached on the user object for the length of the request."""
    cached = getattr(user, "_stp_access", None)
    if cached is None or cached.day != timezone.localdate():
        cached = Access(user)
        cached.day = timezone.localdate()
        if user is not None:
            user._stp_access = cached
    return cached


def may(user, action, obj=None):
    """True when `user` may do `action` to `obj`. Unknown actions are refused."""
    check = RULES.get(action)
    if check is None or user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(check(access_for(user), obj))


def require(user, action, obj=None):
    """Refuse the request unless allowed: 404 outside the user's partnerships, else 403."""
    if may(user, action, obj):
        return
    partnership = getattr(obj, "partnership", obj)
    if isinstance(partnership, Partnership) and not access_for(user).is_member(partnership):
        raise Http404
    raise PermissionDenied


def visible_partnerships(user):
    ids = access_for(user).partnership_ids
    return Partnership.objects.filter(pk__in=ids).select_related("region")


def roles_by_partnership(user):
    """(partnership, role labels) for each partnership the user has a current role in."""
    access = access_for(user)
    labels = dict(Role.choices)
    return [(p, sorted(labels[r] for r in access.roles[p.pk])) for p in visible_partnerships(user)]


def partnership_or_404(user, slug):
    """The partnership with this slug, if the user has a current role in it; else 404."""
    partnership = Partnership.objects.select_related("region").filter(slug=slug).first()
    if partnership is None or not access_for(user).is_member(partnership):
        raise Http404
    return partnership


def people_with_role(role, obj, on=None):
    """Current holders of a role scoped to `obj` (e.g. the SRO of a workstream)."""
    return RoleAssignment.objects.current(on).scoped_to(obj).filter(role=role)


# The frame's own rules -------------------------------------------------------------------


@rule("view_partnership")
def _view_partnership(access, partnership):
    return access.is_member(partnership)


@rule("manage_partnership")
def _manage_partnership(access, partnership):
    return access.has_role(partnership, Role.PMO)


@rule("use_admin")
def _use_admin(access, _obj=None):
    """The admin is for superusers and for PMO administrators of some partnership."""
    if access.user.is_superuser:
        return True
    return access.user.is_staff and any(Role.PMO in roles for roles in access.roles.values())


def pmo_partnership_filter(user, path="partnership"):
    """A Q limiting admin lists to the partnerships where `user` is a PMO administrator."""
    if user.is_superuser:
        return Q()
    ids = [pid for pid, roles in access_for(user).roles.items() if Role.PMO in roles]
    return Q(**{f"{path}__in": ids})
