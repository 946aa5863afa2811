// drizzle-kit's configuration for ../drizzle.mjs: connection settings from
// PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE; DRIZZLE_SCHEMA and
// DRIZZLE_OUT say which schema file to push and where pull writes.
const env = process.env;

export default {
  dialect: "postgresql",
  schema: env.DRIZZLE_SCHEMA || "./drizzle/schema.js",
  out: env.DRIZZLE_OUT || "./drizzle/out",
  dbCredentials: {
    // A URL: drizzle-kit asks for a password when given the parts.
    url: `postgres://${encodeURIComponent(env.PGUSER || "root")}${env.PGPASSWORD ? ":" + encodeURIComponent(env.PGPASSWORD) : ""}` +
      `@${env.PGHOST || "127.0.0.1"}:${env.PGPORT || 5432}/${env.PGDATABASE || "main"}?sslmode=disable`,
  },
  tablesFilter: ["dz_*"],
  verbose: true,
  strict: false,
};
