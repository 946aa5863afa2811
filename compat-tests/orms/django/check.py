"""Django's ORM against a running zerodb (Debian's python3-django).

Runs the migrations of django.contrib.auth, contenttypes and the shop app
(CREATE TABLE, foreign keys, many-to-many tables, ALTER COLUMN TYPE, a
column and a model renamed, indexes and constraints added and removed),
then what applications do with the ORM: inserts, bulk inserts, lookups on
JSON, joins (select_related), prefetches, aggregates, annotations with
subqueries and window functions, date truncation in a time zone,
transactions and savepoints, SELECT FOR UPDATE, server-side cursors
(iterator), integrity errors, cascading deletes, introspection
(inspectdb) and the migrations reversed. Connection settings come from
PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE; it prints
"OK django" and exits 0, or raises.
"""

import datetime
import decimal
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, Permission, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import IntegrityError, connection, transaction  # noqa: E402
from django.db.models import (  # noqa: E402
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, ExtractYear, Lower, RowNumber, TruncMonth  # noqa: E402

from shop.models import Author, Book, Label, Review  # noqa: E402


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    out = io.StringIO()
    call_command("migrate", verbosity=0, stdout=out)
    # The migrations are recorded: a second run has nothing to do.
    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    check("No migrations to apply" in out.getvalue(), "second migrate: " + out.getvalue())
    # The models match the tables the migrations made.
    out = io.StringIO()
    call_command("makemigrations", "shop", check=True, dry_run=True, stdout=out)

    # contrib.auth: users, groups, permissions (many-to-many), password hashes.
    u = User.objects.create_user("ann", "ann@example.com", "s3cret")
    g = Group.objects.create(name="editors")
    g.permissions.add(*Permission.objects.filter(codename__startswith="change_"))
    u.groups.add(g)
    check(User.objects.get(username="ann").check_password("s3cret"), "password")
    check(u.has_perm("shop.change_book"), "permission through a group")

    ann = Author.objects.create(name="Ann", email="ann@example.com", born=datetime.date(1970, 5, 17))
    bob = Author.objects.create(name="Bob", country="AU")
    check(Author.objects.get(pk=bob.pk).email is None, "null email after AlterField")
    check(Author.objects.get(pk=ann.pk).country == "NZ", "AddField default")
    labels = Label.objects.bulk_create([Label(label=f"l{i}") for i in range(5)])
    check(all(lb.pk is not None for lb in labels), "bulk_create returns ids")

    when = datetime.datetime(2021, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)
    books = Book.objects.bulk_create([
        Book(title=f"Book {i}", author=ann if i % 2 else bob, price=decimal.Decimal(f"{i}.50"),
             page_count=100 + i, published=when + datetime.timedelta(days=40 * i),
             data={"k": i, "tags": ["a", "b"] if i % 3 == 0 else ["c"], "nested": {"v": i * 10}})
        for i in range(1, 13)
    ])
    for b in books[:4]:
        b.tags.set(labels[:2])
    Review.objects.bulk_create([Review(book=b, stars=i % 5 + 1, body="x" * i) for i, b in enumerate(books)])

    # Lookups.
    check(Book.objects.filter(title__icontains="BOOK 1").count() == 4, "icontains")
    check(Book.objects.filter(price__range=(2, 5)).count() == 3, "range")
    check(Book.objects.filter(data__k=3).get().title == "Book 3", "json key")
    check(Book.objects.filter(data__nested__v__gt=50).count() == 7, "nested json key with a comparison")
    check(Book.objects.filter(data__has_key="nested").count() == 12, "has_key")
    check(Book.objects.filter(data__tags__contains=["a"]).count() == 4, "json contains")
    check(Book.objects.filter(Q(page_count__gt=110) | Q(author__name="Bob"), in_print=True).count() == 7, "Q or")
    check(Book.objects.exclude(author__country="AU").count() == 6, "exclude through a join")
    check(list(Book.objects.filter(pk__in=[books[0].pk, books[1].pk]).values_list("title", flat=True))
          == ["Book 1", "Book 2"], "in, values_list, ordering")
    check(Book.objects.get(uid=books[5].uid).pk == books[5].pk, "uuid")

    # Joins and prefetches.
    with_authors = list(Book.objects.select_related("author").filter(author__born__year=1970))
    check(len(with_authors) == 6 and with_authors[0].author.name == "Ann", "select_related")
    tagged = list(Book.objects.prefetch_related("tags").filter(tags__label="l1"))
    check(len(tagged) == 4 and {t.label for t in tagged[0].tags.all()} == {"l0", "l1"}, "prefetch_related")
    check(Author.objects.filter(books__tags__label="l0").distinct().count() == 2, "distinct over a join")

    # Aggregates and annotations.
    agg = Book.objects.aggregate(total=Sum("price"), avg_pages=Avg("page_count"), most=Max("page_count"))
    check(agg["total"] == decimal.Decimal("84.00") and agg["most"] == 112, f"aggregate {agg}")
    per_author = {a.name: (a.n, a.stars) for a in Author.objects.annotate(
        n=Count("books", distinct=True), stars=Coalesce(Sum("books__review__stars"), 0)).order_by("name")}
    check(per_author["Ann"][0] == 6 and per_author["Bob"][0] == 6, f"annotate count {per_author}")
    newest = Review.objects.filter(book__author=OuterRef("pk")).order_by("-stars").values("stars")[:1]
    best = {a.name: a.best for a in Author.objects.annotate(best=Subquery(newest))}
    check(best == {"Ann": 5, "Bob": 5}, f"subquery annotation {best}")
    reviewed = Book.objects.filter(Exists(Review.objects.filter(book=OuterRef("pk"), stars__gte=4)))
    check(reviewed.count() == 4, "exists")
    ranked = list(Book.objects.annotate(
        rn=Window(RowNumber(), partition_by=[F("author")], order_by=F("price").desc())).filter(author=ann).order_by("rn"))
    check(ranked[0].rn == 1 and ranked[0].title == "Book 11", "window row_number")
    sizes = Book.objects.annotate(size=Case(When(page_count__gte=110, then=Value(2)), default=Value(1),
                                            output_field=IntegerField())).filter(size=2).count()
    check(sizes == 3, "case when")
    months = list(Book.objects.annotate(m=TruncMonth("published")).values("m").annotate(n=Count("id")).order_by("m"))
    check(len(months) == 12 and months[0]["m"] == datetime.datetime(2021, 4, 1, tzinfo=datetime.timezone.utc),
          f"trunc month {months[:2]}")
    years = dict(Book.objects.annotate(y=ExtractYear("published")).values("y").annotate(n=Count("id"))
                 .order_by().values_list("y", "n"))
    check(years == {2021: 7, 2022: 5}, f"extract year {years}")
    check(Author.objects.annotate(l=Lower("name")).get(l="bob").pk == bob.pk, "lower")

    # Writes: update with F, delete, get_or_create, update_or_create.
    n = Book.objects.filter(author=bob).update(price=F("price") + 1)
    check(n == 6, "update count")
    check(Book.objects.get(title="Book 2").price == decimal.Decimal("3.50"), "update F")
    obj, created = Label.objects.get_or_create(label="l9")
    check(created, "get_or_create creates")
    obj, created = Label.objects.get_or_create(label="l9")
    check(not created, "get_or_create gets")
    _, created = Author.objects.update_or_create(name="Bob", defaults={"email": "bob@example.com"})
    check(not created and Author.objects.get(name="Bob").email == "bob@example.com", "update_or_create")

    # Constraints: unique, unique_together, check, partial unique index.
    for what, make in [
        ("unique", lambda: Author.objects.create(name="Ann")),
        ("unique_together", lambda: Book.objects.create(title="Book 1", author=ann, price=1, in_print=False)),
        ("check", lambda: Book.objects.create(title="Neg", author=ann, price=-1)),
        ("partial unique", lambda: Book.objects.create(title="Book 2", author=ann, price=1)),
    ]:
        try:
            with transaction.atomic():
                make()
        except IntegrityError:
            pass
        else:
            raise AssertionError("no IntegrityError: " + what)
    Book.objects.create(title="Book 2", author=ann, price=1, in_print=False)  # outside the partial index

    # Transactions: an atomic block rolled back, a savepoint inside a kept one.
    try:
        with transaction.atomic():
            Author.objects.create(name="Ghost")
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    check(not Author.objects.filter(name="Ghost").exists(), "rollback")
    with transaction.atomic():
        Author.objects.create(name="Kept")
        try:
            with transaction.atomic():
                Author.objects.create(name="Inner")
                raise RuntimeError("savepoint")
        except RuntimeError:
            pass
        locked = Author.objects.select_for_update().get(name="Kept")
        locked.email = "kept@example.com"
        locked.save()
    check(Author.objects.filter(name__in=["Kept", "Inner"]).count() == 1, "savepoint rollback")

    # A server-side cursor (psycopg2 named cursor) read in chunks.
    seen = sum(1 for _ in Review.objects.all().iterator(chunk_size=3))
    check(seen == 12, "iterator")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM shop_book WHERE data @> %s", ['{"tags": ["c"]}'])
        check(cur.fetchone()[0] == 8, "raw SQL with a parameter")

    # Cascading delete through the ORM's collector (it deletes reviews,
    # the many-to-many rows and the books first).
    Author.objects.filter(name="Ann").delete()
    check(Book.objects.count() == 6 and Review.objects.count() == 6, "cascade")

    # Introspection: inspectdb reads tables, columns, keys and constraints.
    out = io.StringIO()
    call_command("inspectdb", "shop_book", "shop_review", stdout=out)
    text = out.getvalue()
    check("class ShopBook(models.Model):" in text, "inspectdb table")
    check("models.ForeignKey(" in text and "ShopAuthor" in text, "inspectdb foreign key:\n" + text)
    check("page_count = models.IntegerField()" in text, "inspectdb renamed column:\n" + text)
    check("unique_together = (('author', 'title'),)" in text, "inspectdb unique_together:\n" + text)
    out = io.StringIO()
    call_command("sqlflush", stdout=out)
    check("TRUNCATE" in out.getvalue(), "sqlflush")
    call_command("flush", interactive=False, verbosity=0)
    check(Book.objects.count() == 0 and User.objects.count() == 0, "flush")

    # The migrations reversed: every table of the app dropped again.
    call_command("migrate", "shop", "zero", verbosity=0)
    tables = connection.introspection.table_names()
    check(not any(t.startswith("shop_") for t in tables), f"tables left after migrate zero: {tables}")
    call_command("migrate", "shop", verbosity=0)
    check("shop_book" in connection.introspection.table_names(), "migrated again")
    print("OK django")


if __name__ == "__main__":
    main()
