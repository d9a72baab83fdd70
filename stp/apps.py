"""The stp app: people, partnerships, roles and what every other app shares."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class StpConfig(AppConfig):
    name = "stp"
    verbose_name = "Partnerships and people"
    default = True


class AdminConfig(admin_apps.AdminConfig):
    """The Django admin, with our site that asks the permissions module who may enter."""

    default = False
    default_site = "stp.admin_site.AdminSite"
