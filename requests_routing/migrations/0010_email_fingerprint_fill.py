"""Deduplicate inbound mail by its fingerprint instead of its Message-ID alone.

Broken mailers give different messages the same Message-ID; with the Message-ID unique, the
second one was dropped as already stored. Every stored email gets its fingerprint (Message-ID,
the headers that make the message, its body); 0010 makes (Message-ID, fingerprint) unique.
"""

from django.db import migrations, models

BATCH = 50


def fill_fingerprints(apps, schema_editor):
    # The live function, so stored rows and new mail are fingerprinted alike.
    from requests_routing.mail_files import fingerprint, is_outlook, tidy

    InboundEmail = apps.get_model("requests_routing", "InboundEmail")
    # Messages weigh up to tens of megabytes: a few at a time, and only their fingerprints kept.
    batch = []
    for pk, raw in (
        InboundEmail.objects.order_by("pk").values_list("pk", "raw").iterator(chunk_size=BATCH)
    ):
        raw = bytes(raw)
        readable = raw if is_outlook(raw) else tidy(raw)
        batch.append(InboundEmail(pk=pk, fingerprint=fingerprint(readable)))
        if len(batch) >= BATCH:
            InboundEmail.objects.bulk_update(batch, ["fingerprint"])
            batch = []
    if batch:
        InboundEmail.objects.bulk_update(batch, ["fingerprint"])


class Migration(migrations.Migration):
    dependencies = [
        ("requests_routing", "0009_forwarded_messages_and_match_by_forward"),
    ]

    operations = [
        migrations.AddField(
            model_name="inboundemail",
            name="fingerprint",
            field=models.CharField(
                default="",
                help_text=(
                    "Message-ID, encabezados propios del mensaje y cuerpo: un correo se guarda "
                    "una vez."
                ),
                max_length=64,
                verbose_name="huella del mensaje",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_fingerprints, migrations.RunPython.noop, elidable=False),
    ]
