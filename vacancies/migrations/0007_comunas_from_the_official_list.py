"""People's comunas become official codes (omil_crm.base.comunas). A comuna that names none
("Narnia", "sector alto") is kept at the end of the person's address, never lost; in the
change history such a value becomes empty."""

from django.db import migrations, models

import omil_crm.base.comunas
from omil_crm.base.comunas import COMUNAS, find_comuna


def _codes_for(values):
    return {value: find_comuna(value) for value in values}


def people_to_codes(apps, schema_editor):
    JobSeeker = apps.get_model("vacancies", "JobSeeker")
    HistoricalJobSeeker = apps.get_model("vacancies", "HistoricalJobSeeker")
    values = JobSeeker.objects.exclude(comuna="").values_list("comuna", flat=True).distinct()
    for value, code in _codes_for(list(values)).items():
        if code:
            JobSeeker.objects.filter(comuna=value).update(comuna=code)
            continue
        for person in JobSeeker.objects.filter(comuna=value).only("id", "address"):
            person.address = f"{person.address} (comuna anotada: {value})".strip()[:200]
            person.comuna = ""
            person.save(update_fields=["address", "comuna"])
    history = HistoricalJobSeeker.objects.exclude(comuna="").values_list("comuna", flat=True)
    for value, code in _codes_for(list(history.distinct())).items():
        HistoricalJobSeeker.objects.filter(comuna=value).update(comuna=code or "")


def people_to_names(apps, schema_editor):
    for model_name in ("JobSeeker", "HistoricalJobSeeker"):
        model = apps.get_model("vacancies", model_name)
        for code, comuna in COMUNAS.items():
            model.objects.filter(comuna=code).update(comuna=comuna.name)


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0006_vacancy_history"),
    ]

    operations = [
        migrations.RunPython(people_to_codes, people_to_names),
        migrations.AlterField(
            model_name="historicaljobseeker",
            name="comuna",
            field=models.CharField(
                blank=True,
                choices=omil_crm.base.comunas.comuna_choices,
                max_length=5,
                verbose_name="comuna",
            ),
        ),
        migrations.AlterField(
            model_name="jobseeker",
            name="comuna",
            field=models.CharField(
                blank=True,
                choices=omil_crm.base.comunas.comuna_choices,
                max_length=5,
                verbose_name="comuna",
            ),
        ),
    ]
