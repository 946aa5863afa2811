// TypeORM 0.3 against a running zerodb (npm, over node-postgres), with
// entity schemas (no decorators, so plain JavaScript runs it).
//
// synchronize creates the schema; a second data source with changed
// entities synchronizes again, which reads the schema back through
// TypeORM's information_schema and pg_catalog queries and alters what
// differs, and a third finds nothing left to change. Then: relations
// loaded by joins, the query builder with parameters, upserts,
// transactions, a query runner's migration-style DDL, errors with their
// SQLSTATE, and a cascading delete. Connection settings come from
// PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE; it prints
// "OK typeorm" and exits 0, or throws.

import "reflect-metadata";
import assert from "node:assert/strict";
import { DataSource, EntitySchema, QueryFailedError, TableColumn, TableIndex } from "typeorm";

const env = process.env;

function entities(changed) {
  const Team = new EntitySchema({
    name: "Team",
    tableName: "to_teams",
    columns: {
      id: { type: Number, primary: true, generated: "increment" },
      name: { type: "varchar", length: changed ? 120 : 60, unique: true },
      ...(changed ? { motto: { type: "text", nullable: true } } : {}),
    },
    relations: { players: { type: "one-to-many", target: "Player", inverseSide: "team" } },
  });
  const Player = new EntitySchema({
    name: "Player",
    tableName: "to_players",
    columns: {
      id: { type: "uuid", primary: true, generated: "uuid" },
      nick: { type: "varchar", length: 40 },
      level: { type: "int", default: 1 },
      role: { type: "enum", enum: ["tank", "healer", "dps"], default: "dps" },
      stats: { type: "jsonb", default: () => "'{}'" },
      badges: { type: "text", array: true, nullable: true },
      joined: { type: "timestamptz", createDate: true },
    },
    indices: [{ name: "to_players_level", columns: ["level"] }],
    uniques: [{ name: "to_players_team_nick", columns: ["team", "nick"] }],
    relations: { team: { type: "many-to-one", target: "Team", inverseSide: "players", onDelete: "CASCADE", nullable: false } },
  });
  return [Team, Player];
}

function source(changed) {
  return new DataSource({
    type: "postgres",
    host: env.PGHOST || "127.0.0.1",
    port: Number(env.PGPORT || 5432),
    username: env.PGUSER || "root",
    password: env.PGPASSWORD || "",
    database: env.PGDATABASE || "main",
    entities: entities(changed),
    synchronize: false,
    logging: false,
  });
}

async function main() {
  let ds = await source(false).initialize();
  await ds.synchronize(true);
  await ds.destroy();
  ds = await source(true).initialize();
  const pending = await ds.driver.createSchemaBuilder().log();
  assert.ok(pending.upQueries.length > 0, "the changed entities need changes");
  await ds.synchronize();
  const left = await ds.driver.createSchemaBuilder().log();
  assert.deepEqual(left.upQueries.map((q) => q.query), [], "nothing left to change after synchronize");

  const teams = ds.getRepository("Team");
  const players = ds.getRepository("Player");
  const red = await teams.save({ name: "red", motto: "first" });
  const blue = await teams.save({ name: "blue" });
  await players.save([
    { nick: "ann", level: 7, role: "tank", team: red, stats: { wins: 3 }, badges: ["gold"] },
    { nick: "bob", level: 3, team: red, badges: [] },
    { nick: "cy", level: 9, role: "healer", team: blue, stats: { wins: 10 } },
  ]);
  const ann = await players.findOne({ where: { nick: "ann" }, relations: { team: true } });
  assert.equal(ann.team.name, "red");
  assert.equal(ann.role, "tank");
  assert.deepEqual(ann.badges, ["gold"]);
  assert.ok(ann.joined instanceof Date);
  const withPlayers = await teams.find({ relations: { players: true }, order: { name: "ASC", players: { nick: "ASC" } } });
  assert.deepEqual(withPlayers.map((t) => [t.name, t.players.map((p) => p.nick)]), [["blue", ["cy"]], ["red", ["ann", "bob"]]]);

  // The query builder: joins, JSON, parameters, aggregates.
  const strong = await players.createQueryBuilder("p").innerJoin("p.team", "t")
    .where("t.name = :team", { team: "red" }).andWhere("p.level > :lvl", { lvl: 5 }).getMany();
  assert.deepEqual(strong.map((p) => p.nick), ["ann"]);
  const winners = await players.createQueryBuilder("p").where("(p.stats->>'wins')::int >= :w", { w: 3 }).orderBy("p.nick").getMany();
  assert.deepEqual(winners.map((p) => p.nick), ["ann", "cy"]);
  const sums = await players.createQueryBuilder("p").select("p.teamId", "team").addSelect("SUM(p.level)", "total")
    .groupBy("p.teamId").orderBy("total", "DESC").getRawMany();
  assert.deepEqual(sums.map((r) => Number(r.total)), [10, 9]);
  const [page, count] = await players.findAndCount({ order: { level: "DESC" }, skip: 1, take: 1 });
  assert.equal(count, 3);
  assert.equal(page[0].nick, "ann");

  // Upsert on the unique name.
  await teams.upsert({ name: "red", motto: "again" }, ["name"]);
  assert.equal((await teams.findOneBy({ name: "red" })).motto, "again");
  assert.equal(await teams.count(), 2);

  // A transaction rolled back, and one kept.
  await assert.rejects(ds.transaction(async (m) => {
    await m.getRepository("Team").save({ name: "ghost" });
    throw new Error("roll back");
  }), /roll back/);
  assert.equal(await teams.countBy({ name: "ghost" }), 0);
  await ds.transaction(async (m) => {
    await m.getRepository("Player").increment({ nick: "bob" }, "level", 2);
  });
  assert.equal((await players.findOneBy({ nick: "bob" })).level, 5);

  // Errors carry the SQLSTATE.
  const err = await players.save({ nick: "ann", team: red }).catch((e) => e);
  assert.ok(err instanceof QueryFailedError && err.driverError.code === "23505", String(err));

  // Migration-style DDL through a query runner.
  const qr = ds.createQueryRunner();
  await qr.addColumn("to_teams", new TableColumn({ name: "rank", type: "int", isNullable: false, default: 0 }));
  await qr.createIndex("to_teams", new TableIndex({ name: "to_teams_rank", columnNames: ["rank"] }));
  await qr.renameColumn("to_teams", "motto", "slogan");
  const table = await qr.getTable("to_teams");
  assert.ok(table.findColumnByName("slogan") && table.findColumnByName("rank"), "columns after the query runner");
  assert.ok(table.indices.some((i) => i.name === "to_teams_rank"), "index after the query runner");
  await qr.dropIndex("to_teams", "to_teams_rank");
  await qr.dropColumn("to_teams", "rank");
  await qr.release();

  // ON DELETE CASCADE.
  await teams.delete({ name: "red" });
  assert.equal(await players.count(), 1);
  await ds.dropDatabase();
  await ds.destroy();
  console.log("OK typeorm");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
