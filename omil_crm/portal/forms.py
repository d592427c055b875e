from django import forms


class LinkRequestForm(forms.Form):
    """The address a contact asks a sign-in link for."""

    email = forms.EmailField(
        label="Su correo electrónico",
        max_length=254,
        error_messages={
            "required": "Escriba su correo electrónico.",
            "invalid": "Escriba un correo válido, como nombre@empresa.cl.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
