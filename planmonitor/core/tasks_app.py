"""django-tasks-db under a translated name (its own is a plain English string the admin cannot translate).

A module of its own: beside ``CoreConfig`` in ``apps.py`` it would stop Django
from picking ``CoreConfig`` as the core app's configuration.
"""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
