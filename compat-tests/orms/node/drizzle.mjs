// drizzle-kit and drizzle-orm against a running zerodb (npm, over
// node-postgres).
//
// drizzle-kit push creates the schema of drizzle/schema.js (an enum,
// serial and identity keys, every common column type, defaults, a
// composite primary key, foreign keys, plain, unique and partial
// indexes, a check); a second push reads the database back through
// drizzle-kit's pg_catalog queries and must find nothing to change.
// drizzle-kit pull (introspect) writes the schema as TypeScript, which
// must describe the same tables: pushing it finds nothing to change
// either. Then drizzle-orm: inserts with returning, joins, aggregates,
// relational queries (json_agg and lateral joins), JSON and array
// operators, upserts, prepared statements, transactions with nested ones
// (savepoints), errors with their SQLSTATE, and a cascade. Connection
// settings come from PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE;
// it prints "OK drizzle" and exits 0, or throws.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { and, arrayContains, asc, count, desc, eq, gt, sql, sum } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "./drizzle/schema.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const { authors, posts, tags, postTags } = schema;

// kit runs drizzle-kit's command line, which reads drizzle/drizzle.config.js.
function kit(command, extraEnv = {}) {
  const bin = path.join(here, "node_modules", "drizzle-kit", "bin.cjs");
  const r = spawnSync(process.execPath, [bin, command, "--config=drizzle/drizzle.config.js"], {
    cwd: here, env: { ...env, ...extraEnv }, encoding: "utf8", timeout: 180_000, input: "",
  });
  const out = `${r.stdout}${r.stderr}`;
  assert.equal(r.status, 0, `drizzle-kit ${command} failed (${r.status}):\n${out}`);
  return out;
}

function pgError(e) {
  // drizzle-orm wraps the driver's error (DrizzleQueryError.cause).
  return e.cause?.code ? e.cause : e;
}

async function introspection() {
  const first = kit("push");
  assert.match(first, /Changes applied/, first);
  assert.match(first, /CREATE TABLE "dz_posts"/);
  const second = kit("push");
  assert.match(second, /No changes detected/, `a second push wants changes:\n${second}`);

  const out = fs.mkdtempSync(path.join(here, "drizzle", ".pulled-"));
  try {
    kit("pull", { DRIZZLE_OUT: out });
    const ts = fs.readFileSync(path.join(out, "schema.ts"), "utf8");
    for (const want of [
      `export const dzMood = pgEnum("dz_mood", ['happy', 'sad', 'meh'])`,
      `id: serial().primaryKey().notNull(),`,
      `name: varchar({ length: 80 }).notNull(),`,
      `mood: dzMood().default('meh').notNull(),`,
      `joined: timestamp({ withTimezone: true, mode: 'string' }).defaultNow().notNull(),`,
      `unique("dz_authors_name_unique").on(table.name),`,
      `id: integer().primaryKey().generatedAlwaysAsIdentity({ name: "dz_posts_id_seq", startWith: 1, increment: 1, minValue: 1, maxValue: 2147483647, cache: 1 }),`,
      `score: numeric({ precision: 10, scale:  2 }).default('0'),`,
      `views: bigint({ mode: "number" }).default(0).notNull(),`,
      `weight: doublePrecision().default(1.5),`,
      `meta: jsonb().default({}),`,
      `tags: text().array(),`,
      `code: char({ length: 4 }),`,
      `uid: uuid().defaultRandom(),`,
      `created: timestamp({ precision: 3, mode: 'string' }).default(sql\`CURRENT_TIMESTAMP\`),`,
      `index("dz_posts_published_idx").using("btree", table.published.asc().nullsLast().op("bool_ops")).where(sql\`(published = true)\`),`,
      `check("dz_posts_rank_check", sql\`rank >= 0\`),`,
      `name: "dz_post_tags_post_fk"`,
      `}).onDelete("cascade"),`,
      `primaryKey({ columns: [table.postId, table.tagId], name: "dz_post_tags_post_id_tag_id_pk"}),`,
    ]) {
      assert.ok(ts.includes(want), `pulled schema.ts lacks ${want}:\n${ts}`);
    }
    assert.match(ts, /uniqueIndex\("dz_posts_title_uq"\)\.using\("btree", table\.authorId\.asc\(\)\.nullsLast\(\)\.op\("\w+_ops"\), table\.title/);
    const again = kit("push", { DRIZZLE_SCHEMA: path.join(out, "schema.ts") });
    assert.match(again, /No changes detected/, `pushing the pulled schema wants changes:\n${again}`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

async function queries() {
  const pool = new pg.Pool({
    host: env.PGHOST || "127.0.0.1",
    port: Number(env.PGPORT || 5432),
    user: env.PGUSER || "root",
    password: env.PGPASSWORD || "",
    database: env.PGDATABASE || "main",
    max: 4,
  });
  const db = drizzle(pool, { schema });

  const [ann, bob, cy] = await db.insert(authors).values([{ name: "ann", mood: "happy" }, { name: "bob" }, { name: "cy" }]).returning();
  assert.equal(ann.mood, "happy");
  assert.equal(bob.mood, "meh");
  assert.ok(ann.joined instanceof Date);
  const inserted = await db.insert(posts).values([
    { authorId: ann.id, title: "a1", score: "4.5", views: 10, meta: { lang: "en" }, tags: ["go", "db"], code: "AB", day: "2024-02-29", at: "10:11:12", ttl: "1 day 02:00:00", published: true },
    { authorId: ann.id, title: "a2", score: "1.25", views: 3, meta: { lang: "de" }, tags: ["db"] },
    { authorId: bob.id, title: "b1", views: 7, raw: { x: [1, 2] }, ratio: 0.5 },
  ]).returning();
  const [a1] = inserted;
  assert.equal(a1.score, "4.50");
  assert.equal(a1.views, 10);
  assert.deepEqual(a1.meta, { lang: "en" });
  assert.deepEqual(a1.tags, ["go", "db"]);
  assert.equal(a1.code, "AB  ");
  assert.equal(a1.day, "2024-02-29");
  assert.equal(a1.at, "10:11:12");
  assert.equal(a1.ttl, "1 day 02:00:00");
  assert.match(a1.uid, /^[0-9a-f-]{36}$/);
  assert.match(a1.created, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,3})?$/);
  assert.equal(a1.weight, 1.5);
  assert.equal(a1.rank, 1);
  assert.equal(inserted[2].published, false);
  assert.deepEqual(inserted[2].raw, { x: [1, 2] });
  await assert.rejects(() => db.insert(posts).values({ id: 99, authorId: ann.id, title: "x" }), (e) => pgError(e).code === "428C9");

  // Joins, aggregates, JSON and array operators.
  const joined = await db.select({ name: authors.name, title: posts.title })
    .from(posts).innerJoin(authors, eq(posts.authorId, authors.id))
    .where(gt(posts.views, 5)).orderBy(desc(posts.views));
  assert.deepEqual(joined, [{ name: "ann", title: "a1" }, { name: "bob", title: "b1" }]);
  const perAuthor = await db.select({ name: authors.name, n: count(posts.id), views: sum(posts.views) })
    .from(authors).leftJoin(posts, eq(posts.authorId, authors.id))
    .groupBy(authors.name).orderBy(asc(authors.name));
  assert.deepEqual(perAuthor, [{ name: "ann", n: 2, views: "13" }, { name: "bob", n: 1, views: "7" }, { name: "cy", n: 0, views: null }]);
  const german = await db.select({ title: posts.title }).from(posts).where(sql`${posts.meta}->>'lang' = ${"de"}`);
  assert.deepEqual(german, [{ title: "a2" }]);
  const goPosts = await db.select({ title: posts.title }).from(posts).where(arrayContains(posts.tags, ["go"]));
  assert.deepEqual(goPosts, [{ title: "a1" }]);

  // Relational queries: json_agg over lateral joins.
  const withPosts = await db.query.authors.findMany({
    columns: { name: true },
    with: { posts: { columns: { title: true }, orderBy: (p, { asc }) => [asc(p.title)] } },
    orderBy: (a, { asc }) => [asc(a.name)],
  });
  assert.deepEqual(withPosts, [
    { name: "ann", posts: [{ title: "a1" }, { title: "a2" }] },
    { name: "bob", posts: [{ title: "b1" }] },
    { name: "cy", posts: [] },
  ]);
  const onePost = await db.query.posts.findFirst({ where: eq(posts.title, "b1"), with: { author: { columns: { name: true } } }, columns: { title: true } });
  assert.deepEqual(onePost, { title: "b1", author: { name: "bob" } });

  // Upserts, updates and deletes with returning.
  const [up] = await db.insert(posts).values({ authorId: ann.id, title: "a1", views: 50 })
    .onConflictDoUpdate({ target: [posts.authorId, posts.title], set: { views: sql`excluded.views + ${posts.views}` } })
    .returning({ title: posts.title, views: posts.views });
  assert.deepEqual(up, { title: "a1", views: 60 });
  const none = await db.insert(authors).values({ name: "ann" }).onConflictDoNothing().returning();
  assert.deepEqual(none, []);
  const bumped = await db.update(posts).set({ rank: sql`${posts.rank} + 1` }).where(and(eq(posts.authorId, ann.id), gt(posts.views, 5))).returning({ rank: posts.rank });
  assert.deepEqual(bumped, [{ rank: 2 }]);
  await assert.rejects(() => db.update(posts).set({ rank: -1 }), (e) => pgError(e).code === "23514");

  // Prepared statements, run twice.
  const byName = db.select({ id: authors.id }).from(authors).where(eq(authors.name, sql.placeholder("name"))).prepare("dz_author_by_name");
  assert.deepEqual(await byName.execute({ name: "bob" }), [{ id: bob.id }]);
  assert.deepEqual(await byName.execute({ name: "cy" }), [{ id: cy.id }]);

  // Transactions with nested ones (savepoints).
  await db.transaction(async (tx) => {
    await tx.insert(authors).values({ name: "dee" });
    await assert.rejects(() => tx.transaction(async (tx2) => {
      await tx2.insert(authors).values({ name: "eve" });
      tx2.rollback();
    }), /Rollback/);
    await tx.transaction(async (tx2) => {
      await tx2.insert(authors).values({ name: "fay" });
    });
  });
  const names = (await db.select({ name: authors.name }).from(authors).orderBy(authors.id)).map((r) => r.name);
  assert.deepEqual(names, ["ann", "bob", "cy", "dee", "fay"]);
  await assert.rejects(() => db.transaction(async (tx) => {
    await tx.insert(authors).values({ name: "gus" });
    await tx.insert(authors).values({ name: "gus" });
  }), (e) => pgError(e).code === "23505");
  assert.equal((await db.select().from(authors).where(eq(authors.name, "gus"))).length, 0);
  await assert.rejects(() => db.insert(posts).values({ authorId: 999999, title: "x" }), (e) => pgError(e).code === "23503");

  // ON DELETE CASCADE from the author to the posts to the post tags.
  const [tag] = await db.insert(tags).values({ label: "news" }).returning();
  await db.insert(postTags).values({ postId: a1.id, tagId: tag.id });
  await assert.rejects(() => db.insert(postTags).values({ postId: a1.id, tagId: tag.id }), (e) => pgError(e).code === "23505");
  await db.delete(authors).where(eq(authors.id, ann.id));
  assert.deepEqual((await db.select({ title: posts.title }).from(posts)).map((r) => r.title), ["b1"]);
  assert.equal((await db.select().from(postTags)).length, 0);

  for (const t of ["dz_post_tags", "dz_tags", "dz_posts", "dz_authors"]) {
    await db.execute(sql.raw(`DROP TABLE "${t}"`));
  }
  await db.execute(sql`DROP TYPE dz_mood`);
  await pool.end();
}

async function main() {
  await introspection();
  await queries();
  console.log("OK drizzle");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
