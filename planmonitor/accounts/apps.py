from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_register(sender, using="default", **kwargs) -> None:
    """After ``migrate``: the national register's districts and municipalities are in the database."""
    from django.db import connections

    from planmonitor.accounts.models import Municipality
    from planmonitor.accounts.services import load_register

    if Municipality._meta.db_table in connections[using].introspection.table_names():  # not after "migrate accounts zero"
        load_register(using=using)


class AccountsConfig(AppConfig):
    name = "planmonitor.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        post_migrate.connect(_load_register, sender=self, dispatch_uid="planmonitor.accounts.load_register")
        from django.contrib.auth.signals import user_logged_in

        from planmonitor.accounts.throttle import shorten_staff_session

        user_logged_in.connect(shorten_staff_session, dispatch_uid="planmonitor-staff-session")
