"""The reminders' schedule in the admin: PMO administrators change when the work runs.

django-celery-beat keeps the schedule (its own admin pages); here its pages open to the PMO,
who may change a task or a schedule (the time of the daily run, switching it off) but not add
or delete them: the tasks are created by migration, and only superusers remove them. The
schedule is shared by every partnership.
"""

from django.contrib import admin
from django_celery_beat import admin as beat_admin  # registers its pages first
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from stp.permissions import may


class ChangedByThePMO:
    def has_module_permission(self, request):
        return may(request.user, "use_admin")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister([PeriodicTask, CrontabSchedule, IntervalSchedule])


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(ChangedByThePMO, beat_admin.PeriodicTaskAdmin):
    pass


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(ChangedByThePMO, beat_admin.CrontabScheduleAdmin):
    pass


@admin.register(IntervalSchedule)
class IntervalScheduleAdmin(ChangedByThePMO, beat_admin.IntervalScheduleAdmin):
    pass
