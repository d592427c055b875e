"""What the Encargado OMIL may do to the office's staff accounts, and nothing more.

Every account the «Equipo» page touches holds exactly one of the five roles; it never grants
`is_superuser`, per-user permissions or any other group, and never touches a superuser (those
are managed by a superuser in the admin). A colleague's password is never chosen by the
Encargado: the colleague receives a link and chooses it (Django's password-reset tokens).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from omil_crm.accounts.roles import ALCALDIA, ENCARGADO, ROLE_NAMES

logger = logging.getLogger(__name__)

MANAGE_TEAM = "omil_crm.manage_team"
# Roles whose accounts enter the Django admin (the Alcaldía flags companies there; the
# Encargado keeps catalogues such as the SENCE programmes there), as the demo creates them.
ADMIN_ROLES = frozenset({ENCARGADO, ALCALDIA})

User = get_user_model()


def can_manage_team(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(MANAGE_TEAM))


def team_members():
    """Every account the «Equipo» page lists: all but superusers, with their role groups."""
    role_groups = Group.objects.filter(name__in=ROLE_NAMES)
    return (
        User.objects.filter(is_superuser=False)
        .prefetch_related(Prefetch("groups", queryset=role_groups, to_attr="role_groups"))
        .order_by("-is_active", "first_name", "last_name", "username")
    )


def member_for(actor, pk: int):
    """The account the actor may manage; None if there is none, PermissionDenied for a
    superuser's (superusers are never managed from the «Equipo» page)."""
    _check_actor(actor)
    member = User.objects.filter(pk=pk).first()
    if member is not None:
        _check_member(member)
    return member


def role_of(member) -> str:
    """The member's role ('' when none); uses the groups prefetched by team_members()."""
    groups = getattr(member, "role_groups", None)
    if groups is None:
        groups = member.groups.filter(name__in=ROLE_NAMES)
    names = {group.name for group in groups}
    return next((role for role in ROLE_NAMES if role in names), "")


def _check_actor(actor):
    if not can_manage_team(actor):
        raise PermissionDenied("Solo el Encargado OMIL administra las cuentas del equipo.")


def _check_member(member):
    if member.is_superuser:
        raise PermissionDenied("Las cuentas de superusuario se administran solo en el admin.")


def _check_role(role: str):
    if role not in ROLE_NAMES:
        raise ValidationError({"role": "Elija uno de los cinco roles de la oficina."})


def _active_managers_besides(member) -> int:
    return (
        User.objects.filter(is_active=True, groups__name=ENCARGADO)
        .exclude(pk=member.pk)
        .distinct()
        .count()
    )


def _set_role(member, role: str):
    """Replace the member's role group; groups that are not roles stay as they were."""
    member.groups.remove(*Group.objects.filter(name__in=ROLE_NAMES).exclude(name=role))
    member.groups.add(Group.objects.get(name=role))
    member.is_staff = role in ADMIN_ROLES
    member.save(update_fields=["is_staff"])


@transaction.atomic
def member_create(*, actor, username: str, first_name: str, last_name: str, email: str, role: str):
    """A new staff account with one role and no password yet (the link sets it)."""
    _check_actor(actor)
    _check_role(role)
    username = username.strip()
    email = email.strip()
    errors = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = "Ya existe una cuenta con ese nombre de usuario."
    if not email:
        errors["email"] = "Indique el correo: ahí llega el enlace para elegir la contraseña."
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = "Ese correo ya es de otra cuenta."
    if errors:
        raise ValidationError(errors)
    member = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        is_staff=role in ADMIN_ROLES,
    )
    member.set_unusable_password()
    member.full_clean(exclude=["password"])
    member.save()
    member.groups.add(Group.objects.get(name=role))
    return member


@transaction.atomic
def member_update(*, actor, member, first_name: str, last_name: str, role: str):
    """Change a colleague's name and role. The e-mail stays: the reset link goes there, so
    changing it would let whoever changes it take over the account (a superuser can)."""
    _check_actor(actor)
    _check_member(member)
    _check_role(role)
    current = role_of(member)
    if role != current:
        if member.pk == actor.pk:
            raise ValidationError({"role": "No puede cambiar su propio rol."})
        if current == ENCARGADO and member.is_active and not _active_managers_besides(member):
            raise ValidationError(
                {"role": "Es el último Encargado OMIL activo: la oficina se quedaría sin él."}
            )
    member.first_name = first_name.strip()
    member.last_name = last_name.strip()
    member.save(update_fields=["first_name", "last_name"])
    if role != current:
        _set_role(member, role)
    return member


@transaction.atomic
def member_deactivate(*, actor, member):
    """Close the account: it can no longer log in, and its open sessions stop working."""
    _check_actor(actor)
    _check_member(member)
    if member.pk == actor.pk:
        raise ValidationError("No puede desactivar su propia cuenta.")
    if member.is_active and role_of(member) == ENCARGADO and not _active_managers_besides(member):
        raise ValidationError(
            "Es el último Encargado OMIL activo: la oficina se quedaría sin quien administre."
        )
    member.is_active = False
    member.save(update_fields=["is_active"])
    return member


@transaction.atomic
def member_reactivate(*, actor, member):
    _check_actor(actor)
    _check_member(member)
    member.is_active = True
    member.save(update_fields=["is_active"])
    return member


def reset_link(member) -> str:
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def send_reset_link(member, *, requested_by=None) -> bool:
    """Mail the member a link to choose a new password; False (logged) if it could not go.

    The address of the link is the configured site (OMIL_SITE_URL), never the Host header of
    the request, so a forged request cannot send a colleague a link to another site.
    """
    context = {
        "member": member,
        "link": reset_link(member),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "requested_by": requested_by,
    }
    subject = " ".join(render_to_string("accounts/emails/reset_subject.txt", context).split())
    body = render_to_string("accounts/emails/reset_body.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [member.email])
    try:
        message.send()
    except Exception:
        logger.exception("No se pudo enviar el enlace de contraseña a la cuenta %s", member.pk)
        return False
    return True


def member_send_reset_link(*, actor, member) -> bool:
    _check_actor(actor)
    _check_member(member)
    if not member.is_active:
        raise ValidationError("La cuenta está desactivada: reactívela antes de enviar el enlace.")
    if not member.email:
        raise ValidationError("La cuenta no tiene correo: pida a un superusuario que lo agregue.")
    return send_reset_link(member, requested_by=actor)
