"""django-axes (log-in throttling) under a translated name; its own is the plain "Axes".

A module of its own for the same reason as ``tasks_app``: beside ``CoreConfig``
it would stop Django from picking ``CoreConfig`` as the core app's configuration.
Its model and field names are translated in the project's catalogue, since
django-axes ships no Bulgarian one.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class LoginProtectionConfig(AxesAppConfig):
    verbose_name = _("Log-in protection")
