from django.db import migrations, models


def _text(name: str, blank: bool = True) -> models.TextField:
    return models.TextField(name, blank=blank)


def _russian_plans_into_russian_fields(apps, schema_editor):
    """A plan loaded with only a Russian title had its texts in the single (now Kazakh) fields."""
    Plan, Direction, Measure = (apps.get_model("plans", name) for name in ("Plan", "Direction", "Measure"))
    for plan in Plan.objects.filter(title_kk="").exclude(title_ru=""):
        plan.official_language = "ru"
        plan.save(update_fields=["official_language"])
        for direction in Direction.objects.filter(plan=plan, title_ru=""):
            direction.title_ru, direction.title_kk = direction.title_kk, ""
            direction.save(update_fields=["title_kk", "title_ru"])
        for measure in Measure.objects.filter(plan=plan):
            for name in ("title", "form_text", "budget_note", "funding_source"):
                if not getattr(measure, f"{name}_ru"):
                    setattr(measure, f"{name}_ru", getattr(measure, f"{name}_kk"))
                    setattr(measure, f"{name}_kk", "")
            measure.save()


class Migration(migrations.Migration):
    """Direction and measure texts in kk, ru and en: the existing (Kazakh) texts become the ``_kk``
    fields; the plan records its official language and its unofficial translations."""

    dependencies = [("plans", "0008_obligations_close_notifications_params")]

    operations = [
        migrations.RenameField("direction", "title", "title_kk"),
        migrations.AlterField("direction", "title_kk", _text("title (kk)")),
        migrations.AddField("direction", "title_ru", _text("title (ru)")),
        migrations.AddField("direction", "title_en", _text("title (en)")),
        migrations.RenameField("measure", "title", "title_kk"),
        migrations.AlterField("measure", "title_kk", _text("measure (kk)")),
        migrations.AddField("measure", "title_ru", _text("measure (ru)")),
        migrations.AddField("measure", "title_en", _text("measure (en)")),
        migrations.RenameField("measure", "form_text", "form_text_kk"),
        migrations.AlterField("measure", "form_text_kk", _text("form of completion (kk)")),
        migrations.AddField("measure", "form_text_ru", _text("form of completion (ru)")),
        migrations.AddField("measure", "form_text_en", _text("form of completion (en)")),
        migrations.RenameField("measure", "budget_note", "budget_note_kk"),
        migrations.AlterField("measure", "budget_note_kk", _text("budget note (kk)")),
        migrations.AddField("measure", "budget_note_ru", _text("budget note (ru)")),
        migrations.AddField("measure", "budget_note_en", _text("budget note (en)")),
        migrations.RenameField("measure", "funding_source", "funding_source_kk"),
        migrations.AlterField(
            "measure", "funding_source_kk", models.CharField("funding source (kk)", max_length=200, blank=True)
        ),
        migrations.AddField(
            "measure", "funding_source_ru", models.CharField("funding source (ru)", max_length=200, blank=True)
        ),
        migrations.AddField(
            "measure", "funding_source_en", models.CharField("funding source (en)", max_length=200, blank=True)
        ),
        migrations.AddField(
            "plan",
            "official_language",
            models.CharField(
                "official language", max_length=2, choices=[("kk", "kk"), ("ru", "ru"), ("en", "en")], default="kk"
            ),
        ),
        migrations.AddField(
            "plan", "unofficial_languages", models.CharField("unofficial translations", max_length=20, blank=True)
        ),
        migrations.RunPython(_russian_plans_into_russian_fields, migrations.RunPython.noop),
    ]
