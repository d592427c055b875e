"""Comunas become official codes (omil_crm.base.comunas): parks' free text is mapped to a code,
and companies get a comuna of their own, read from the end of their address or else their
park's. A park comuna that names no comuna is kept in its address, never lost."""

from django.db import migrations, models

import omil_crm.base.comunas
from omil_crm.base.comunas import COMUNAS, find_comuna


def _kept_in_address(address: str, text: str) -> str:
    return f"{address} (comuna anotada: {text})".strip()[:200]


def parks_to_codes(apps, schema_editor):
    IndustrialPark = apps.get_model("companies", "IndustrialPark")
    for park in IndustrialPark.objects.all():
        code = find_comuna(park.comuna)
        if code is None:
            park.address = _kept_in_address(park.address, park.comuna)
        park.comuna = code or ""
        park.save(update_fields=["comuna", "address"])


def companies_get_a_comuna(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    rows = Company.objects.select_related("park").only("id", "address", "park__comuna")
    batch = []
    for company in rows.iterator(chunk_size=2000):
        last_part = company.address.rsplit(",", 1)[-1] if "," in company.address else ""
        code = find_comuna(last_part) or (company.park.comuna if company.park else "")
        if code:
            company.comuna = code
            batch.append(company)
        if len(batch) >= 2000:
            Company.objects.bulk_update(batch, ["comuna"])
            batch = []
    Company.objects.bulk_update(batch, ["comuna"])


def parks_to_names(apps, schema_editor):
    IndustrialPark = apps.get_model("companies", "IndustrialPark")
    for code, comuna in COMUNAS.items():
        IndustrialPark.objects.filter(comuna=code).update(comuna=comuna.name)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0005_dashboard_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="comuna",
            field=models.CharField(
                blank=True,
                choices=omil_crm.base.comunas.comuna_choices,
                max_length=5,
                verbose_name="comuna",
            ),
        ),
        migrations.AddField(
            model_name="historicalcompany",
            name="comuna",
            field=models.CharField(
                blank=True,
                choices=omil_crm.base.comunas.comuna_choices,
                max_length=5,
                verbose_name="comuna",
            ),
        ),
        migrations.RunPython(parks_to_codes, parks_to_names),
        migrations.RunPython(companies_get_a_comuna, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="industrialpark",
            name="comuna",
            field=models.CharField(
                choices=omil_crm.base.comunas.comuna_choices,
                max_length=5,
                verbose_name="comuna",
            ),
        ),
    ]
