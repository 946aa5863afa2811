# Written by hand (makemigrations would ask whether the fields and the
# model were renamed): a column added with a default, a type and
# nullability change, a column and a model renamed, a column's type
# widened and an index added.
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("shop", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="author",
            name="country",
            field=models.CharField(default="NZ", max_length=2),
        ),
        migrations.AlterField(
            model_name="author",
            name="email",
            field=models.EmailField(blank=True, max_length=320, null=True),
        ),
        migrations.RemoveIndex(model_name="book", name="book_price_pages"),
        migrations.RenameField(model_name="book", old_name="pages", new_name="page_count"),
        migrations.AddIndex(
            model_name="book",
            index=models.Index(fields=["price", "-page_count"], name="book_price_pages"),
        ),
        migrations.RenameModel(old_name="Tag", new_name="Label"),
        migrations.AlterField(
            model_name="review",
            name="stars",
            field=models.IntegerField(),
        ),
        migrations.AddIndex(
            model_name="review",
            index=models.Index(fields=["stars", "created"], name="review_stars_created"),
        ),
    ]
