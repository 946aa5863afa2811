// Knex 3 against a running zerodb (npm, over node-postgres).
//
// Migrations from an in-memory migration source, run by knex's migrator
// (which creates and locks knex_migrations and knex_migrations_lock):
// the first creates tables with every column builder Knex has for
// PostgreSQL, indexes and foreign keys; the second alters, renames and
// drops columns; rollback and latest again go through the lock table.
// hasTable, hasColumn and columnInfo read the schema back. Then the
// query builder: joins, upserts with onConflict().merge(), returning,
// transactions with nested ones (savepoints), streams, and errors with
// their SQLSTATE. Connection settings come from PGHOST, PGPORT, PGUSER,
// PGPASSWORD and PGDATABASE; it prints "OK knex" and exits 0, or throws.

import assert from "node:assert/strict";
import knexFactory from "knex";

const env = process.env;

const migrations = {
  "001_create": {
    async up(knex) {
      await knex.schema.createTable("kx_authors", (t) => {
        t.increments("id");
        t.string("name", 80).notNullable().unique();
        t.string("email").nullable();
        t.timestamps(true, true);
      });
      await knex.schema.createTable("kx_kinds", (t) => {
        t.bigIncrements("id").primary();
        t.integer("i").defaultTo(7);
        t.bigInteger("bi");
        t.tinyint("ti");
        t.smallint("si");
        t.mediumint("mi");
        t.text("tx");
        t.text("long_tx", "longtext");
        t.string("s", 32);
        t.float("f");
        t.float("f2", 8, 2);
        t.double("d");
        t.decimal("dec", 10, 3);
        t.decimal("dec_any", null);
        t.boolean("b").defaultTo(false);
        t.date("dt");
        t.datetime("dtm", { useTz: false });
        t.datetime("dtz", { precision: 3 });
        t.time("tm");
        t.timestamp("ts", { useTz: true }).defaultTo(knex.fn.now());
        t.binary("bin");
        t.enu("mood", ["happy", "sad"]);
        t.enu("color", ["red", "green"], { useNative: true, enumName: "kx_color" });
        t.json("js");
        t.jsonb("jb");
        t.uuid("u").defaultTo(knex.fn.uuid());
        t.specificType("tags", "text[]");
        t.specificType("nums", "integer[]");
        // t.point: zerodb has no geometric types yet (0A000, docs/sql.md).
        t.check("?? >= 0", ["si"], "kx_kinds_si_check");
      });
      await knex.schema.createTable("kx_posts", (t) => {
        t.increments("id");
        t.integer("author_id").unsigned().notNullable().references("id").inTable("kx_authors").onDelete("CASCADE");
        t.string("title").notNullable();
        t.integer("score").defaultTo(0);
        t.jsonb("meta").defaultTo("{}");
        t.index(["author_id", "score"], "kx_posts_author_score");
        t.unique(["author_id", "title"]);
      });
    },
    async down(knex) {
      await knex.schema.dropTable("kx_posts");
      await knex.schema.dropTable("kx_kinds");
      await knex.raw("drop type kx_color");
      await knex.schema.dropTable("kx_authors");
    },
  },
  "002_alter": {
    async up(knex) {
      await knex.schema.alterTable("kx_posts", (t) => {
        t.renameColumn("score", "points");
        t.string("slug", 100);
        t.text("body").nullable();
        t.index("slug", "kx_posts_slug", { indexType: "btree" });
      });
      await knex.schema.alterTable("kx_posts", (t) => {
        t.string("title", 200).notNullable().alter();
        t.bigInteger("points").defaultTo(1).alter();
        t.unique(["slug"], { indexName: "kx_posts_slug_unique" });
      });
      await knex.schema.alterTable("kx_authors", (t) => {
        t.dropColumn("email");
        t.string("handle", 40);
      });
      await knex.schema.alterTable("kx_kinds", (t) => {
        t.dropChecks(["kx_kinds_si_check"]);
        t.setNullable("s");
        t.dropNullable("i");
      });
      await knex.schema.createTable("kx_tags", (t) => {
        t.increments("id");
        t.string("label").notNullable();
      });
      await knex.schema.createTable("kx_post_tags", (t) => {
        t.integer("post_id").notNullable();
        t.integer("tag_id").notNullable();
        t.primary(["post_id", "tag_id"]);
        t.foreign("post_id").references("kx_posts.id").onDelete("CASCADE");
        t.foreign("tag_id", "kx_post_tags_tag_fk").references("id").inTable("kx_tags");
      });
      await knex.schema.renameTable("kx_tags", "kx_labels");
    },
    async down(knex) {
      await knex.schema.dropTable("kx_post_tags");
      await knex.schema.dropTable("kx_labels");
      await knex.schema.alterTable("kx_kinds", (t) => {
        t.dropNullable("s");
        t.setNullable("i");
      });
      await knex.schema.alterTable("kx_authors", (t) => {
        t.dropColumn("handle");
        t.string("email");
      });
      await knex.schema.alterTable("kx_posts", (t) => {
        t.dropUnique(["slug"], "kx_posts_slug_unique");
        t.dropIndex("slug", "kx_posts_slug");
        t.dropColumn("slug");
        t.dropColumn("body");
        t.renameColumn("points", "score");
      });
    },
  },
};

const migrationSource = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};

async function main() {
  const knex = knexFactory({
    client: "pg",
    connection: {
      host: env.PGHOST || "127.0.0.1",
      port: Number(env.PGPORT || 5432),
      user: env.PGUSER || "root",
      password: env.PGPASSWORD || "",
      database: env.PGDATABASE || "main",
    },
    pool: { min: 0, max: 4 },
    migrations: { migrationSource },
  });

  // Migrations: latest, then rollback of both and latest again.
  const [batch, done] = await knex.migrate.latest();
  assert.equal(batch, 1);
  assert.deepEqual(done, ["001_create", "002_alter"]);
  assert.equal(await knex.migrate.currentVersion(), "002");
  assert.ok(await knex.schema.hasTable("knex_migrations_lock"));
  assert.deepEqual(await knex("knex_migrations_lock").select("is_locked"), [{ is_locked: 0 }]);
  const [, undone] = await knex.migrate.rollback(undefined, true);
  assert.deepEqual(undone, ["002_alter", "001_create"]);
  assert.equal(await knex.schema.hasTable("kx_posts"), false);
  const [ran, pending] = await knex.migrate.list();
  assert.deepEqual([ran, pending], [[], ["001_create", "002_alter"]]);
  await knex.migrate.up();
  assert.equal(await knex.schema.hasColumn("kx_posts", "score"), true);
  await knex.migrate.latest();
  assert.equal(await knex.migrate.currentVersion(), "002");
  // A second migrator waits for the lock: a held lock makes it fail.
  await knex("knex_migrations_lock").update({ is_locked: 1 });
  await assert.rejects(() => knex.migrate.latest(), /Migration table is already locked/);
  await knex.migrate.forceFreeMigrationsLock();

  // Introspection.
  assert.equal(await knex.schema.hasTable("kx_posts"), true);
  assert.equal(await knex.schema.hasTable("kx_tags"), false);
  assert.equal(await knex.schema.hasTable("kx_labels"), true);
  assert.equal(await knex.schema.hasColumn("kx_posts", "score"), false);
  assert.equal(await knex.schema.hasColumn("kx_posts", "points"), true);
  assert.equal(await knex.schema.hasColumn("kx_authors", "email"), false);
  const posts = await knex("kx_posts").columnInfo();
  assert.deepEqual(posts.title, { type: "character varying", maxLength: 200, nullable: false, defaultValue: null });
  assert.deepEqual(posts.points, { type: "bigint", maxLength: null, nullable: true, defaultValue: "'1'::bigint" });
  assert.equal(posts.meta.type, "jsonb");
  assert.equal(posts.meta.defaultValue, "'{}'::jsonb");
  assert.equal(posts.id.defaultValue, "nextval('kx_posts_id_seq'::regclass)");
  const kinds = await knex("kx_kinds").columnInfo();
  const types = Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v.type]));
  assert.deepEqual(types, {
    id: "bigint", i: "integer", bi: "bigint", ti: "smallint", si: "smallint", mi: "integer",
    tx: "text", long_tx: "text", s: "character varying", f: "real", f2: "real",
    d: "double precision", dec: "numeric", dec_any: "numeric", b: "boolean", dt: "date",
    dtm: "timestamp without time zone", dtz: "timestamp with time zone",
    tm: "time without time zone", ts: "timestamp with time zone", bin: "bytea",
    mood: "text", color: "USER-DEFINED", js: "json", jb: "jsonb", u: "uuid",
    tags: "ARRAY", nums: "ARRAY",
  });
  assert.equal(kinds.s.maxLength, 32);
  assert.equal(kinds.s.nullable, true);
  assert.equal(kinds.i.nullable, false);
  assert.equal(kinds.i.defaultValue, "7");
  assert.equal(kinds.b.defaultValue, "false");
  assert.equal(kinds.ts.defaultValue, "CURRENT_TIMESTAMP");
  assert.equal(kinds.u.defaultValue, "gen_random_uuid()");
  const colInfo = await knex("kx_authors").columnInfo("name");
  assert.deepEqual(colInfo, { type: "character varying", maxLength: 80, nullable: false, defaultValue: null });

  // Every column kind round-trips.
  const [kind] = await knex("kx_kinds").insert({
    i: 1, bi: "9007199254740993", ti: 1, si: 2, mi: 3, tx: "t", long_tx: "lt", s: "s",
    f: 1.5, f2: 2.25, d: 3.125, dec: "1234567.891", dec_any: "0.1", b: true,
    dt: "2024-02-29", dtm: "2024-02-29 10:11:12", dtz: "2024-02-29T10:11:12.345Z",
    tm: "10:11:12", bin: Buffer.from([0, 1, 255]), mood: "sad", color: "green",
    js: JSON.stringify({ a: [1, 2] }), jb: { b: { c: true } }, tags: ["x", "y"], nums: [1, 2, 3],
  }).returning("*");
  assert.equal(kind.bi, "9007199254740993");
  assert.equal(kind.dec, "1234567.891");
  assert.equal(kind.b, true);
  assert.deepEqual(kind.bin, Buffer.from([0, 1, 255]));
  assert.deepEqual(kind.js, { a: [1, 2] });
  assert.deepEqual(kind.jb, { b: { c: true } });
  assert.deepEqual(kind.tags, ["x", "y"]);
  assert.deepEqual(kind.nums, [1, 2, 3]);
  assert.equal(kind.dtz.toISOString(), "2024-02-29T10:11:12.345Z");
  assert.equal(kind.tm, "10:11:12");
  assert.match(kind.u, /^[0-9a-f-]{36}$/);
  assert.ok(kind.ts instanceof Date);
  await assert.rejects(() => knex("kx_kinds").insert({ i: 1, mood: "angry" }), { code: "23514" });
  await assert.rejects(() => knex("kx_kinds").insert({ i: 1, color: "blue" }), { code: "22P02" });
  await assert.rejects(() => knex("kx_kinds").insert({ i: null }), { code: "23502" });

  // Query builder: inserts with returning, joins, aggregates.
  const authors = await knex("kx_authors").insert([{ name: "ann" }, { name: "bob" }, { name: "cy" }]).returning(["id", "name"]);
  assert.deepEqual(authors.map((a) => a.name), ["ann", "bob", "cy"]);
  const [ann, bob] = authors;
  await knex("kx_posts").insert([
    { author_id: ann.id, title: "a1", points: 5, slug: "a1", meta: { lang: "en" } },
    { author_id: ann.id, title: "a2", points: 3, slug: "a2", meta: { lang: "de" } },
    { author_id: bob.id, title: "b1", points: 9, slug: "b1" },
  ]);
  const joined = await knex("kx_posts as p")
    .join("kx_authors as a", "a.id", "p.author_id")
    .select("a.name", "p.title")
    .where("p.points", ">", 3)
    .orderBy("p.points", "desc");
  assert.deepEqual(joined, [{ name: "bob", title: "b1" }, { name: "ann", title: "a1" }]);
  const left = await knex("kx_authors as a")
    .leftJoin("kx_posts as p", "p.author_id", "a.id")
    .groupBy("a.name")
    .select("a.name")
    .count("p.id as n")
    .sum({ pts: "p.points" })
    .orderBy("a.name");
  assert.deepEqual(left, [{ name: "ann", n: "2", pts: "8" }, { name: "bob", n: "1", pts: "9" }, { name: "cy", n: "0", pts: null }]);
  const sub = await knex("kx_authors")
    .whereIn("id", knex("kx_posts").select("author_id").whereRaw("meta->>'lang' = ?", ["de"]))
    .pluck("name");
  assert.deepEqual(sub, ["ann"]);
  const json = await knex("kx_posts").whereJsonObject("meta", { lang: "en" }).pluck("title");
  assert.deepEqual(json, ["a1"]);
  const paths = await knex("kx_posts").whereJsonPath("meta", "$.lang", "=", "de").pluck("title");
  assert.deepEqual(paths, ["a2"]);
  const withCte = await knex.with("top", (qb) => qb.from("kx_posts").select("author_id").max("points as m").groupBy("author_id"))
    .from("top").join("kx_authors", "kx_authors.id", "top.author_id").select("name", "m").orderBy("m");
  assert.deepEqual(withCte, [{ name: "ann", m: "5" }, { name: "bob", m: "9" }]);
  const [{ n: distinct }] = await knex("kx_posts").countDistinct("author_id as n");
  assert.equal(distinct, "2");
  const page = await knex("kx_posts").orderBy("id").limit(2).offset(1).pluck("title");
  assert.deepEqual(page, ["a2", "b1"]);

  // Upserts.
  const [up] = await knex("kx_posts")
    .insert({ author_id: ann.id, title: "a1", points: 50, slug: "a1-new" })
    .onConflict(["author_id", "title"]).merge(["points"])
    .returning(["title", "points", "slug"]);
  assert.deepEqual(up, { title: "a1", points: "50", slug: "a1" });
  await knex("kx_posts").insert({ author_id: ann.id, title: "a1", points: 0, slug: "zz" }).onConflict(["author_id", "title"]).ignore();
  const merged = await knex("kx_posts")
    .insert([{ author_id: bob.id, title: "b1", points: 1, slug: "b1" }, { author_id: bob.id, title: "b2", points: 2, slug: "b2" }])
    .onConflict(["author_id", "title"]).merge()
    .returning("title");
  assert.deepEqual(merged.map((r) => r.title), ["b1", "b2"]);
  const updated = await knex("kx_posts").where({ title: "b2" }).increment("points", 10).returning("points");
  assert.deepEqual(updated, [{ points: "12" }]);
  const deleted = await knex("kx_posts").where({ title: "b2" }).del().returning("slug");
  assert.deepEqual(deleted, [{ slug: "b2" }]);

  // Transactions with nested ones (savepoints).
  await knex.transaction(async (trx) => {
    await trx("kx_authors").insert({ name: "dee" });
    await assert.rejects(() => trx.transaction(async (inner) => {
      await inner("kx_authors").insert({ name: "eve" });
      await inner("kx_authors").insert({ name: "eve" });
    }), { code: "23505" });
    await trx.transaction(async (inner) => {
      await inner("kx_authors").insert({ name: "fay" });
    });
  });
  assert.deepEqual(await knex("kx_authors").orderBy("id").pluck("name"), ["ann", "bob", "cy", "dee", "fay"]);
  const trx = await knex.transaction();
  await trx("kx_authors").insert({ name: "gus" });
  await trx.rollback();
  assert.equal((await knex("kx_authors").where({ name: "gus" })).length, 0);
  await knex.transaction(async (t) => {
    const rows = await t("kx_authors").where({ name: "ann" }).forUpdate().select("id");
    assert.equal(rows.length, 1);
  }, { isolationLevel: "repeatable read" });
  await assert.rejects(() => knex("kx_posts").insert({ author_id: 999999, title: "x" }), { code: "23503" });

  // Streams.
  await knex.batchInsert("kx_labels", Array.from({ length: 250 }, (_, i) => ({ label: `l${i}` })), 100);
  let seen = 0;
  const stream = knex("kx_labels").select("id", "label").orderBy("id").stream();
  for await (const row of stream) {
    assert.equal(row.label, `l${seen}`);
    seen++;
  }
  assert.equal(seen, 250);
  const [label] = await knex("kx_labels").where({ label: "l0" }).select("id");
  const [post] = await knex("kx_posts").where({ title: "a1" }).select("id");
  await knex("kx_post_tags").insert({ post_id: post.id, tag_id: label.id });
  await assert.rejects(() => knex("kx_post_tags").insert({ post_id: post.id, tag_id: label.id }), { code: "23505" });

  // ON DELETE CASCADE from the author to the posts to the post tags.
  await knex("kx_authors").where({ id: ann.id }).del();
  assert.deepEqual(await knex("kx_posts").pluck("title"), ["b1"]);
  assert.equal((await knex("kx_post_tags")).length, 0);
  const { rows: raw } = await knex.raw("select ?::int + ? as n, count(*) as c from ??", [1, 2, "kx_posts"]);
  assert.deepEqual(raw, [{ n: 3, c: "1" }]);

  await knex.migrate.rollback(undefined, true);
  assert.equal(await knex.schema.hasTable("kx_authors"), false);
  await knex.schema.dropTable("knex_migrations");
  await knex.schema.dropTable("knex_migrations_lock");
  await knex.destroy();
  console.log("OK knex");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
