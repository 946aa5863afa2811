"""SQLAlchemy 1.4 and Alembic against a running zerodb (Debian's
python3-sqlalchemy and python3-alembic, over psycopg2).

Creates a schema from SQLAlchemy's metadata (identity and serial keys,
foreign keys, an enum type, jsonb, arrays, server defaults, unique, check
and partial index constraints), reflects it back through the inspector
(the pg_catalog queries SQLAlchemy's PostgreSQL dialect runs) and checks
that Alembic's autogenerate finds nothing to change. Then the ORM:
relationships loaded by joins and by IN, ON CONFLICT upserts, RETURNING,
savepoints, streamed results. Last, Alembic operations (add, alter and
drop columns, rename a table, indexes and constraints) and autogenerate
again, which must see exactly the changes made. Connection settings come
from PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE; it prints
"OK sqlalchemy" and exits 0, or raises.
"""

import datetime
import decimal
import enum
import os

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.orm import Session, declarative_base, joinedload, relationship, selectinload


def check(cond, what):
    if not cond:
        raise AssertionError(what)


class Status(enum.Enum):
    active = "active"
    banned = "banned"


Base = declarative_base()


class User(Base):
    __tablename__ = "sa_users"
    id = sa.Column(sa.BigInteger, sa.Identity(), primary_key=True)
    name = sa.Column(sa.String(80), nullable=False, unique=True)
    status = sa.Column(sa.Enum(Status, name="sa_status"), nullable=False, server_default="active")
    prefs = sa.Column(pg.JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    tags = sa.Column(pg.ARRAY(sa.Text), nullable=True)
    balance = sa.Column(sa.Numeric(12, 2), nullable=False, server_default="0")
    created = sa.Column(sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())
    addresses = relationship("Address", back_populates="user", cascade="all, delete-orphan", order_by="Address.id")
    __table_args__ = (
        sa.CheckConstraint("balance >= 0", name="sa_users_balance_nonneg"),
        sa.Index("sa_users_active_name", "name", postgresql_where=sa.text("status = 'active'")),
    )


class Address(Base):
    __tablename__ = "sa_addresses"
    id = sa.Column(sa.Integer, primary_key=True)  # serial
    user_id = sa.Column(sa.BigInteger, sa.ForeignKey("sa_users.id", ondelete="CASCADE"), nullable=False, index=True)
    city = sa.Column(sa.String(40), nullable=False)
    zip = sa.Column(sa.String(10))
    user = relationship("User", back_populates="addresses")
    __table_args__ = (sa.UniqueConstraint("user_id", "city", name="sa_addresses_user_city"),)


def url():
    e = os.environ
    return sa.engine.URL.create(
        "postgresql+psycopg2", username=e.get("PGUSER", "root"), password=e.get("PGPASSWORD", ""),
        host=e.get("PGHOST", "127.0.0.1"), port=int(e.get("PGPORT", "5432")), database=e.get("PGDATABASE", "main"))


def diffs(conn, metadata):
    ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": False})
    return compare_metadata(ctx, metadata)


def main():
    engine = sa.create_engine(url(), future=True)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)

    # Reflection: what the inspector reads back from pg_catalog.
    insp = sa.inspect(engine)
    check({"sa_users", "sa_addresses"} <= set(insp.get_table_names()), "tables")
    cols = {c["name"]: c for c in insp.get_columns("sa_users")}
    check(isinstance(cols["prefs"]["type"], pg.JSONB), f"jsonb column: {cols['prefs']['type']!r}")
    check(isinstance(cols["tags"]["type"], pg.ARRAY), f"array column: {cols['tags']['type']!r}")
    check(isinstance(cols["status"]["type"], pg.ENUM) and list(cols["status"]["type"].enums) == ["active", "banned"],
          f"enum column: {cols['status']['type']!r}")
    check(cols["name"]["type"].length == 80 and not cols["name"]["nullable"], "varchar(80) not null")
    check(cols["balance"]["type"].precision == 12 and cols["balance"]["type"].scale == 2, "numeric(12,2)")
    check(cols["id"].get("identity") is not None or "nextval" in str(cols["id"].get("default")), f"identity: {cols['id']}")
    check("now()" in str(cols["created"]["default"]), f"server default: {cols['created']['default']}")
    check(insp.get_pk_constraint("sa_addresses")["constrained_columns"] == ["id"], "primary key")
    fks = insp.get_foreign_keys("sa_addresses")
    check(len(fks) == 1 and fks[0]["referred_table"] == "sa_users" and fks[0]["options"].get("ondelete") == "CASCADE",
          f"foreign key: {fks}")
    uqs = {u["name"]: u["column_names"] for u in insp.get_unique_constraints("sa_addresses")}
    check(uqs.get("sa_addresses_user_city") == ["user_id", "city"], f"unique constraints: {uqs}")
    ixs = {i["name"]: i for i in insp.get_indexes("sa_users")}
    check(ixs["sa_users_active_name"]["column_names"] == ["name"], f"indexes: {ixs}")
    checks = {c["name"]: c["sqltext"] for c in insp.get_check_constraints("sa_users")}
    check("balance" in checks.get("sa_users_balance_nonneg", ""), f"check constraints: {checks}")
    enums = {e["name"]: e["labels"] for e in insp.get_enums()}
    check(enums.get("sa_status") == ["active", "banned"], f"enums: {enums}")
    check(insp.has_table("sa_users") and not insp.has_table("sa_nothing"), "has_table")
    reflected = sa.MetaData()
    reflected.reflect(engine, only=["sa_users", "sa_addresses"])
    check(set(reflected.tables["sa_addresses"].c.keys()) == {"id", "user_id", "city", "zip"}, "reflect")

    with engine.connect() as conn:
        found = diffs(conn, Base.metadata)
        check(found == [], f"autogenerate after create_all: {found}")

    # The ORM.
    with Session(engine) as s:
        ann = User(name="ann", tags=["a", "b"], prefs={"theme": "dark", "n": 1},
                   addresses=[Address(city="Oslo"), Address(city="Lima", zip="15001")])
        bob = User(name="bob", status=Status.banned, balance=decimal.Decimal("5.25"))
        s.add_all([ann, bob])
        s.commit()
        check(ann.id is not None and ann.created.tzinfo is not None, "identity and server default fetched")
        got = s.execute(sa.select(User).options(joinedload(User.addresses)).where(User.name == "ann")).unique().scalar_one()
        check([a.city for a in got.addresses] == ["Oslo", "Lima"], "joinedload")
        users = s.execute(sa.select(User).options(selectinload(User.addresses)).order_by(User.id)).scalars().all()
        check([len(u.addresses) for u in users] == [2, 0], "selectinload")
        check(s.execute(sa.select(User.name).where(User.prefs["theme"].astext == "dark")).scalar_one() == "ann", "jsonb ->>")
        check(s.execute(sa.select(User.name).where(User.tags.any("b"))).scalar_one() == "ann", "array any")
        check(s.execute(sa.select(User.name).where(User.prefs.contains({"n": 1}))).scalar_one() == "ann", "jsonb @>")
        n = s.execute(sa.select(sa.func.count()).select_from(Address).join(User).where(User.status == Status.active)).scalar()
        check(n == 2, "join with an enum filter")

        # ON CONFLICT upserts with RETURNING.
        ins = pg.insert(User).values(name="bob", balance=7)
        row = s.execute(ins.on_conflict_do_update(index_elements=["name"], set_={"balance": ins.excluded.balance})
                        .returning(User.id, User.balance)).one()
        check(row.id == bob.id and row.balance == 7, f"upsert: {row}")
        res = s.execute(pg.insert(User).values(name="bob").on_conflict_do_nothing().returning(User.id)).all()
        check(res == [], "on conflict do nothing")
        s.commit()

        # A savepoint rolled back inside a kept transaction.
        s.add(User(name="cy"))
        s.flush()
        nested = s.begin_nested()
        s.add(User(name="dee"))
        s.flush()
        nested.rollback()
        s.commit()
        names = s.execute(sa.select(User.name).order_by(User.name)).scalars().all()
        check(names == ["ann", "bob", "cy"], f"savepoint: {names}")

        # Errors: a check violation and a foreign key violation.
        for stmt in [sa.update(User).where(User.name == "cy").values(balance=-1),
                     sa.insert(Address).values(user_id=999999, city="X")]:
            try:
                s.execute(stmt)
                s.commit()
            except sa.exc.IntegrityError:
                s.rollback()
            else:
                raise AssertionError(f"no IntegrityError: {stmt}")

        # Cascading delete through the foreign key.
        s.execute(sa.delete(User).where(User.name == "ann"))
        s.commit()
        check(s.execute(sa.select(sa.func.count()).select_from(Address)).scalar() == 0, "on delete cascade")

    # A server-side cursor, read in batches.
    with engine.connect() as conn:
        conn.execute(sa.insert(User), [{"name": f"u{i}"} for i in range(50)])
        conn.commit()
        rows = conn.execution_options(stream_results=True, max_row_buffer=7).execute(
            sa.select(User.name).order_by(User.id))
        check(sum(1 for _ in rows) == 52, "stream_results")

    # Alembic operations, then autogenerate against the changed metadata.
    with engine.begin() as conn:
        op = Operations(MigrationContext.configure(conn))
        op.add_column("sa_addresses", sa.Column("country", sa.String(2), nullable=False, server_default="NZ"))
        op.alter_column("sa_addresses", "zip", type_=sa.String(16), existing_type=sa.String(10))
        op.alter_column("sa_addresses", "city", nullable=True, existing_type=sa.String(40))
        op.create_index("sa_addresses_country", "sa_addresses", ["country", "city"])
        op.drop_constraint("sa_addresses_user_city", "sa_addresses", type_="unique")
        op.create_table("sa_log", sa.Column("id", sa.Integer, primary_key=True),
                        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now()))
        op.rename_table("sa_log", "sa_events")
        op.drop_column("sa_users", "tags")
    changed = sa.MetaData()
    Base.metadata.tables["sa_users"].to_metadata(changed)
    Base.metadata.tables["sa_addresses"].to_metadata(changed)
    with engine.connect() as conn:
        found = diffs(conn, changed)
    kinds = sorted(d[0] if isinstance(d, tuple) else d[0][0] for d in found)
    check(kinds == ["add_column", "add_constraint", "modify_nullable", "modify_type", "remove_column",
                    "remove_index", "remove_table"], f"autogenerate after the operations: {kinds}\n{found}")
    print("OK sqlalchemy")


if __name__ == "__main__":
    main()
