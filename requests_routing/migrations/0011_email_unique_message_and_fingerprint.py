"""The Message-ID is no longer unique by itself: (Message-ID, fingerprint) is. Its index also
serves the lookups by Message-ID that thread replies; the fingerprint gets its own index for
deduplication."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("requests_routing", "0010_email_fingerprint_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inboundemail",
            name="message_id",
            field=models.CharField(max_length=998, verbose_name="Message-ID"),
        ),
        migrations.AlterField(
            model_name="inboundemail",
            name="fingerprint",
            field=models.CharField(
                db_index=True,
                help_text=(
                    "Message-ID, encabezados propios del mensaje y cuerpo: un correo se guarda "
                    "una vez."
                ),
                max_length=64,
                verbose_name="huella del mensaje",
            ),
        ),
        migrations.AddConstraint(
            model_name="inboundemail",
            constraint=models.UniqueConstraint(
                fields=("message_id", "fingerprint"),
                name="email_unique_message",
                violation_error_message="Ese correo ya está guardado.",
            ),
        ),
    ]
