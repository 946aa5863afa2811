// postgres.js conformance check (see ../README.md).
import postgres from 'postgres'
import { values as allValues, check, finish } from './values.mjs'

// postgres.js reads a NULL element of a text array as the string "NULL"
// (against PostgreSQL too), so its text array has none.
const values = allValues.map((v) => (v[0] === 'ta' ? ['ta', 'text[]', ['a', 'b c', 'q"uote', ''], ['a', 'b c', 'q"uote', '']] : v))

const table = 'drv_node_postgresjs'
// Connection settings come from the PG* environment variables.
const sql = postgres({ max: 1, onnotice: () => {} })

await sql.unsafe(`DROP TABLE IF EXISTS ${table}`)
await sql.unsafe(`CREATE TABLE ${table} (id int8 PRIMARY KEY, ${values.map(([c, t]) => `${c} ${t}`).join(', ')})`)
const names = values.map(([c]) => c).join(', ')
const marks = values.map(([, t], i) => `$${i + 2}::${t}`).join(', ')
const sent = values.map(([c, , v]) => (c === 'jb' ? sql.json(v) : v))
await sql.unsafe(`INSERT INTO ${table} (id, ${names}) VALUES ($1, ${marks})`, [1, ...sent])
await sql.unsafe(`INSERT INTO ${table} (id, ${names}) VALUES ($1, ${marks})`, [2, ...values.map(() => null)])

let rows = await sql.unsafe(`SELECT ${names} FROM ${table} WHERE id = $1`, [1])
for (const [c, , , want] of values) check(c, rows[0][c], want)
rows = await sql.unsafe(`SELECT ${names} FROM ${table} WHERE id = $1`, [2]).values()
check('row of NULLs', rows[0], values.map(() => null))
rows = await sql`SELECT id FROM ${sql(table)} WHERE t = ${values[7][2]} AND i4 = ${values[1][2]} AND u = ${values[10][2]}::uuid`
check('lookup by parameters', rows.map((r) => r.id), ['1'])

try {
  await sql.begin(async (tx) => {
    await tx.unsafe(`INSERT INTO ${table} (id) VALUES ($1)`, [3])
    throw new Error('roll back')
  })
} catch (e) {
  if (e.message !== 'roll back') throw e
}
await sql.begin(async (tx) => {
  await tx.unsafe(`INSERT INTO ${table} (id) VALUES ($1)`, [4])
})
rows = await sql.unsafe(`SELECT id FROM ${table} WHERE id IN (3, 4) ORDER BY id`)
check('after rollback and commit', rows.map((r) => r.id), ['4'])

for (const [text, args, want] of [['SELECT 1 / 0', [], '22012'], [`INSERT INTO ${table} (id) VALUES ($1)`, [1], '23505']]) {
  try {
    await sql.unsafe(text, args)
    check(`${text} error`, 'no error', want)
  } catch (e) {
    check(`SQLSTATE of ${text}`, e.code, want)
  }
}

rows = await sql.unsafe('[ x * 2 : x in [1, 2, 3] ]')
check('ZQL rows', rows.map((r) => r.result), [2, 4, 6])

await sql.unsafe(`DROP TABLE ${table}`)
await sql.end()
finish('postgres.js')
