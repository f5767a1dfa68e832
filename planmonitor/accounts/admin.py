"""Back office for people and bodies: districts, municipalities, the institution registry, users."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from planmonitor.accounts.models import District, Institution, Municipality, User


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
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "get_full_name", "email", "role", "municipality", "district", "institution", "is_active"]
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
        (_("Role and body"), {"fields": ("role", "municipality", "district", "institution")}),
    )
