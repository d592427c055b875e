"""The admin's accounts, groups and sign-in devices: for superusers only.

Whatever permissions a role is given, only a superuser may open, add, change or delete a user
or a group here, or set a password: the office manages its accounts on the «Equipo» page,
which cannot grant superuser status, per-user permissions or other groups.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice


def _is_superuser(request) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


class SuperuserOnlyAdmin:
    def has_module_permission(self, request):
        return _is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_add_permission(self, request, *args):
        return _is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _is_superuser(request)


class StaffUserAdmin(SuperuserOnlyAdmin, UserAdmin):
    pass


class RoleGroupAdmin(SuperuserOnlyAdmin, GroupAdmin):
    pass


class PhoneDeviceAdmin(SuperuserOnlyAdmin, TOTPDeviceAdmin):
    """A superuser deletes the device of someone who lost the phone; the secret is never
    shown (OTP_ADMIN_HIDE_SENSITIVE_DATA)."""

    def config_view(self, request, pk):
        if not _is_superuser(request):
            raise PermissionDenied
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        if not _is_superuser(request):
            raise PermissionDenied
        return super().qrcode_view(request, pk)


class RecoveryCodesAdmin(SuperuserOnlyAdmin, StaticDeviceAdmin):
    pass


User = get_user_model()
for model, model_admin in (
    (User, StaffUserAdmin),
    (Group, RoleGroupAdmin),
    (TOTPDevice, PhoneDeviceAdmin),
    (StaticDevice, RecoveryCodesAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
