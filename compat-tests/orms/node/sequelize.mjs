// Sequelize 6 against a running zerodb (npm, over node-postgres).
//
// sync() creates tables with foreign keys, an enum, jsonb and arrays;
// sync({ alter: true }) against changed models reads them back through
// Sequelize's introspection queries (describeTable, foreign keys,
// indexes) and alters columns. Then: eager loading through includes,
// many-to-many through a join table, upserts, bulk inserts, aggregates,
// JSON and array operators, managed transactions with savepoints,
// unique and foreign key errors, and a cascading delete. Connection
// settings come from PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE;
// it prints "OK sequelize" and exits 0, or throws.

import assert from "node:assert/strict";
import { DataTypes, Op, Sequelize, UniqueConstraintError, ForeignKeyConstraintError } from "sequelize";

const env = process.env;
const sequelize = new Sequelize(env.PGDATABASE || "main", env.PGUSER || "root", env.PGPASSWORD || "", {
  host: env.PGHOST || "127.0.0.1",
  port: Number(env.PGPORT || 5432),
  dialect: "postgres",
  logging: false,
});

function define(extra) {
  const Author = sequelize.define("SqAuthor", {
    name: { type: DataTypes.STRING(80), allowNull: false, unique: true },
    mood: { type: DataTypes.ENUM("happy", "sad"), defaultValue: "happy" },
    ...extra,
  });
  const Post = sequelize.define("SqPost", {
    id: { type: DataTypes.UUID, defaultValue: DataTypes.UUIDV4, primaryKey: true },
    title: { type: DataTypes.STRING, allowNull: false },
    body: DataTypes.TEXT,
    meta: { type: DataTypes.JSONB, defaultValue: {} },
    tags: DataTypes.ARRAY(DataTypes.STRING),
    score: { type: DataTypes.DECIMAL(10, 2), defaultValue: 0 },
  }, { indexes: [{ fields: ["title"] }, { fields: ["score", "createdAt"], name: "sq_posts_score_created" }] });
  const Tag = sequelize.define("SqTag", { label: { type: DataTypes.STRING, unique: true } });
  Author.hasMany(Post, { foreignKey: { allowNull: false }, onDelete: "CASCADE" });
  Post.belongsTo(Author);
  Post.belongsToMany(Tag, { through: "SqPostTags" });
  Tag.belongsToMany(Post, { through: "SqPostTags" });
  return { Author, Post, Tag };
}

async function main() {
  await sequelize.authenticate();
  let { Author, Post, Tag } = define({});
  await sequelize.sync({ force: true });
  // The models changed: alter reads the tables back and alters them.
  ({ Author, Post, Tag } = define({
    email: { type: DataTypes.STRING(200), allowNull: true },
    mood: { type: DataTypes.ENUM("happy", "sad"), defaultValue: "sad" },
  }));
  await sequelize.sync({ alter: true });
  const desc = await sequelize.getQueryInterface().describeTable("SqAuthors");
  assert.equal(desc.email.type, "CHARACTER VARYING(200)");
  assert.equal(desc.name.allowNull, false);
  assert.ok(String(desc.mood.defaultValue).includes("sad"), `mood default: ${desc.mood.defaultValue}`);
  const fks = await sequelize.getQueryInterface().getForeignKeyReferencesForTable("SqPosts");
  assert.ok(fks.some((f) => f.referencedTableName === "SqAuthors"), JSON.stringify(fks));
  const idx = await sequelize.getQueryInterface().showIndex("SqPosts");
  assert.ok(idx.some((i) => i.name === "sq_posts_score_created"), JSON.stringify(idx.map((i) => i.name)));

  const ann = await Author.create({ name: "ann", email: "ann@example.com" });
  const bob = await Author.create({ name: "bob", mood: "happy" });
  assert.equal(ann.mood, "sad");
  const tags = await Tag.bulkCreate([{ label: "go" }, { label: "sql" }, { label: "js" }]);
  const posts = await Post.bulkCreate([1, 2, 3, 4, 5].map((i) => ({
    title: `Post ${i}`, SqAuthorId: i % 2 ? ann.id : bob.id, score: i * 1.5,
    meta: { views: i * 10, lang: i % 2 ? "en" : "de" }, tags: i % 2 ? ["a", "b"] : ["c"],
  })), { returning: true });
  await posts[0].addSqTags([tags[0], tags[1]]);
  await posts[1].addSqTags([tags[1]]);

  // Includes: a join to the author, and through the join table.
  const withAuthor = await Post.findAll({ include: Author, where: { "$SqAuthor.name$": "ann" }, order: [["title", "ASC"]] });
  assert.deepEqual(withAuthor.map((p) => p.title), ["Post 1", "Post 3", "Post 5"]);
  const tagged = await Post.findAll({ include: { model: Tag, where: { label: "sql" } }, order: [["title", "ASC"]] });
  assert.deepEqual(tagged.map((p) => p.title), ["Post 1", "Post 2"]);
  const authors = await Author.findAll({ include: { model: Post, include: [Tag] }, order: [["name", "ASC"], [Post, "title", "ASC"]] });
  assert.equal(authors[0].SqPosts.length, 3);
  assert.equal(authors[0].SqPosts[0].SqTags.length, 2);

  // Operators: JSON paths, arrays, ranges of values, LIKE, IN.
  assert.equal(await Post.count({ where: { "meta.lang": "de" } }), 2);
  assert.equal(await Post.count({ where: { meta: { views: { [Op.gt]: 20 } } } }), 3);
  assert.equal(await Post.count({ where: { tags: { [Op.contains]: ["a"] } } }), 3);
  assert.equal(await Post.count({ where: { tags: { [Op.overlap]: ["c", "z"] } } }), 2);
  assert.equal(await Post.count({ where: { score: { [Op.between]: [2, 6] } } }), 3);
  assert.equal(await Post.count({ where: { title: { [Op.iLike]: "post%" }, SqAuthorId: { [Op.in]: [bob.id] } } }), 2);

  // Aggregates and grouping.
  const rows = await Post.findAll({
    attributes: ["SqAuthorId", [sequelize.fn("count", sequelize.col("id")), "n"], [sequelize.fn("sum", sequelize.col("score")), "total"]],
    group: ["SqAuthorId"], order: [["SqAuthorId", "ASC"]], raw: true,
  });
  assert.deepEqual(rows.map((r) => [Number(r.n), Number(r.total)]), [[3, 13.5], [2, 9]]);
  assert.equal(Number(await Post.max("score")), 7.5);

  // Upsert (ON CONFLICT ... DO UPDATE ... RETURNING) and increment.
  const [tag] = await Tag.upsert({ label: "go" }, { returning: true });
  assert.equal(tag.id, tags[0].id);
  await posts[0].increment("score", { by: 2 });
  await posts[0].reload();
  assert.equal(Number(posts[0].score), 3.5);

  // Managed transactions with a nested one (a savepoint).
  await sequelize.transaction(async (t) => {
    await Author.create({ name: "cy" }, { transaction: t });
    try {
      await sequelize.transaction({ transaction: t }, async (t2) => {
        await Author.create({ name: "dee" }, { transaction: t2 });
        throw new Error("roll back the savepoint");
      });
    } catch (e) {
      assert.equal(e.message, "roll back the savepoint");
    }
  });
  assert.deepEqual((await Author.findAll({ order: [["name", "ASC"]] })).map((a) => a.name), ["ann", "bob", "cy"]);
  await assert.rejects(() => sequelize.transaction(async (t) => {
    await Author.create({ name: "eve" }, { transaction: t });
    await Author.create({ name: "eve" }, { transaction: t });
  }), UniqueConstraintError);
  assert.equal(await Author.count({ where: { name: "eve" } }), 0);
  await assert.rejects(() => Post.create({ title: "x", SqAuthorId: 999999 }), ForeignKeyConstraintError);

  // ON DELETE CASCADE from the author to the posts.
  await ann.destroy();
  assert.equal(await Post.count(), 2);
  await sequelize.getQueryInterface().dropAllTables();
  await sequelize.getQueryInterface().dropAllEnums();
  assert.deepEqual(await sequelize.getQueryInterface().showAllTables(), []);
  await sequelize.close();
  console.log("OK sequelize");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
