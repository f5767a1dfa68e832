"""Back office for people and bodies: districts, municipalities, the institution registry, users."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planmonitor.accounts.models import District, Institution, Municipality, User

#: Django stores permission names in English ("Can add plan"); the admin shows them in the person's language.
PERMISSION_ACTIONS = {
    "add": _("Can add"), "change": _("Can change"), "delete": _("Can delete"), "view": _("Can view"),
}


def permission_label(permission: Permission) -> str:
    """"Планове | план | Може да добавя" rather than "Планове | план | Can add plan"."""
    action = permission.codename.split("_", 1)[0]
    if action in PERMISSION_ACTIONS:
        return f"{permission.content_type} | {PERMISSION_ACTIONS[action]}"
    return f"{permission.content_type} | {gettext(permission.name)}"


class TranslatedPermissionsMixin:
    """Permission pickers (users and groups) list each permission in Bulgarian."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Permission:
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(TranslatedPermissionsMixin, DjangoGroupAdmin):
    pass


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    list_filter = ["district"]
    search_fields = ["name", "district__name"]
    list_select_related = ["district"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["abbreviation", "name"]
    list_select_related = ["municipality"]


@admin.register(User)
class UserAdmin(TranslatedPermissionsMixin, DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "role", "municipality", "district", "institution", "active"]
    list_filter = ["role", "is_active", "is_staff", "municipality__district"]
    list_select_related = ["municipality", "district", "institution"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["municipality", "district", "institution"]

    readonly_fields = ["last_login", "date_joined"]  # facts, not settings (and unlabelled split inputs)

    class Media:
        js = ("planmonitor/admin_a11y.js",)  # names the autocomplete boxes for screen readers

    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Role and body"), {"fields": ("role", "municipality", "district", "institution")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        # Reminders and notifications go by e-mail: ask for it when the person is added.
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role and body"), {"fields": ("role", "municipality", "district", "institution")}),
    )

    @admin.display(description=_("active"), ordering="is_active")
    def active(self, user: User) -> str:
        # Words, not Django's tick icon, whose alternative text is the English "True".
        return gettext("yes") if user.is_active else gettext("no")

    @admin.display(description=_("full name"), ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()


def _quiet_access_log_admin() -> None:
    """django-axes' log of log-ins without row checkboxes: their labels read each row's English name
    ("Access Log for …", hard-coded in axes); the log is read-only anyway."""
    from axes.admin import AccessLogAdmin
    from axes.models import AccessLog

    class QuietAccessLogAdmin(AccessLogAdmin):
        actions = None

    if admin.site.is_registered(AccessLog):
        admin.site.unregister(AccessLog)
        admin.site.register(AccessLog, QuietAccessLogAdmin)


_quiet_access_log_admin()
