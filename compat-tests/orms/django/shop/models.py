import uuid

from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100, unique=True)
    email = models.EmailField(max_length=320, null=True, blank=True)
    country = models.CharField(max_length=2, default="NZ")
    born = models.DateField(null=True)

    def __str__(self):
        return self.name


class Label(models.Model):
    label = models.SlugField(unique=True)


class Book(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title = models.CharField(max_length=200, db_index=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    tags = models.ManyToManyField(Label, blank=True)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    page_count = models.PositiveIntegerField(default=0)
    published = models.DateTimeField(null=True)
    data = models.JSONField(default=dict)
    in_print = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]
        unique_together = [("author", "title")]
        indexes = [models.Index(fields=["price", "-page_count"], name="book_price_pages")]
        constraints = [
            models.CheckConstraint(check=models.Q(price__gte=0), name="book_price_nonneg"),
            models.UniqueConstraint(fields=["title"], condition=models.Q(in_print=True), name="book_title_in_print"),
        ]


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    stars = models.IntegerField()
    body = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["stars", "created"], name="review_stars_created")]
