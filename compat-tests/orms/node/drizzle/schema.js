// The drizzle schema that ../drizzle.mjs pushes with drizzle-kit and
// queries with drizzle-orm.
import { relations, sql } from "drizzle-orm";
import {
  bigint, boolean, char, check, date, doublePrecision, foreignKey, index, integer, interval, json, jsonb,
  numeric, pgEnum, pgTable, primaryKey, real, serial, smallint, text, time, timestamp, uniqueIndex, uuid, varchar,
} from "drizzle-orm/pg-core";

export const mood = pgEnum("dz_mood", ["happy", "sad", "meh"]);

export const authors = pgTable("dz_authors", {
  id: serial("id").primaryKey(),
  name: varchar("name", { length: 80 }).notNull().unique(),
  email: text("email"),
  mood: mood("mood").default("meh").notNull(),
  joined: timestamp("joined", { withTimezone: true }).defaultNow().notNull(),
});

export const posts = pgTable("dz_posts", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  authorId: integer("author_id").notNull().references(() => authors.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  score: numeric("score", { precision: 10, scale: 2 }).default("0"),
  views: bigint("views", { mode: "number" }).default(0).notNull(),
  rank: smallint("rank").default(1),
  ratio: real("ratio"),
  weight: doublePrecision("weight").default(1.5),
  published: boolean("published").default(false).notNull(),
  meta: jsonb("meta").default({}).$type(),
  raw: json("raw"),
  tags: text("tags").array(),
  code: char("code", { length: 4 }),
  day: date("day"),
  at: time("at"),
  ttl: interval("ttl"),
  uid: uuid("uid").defaultRandom(),
  created: timestamp("created", { precision: 3, mode: "string" }).default(sql`CURRENT_TIMESTAMP`),
}, (t) => [
  index("dz_posts_author_idx").on(t.authorId, t.score),
  uniqueIndex("dz_posts_title_uq").on(t.authorId, t.title),
  index("dz_posts_published_idx").on(t.published).where(sql`${t.published} = true`),
  check("dz_posts_rank_check", sql`${t.rank} >= 0`),
]);

export const tags = pgTable("dz_tags", {
  id: serial("id").primaryKey(),
  label: varchar("label", { length: 40 }).notNull(),
});

export const postTags = pgTable("dz_post_tags", {
  postId: integer("post_id").notNull(),
  tagId: integer("tag_id").notNull(),
}, (t) => [
  primaryKey({ columns: [t.postId, t.tagId] }),
  foreignKey({ columns: [t.postId], foreignColumns: [posts.id], name: "dz_post_tags_post_fk" }).onDelete("cascade"),
  foreignKey({ columns: [t.tagId], foreignColumns: [tags.id], name: "dz_post_tags_tag_fk" }),
]);

// Relations, for drizzle-orm's relational queries (drizzle-kit ignores
// them).
export const authorsRelations = relations(authors, ({ many }) => ({ posts: many(posts) }));
export const postsRelations = relations(posts, ({ one, many }) => ({
  author: one(authors, { fields: [posts.authorId], references: [authors.id] }),
  postTags: many(postTags),
}));
export const postTagsRelations = relations(postTags, ({ one }) => ({
  post: one(posts, { fields: [postTags.postId], references: [posts.id] }),
  tag: one(tags, { fields: [postTags.tagId], references: [tags.id] }),
}));
