from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "planmonitor.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from planmonitor.accounts.throttle import shorten_staff_session

        user_logged_in.connect(shorten_staff_session, dispatch_uid="planmonitor-staff-session")
