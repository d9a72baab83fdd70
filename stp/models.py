"""Regions, partnerships, organisations, people and the roles that give them access."""

import re
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

# ODS codes: organisations have 3 characters (RJE, 05W), sites and practices up to 6 (M83001).
ODS_CODE = re.compile(r"^[A-Z0-9]{3,6}$")


def validate_ods_code(value):
    if not ODS_CODE.match(value):
        raise ValidationError(
            "Enter an ODS code of 3 to 6 capital letters and digits, like RJE or 05W."
        )


class Region(models.Model):
    """An NHS England region (Midlands, London ...)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partnership(models.Model):
    """A Sustainability and Transformation Partnership or Integrated Care System."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=60, help_text="How people refer to it, e.g. Together We're Better."
    )
    slug = models.SlugField(
        max_length=60, unique=True, help_text="Used in web addresses, e.g. staffordshire."
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="partnerships")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership", kwargs={"partnership": self.slug})


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMMISSIONER = "commissioner", "ICB or CCG"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        TRUST = "trust", "NHS trust or foundation trust"
        PCN = "pcn", "Primary care network"
        HEALTHWATCH = "healthwatch", "Healthwatch"
        NHSE_REGION = "nhse_region", "NHS England region"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ods_code = models.CharField(
        "ODS code",
        max_length=6,
        blank=True,
        validators=[validate_ods_code],
        help_text="The Organisation Data Service code, e.g. RJE. Leave blank if it has none.",
    )
    active = models.BooleanField(default=True)
    partnerships = models.ManyToManyField(
        Partnership,
        related_name="organisations",
        blank=True,
        help_text="The partnerships this organisation is a member of.",
    )
    history = HistoricalRecords(m2m_fields=[partnerships])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"], condition=~Q(ods_code=""), name="unique_ods_code"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.ods_code = self.ods_code.strip().upper()
        super().save(*args, **kwargs)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: signs in with their e-mail address."""

    email = models.EmailField("Email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "may use the admin",
        default=False,
        help_text="PMO administrators need this to set up their partnership in the admin.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)

    def scoped_to(self, obj):
        return self.filter(scope_type=ContentType.objects.get_for_model(obj), scope_id=obj.pk)


class RoleAssignment(models.Model):
    """A person's role in a partnership (or, for NHSE assurance leads, a region) for a time."""

    class Role(models.TextChoices):
        PMO = "pmo", "PMO administrator"
        PROGRAMME_DIRECTOR = "programme_director", "Programme director"
        SRO = "sro", "Senior responsible officer"
        WORKSTREAM_LEAD = "workstream_lead", "Workstream lead"
        CLINICAL_LEAD = "clinical_lead", "Clinical lead"
        BOARD_MEMBER = "board_member", "Board member"
        ASSURANCE_LEAD = "assurance_lead", "NHSE assurance lead"
        VIEWER = "viewer", "Viewer"

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text="Only for NHSE assurance leads: gives them every partnership in the region.",
    )
    # What the role applies to, where it is scoped: a programme, workstream or board.
    scope_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name="applies to (type)",
    )
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    start_date = models.DateField(default=date.today)
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "pk"]
        indexes = [
            models.Index(fields=["person", "partnership"]),
            models.Index(fields=["scope_type", "scope_id", "role"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(partnership__isnull=False, region__isnull=True)
                    | Q(partnership__isnull=True, region__isnull=False, role="assurance_lead")
                ),
                name="role_in_partnership_or_assurance_lead_in_region",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="role_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        where = self.partnership or self.region
        scope = f" of {self.scope}" if self.scope_id else ""
        return f"{self.person}: {self.get_role_display()}{scope} in {where}"

    def clean(self):
        errors = {}
        if self.region_id and self.partnership_id:
            errors["region"] = "Choose a partnership or a region, not both."
        elif not self.region_id and not self.partnership_id:
            errors["partnership"] = "Choose the partnership this role is in."
        elif self.region_id and self.role != self.Role.ASSURANCE_LEAD:
            errors["region"] = "Only NHSE assurance leads can be assigned to a whole region."
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "Enter an end date on or after the start date."
        if bool(self.scope_type_id) != bool(self.scope_id):
            errors["scope_id"] = (
                "Give both the type and the record this role applies to, or neither."
            )
        if errors:
            raise ValidationError(errors)

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)
