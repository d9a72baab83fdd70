"""The version number that stops one person's save silently overwriting another's."""

from django.db import models, transaction
from django.db.models import F

from programmes.concurrency import EditConflict


class Versioned(models.Model):
    """A record whose every save claims the next version, or fails with EditConflict.

    The claim is a conditional UPDATE (`WHERE version = <the version this copy was loaded
    at>`), so of two saves based on the same version exactly one wins, on any database.
    """

    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up by one on every save."
    )

    # What the person editing may change (through concurrency.save_with_version).
    EDITABLE_FIELDS = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            claimed = (
                type(self)._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise EditConflict.since(self, self.version)
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.version -= 1
                raise

    def conflict_fields(self):
        """The fields whose changes by someone else a refused editor is told about."""
        return {*self.EDITABLE_FIELDS, "status"}
