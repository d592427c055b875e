import hashlib

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache

from omil_crm.accounts import services
from omil_crm.accounts.roles import ROLE_NAMES

ROLE_CHOICES = [("", "— Elija un rol —"), *((role, role) for role in ROLE_NAMES)]


class MemberCreateForm(forms.Form):
    username = forms.CharField(
        label="Nombre de usuario",
        max_length=150,
        help_text="Con él ingresa: letras, números y . @ + - _ (por ejemplo, «cmunoz»).",
    )
    first_name = forms.CharField(label="Nombre", max_length=150)
    last_name = forms.CharField(label="Apellido", max_length=150)
    email = forms.EmailField(
        label="Correo",
        max_length=254,
        help_text="Ahí le llega el enlace para elegir su contraseña.",
    )
    role = forms.ChoiceField(label="Rol", choices=ROLE_CHOICES)


class MemberEditForm(forms.Form):
    first_name = forms.CharField(label="Nombre", max_length=150)
    last_name = forms.CharField(label="Apellido", max_length=150)
    role = forms.ChoiceField(label="Rol", choices=ROLE_CHOICES)


# The public form sends one link per account in this many seconds, so nobody can flood a
# colleague's mailbox by submitting the address over and over (the page answers the same).
PUBLIC_RESET_INTERVAL = 15 * 60


class ResetRequestForm(PasswordResetForm):
    """The login page's «¿Olvidó su contraseña?»: the same answer whether the address exists
    or not; a matching active account gets the same link the «Equipo» page sends."""

    email = forms.EmailField(label="Correo", max_length=254)

    def get_users(self, email):
        return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True)

    def save(self, *args, **kwargs):
        for user in self.get_users(self.cleaned_data["email"])[:5]:
            # Keyed on the password hash too: once the link is used, a new one may be asked.
            # A cache that cannot answer (Redis down) lets the link go rather than hold it.
            state = hashlib.sha256(f"{user.pk}:{user.password}".encode()).hexdigest()
            key = f"password-reset-sent:{state}"
            if cache.get(key) is None:
                cache.set(key, 1, PUBLIC_RESET_INTERVAL)
                services.send_reset_link(user)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Código",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        help_text="Los 6 dígitos de su aplicación, o uno de sus códigos de recuperación.",
    )


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label="Código de 6 dígitos",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="El código que la aplicación muestra ahora para «OMIL CRM».",
    )
