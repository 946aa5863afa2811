// node-postgres conformance check (see ../README.md).
import pg from 'pg'
import { values, check, finish } from './values.mjs'

const table = 'drv_node_pg'
const client = new pg.Client() // PG* environment variables
await client.connect()

await client.query(`DROP TABLE IF EXISTS ${table}`)
await client.query(`CREATE TABLE ${table} (id int8 PRIMARY KEY, ${values.map(([c, t]) => `${c} ${t}`).join(', ')})`)
const names = values.map(([c]) => c).join(', ')
const marks = values.map((_, i) => `$${i + 2}`).join(', ')
await client.query(`INSERT INTO ${table} (id, ${names}) VALUES ($1, ${marks})`, [1, ...values.map(([, , v]) => v)])
await client.query(`INSERT INTO ${table} (id, ${names}) VALUES ($1, ${marks})`, [2, ...values.map(() => null)])

let res = await client.query(`SELECT ${names} FROM ${table} WHERE id = $1`, [1])
for (const [c, , , want] of values) check(c, res.rows[0][c], want)
res = await client.query({ text: `SELECT ${names} FROM ${table} WHERE id = $1`, values: [2], rowMode: 'array' })
check('row of NULLs', res.rows[0], values.map(() => null))
res = await client.query(`SELECT id FROM ${table} WHERE t = $1 AND i4 = $2 AND u = $3`, [values[7][2], values[1][2], values[10][2]])
check('lookup by parameters', res.rows, [{ id: '1' }])

await client.query('BEGIN')
await client.query(`INSERT INTO ${table} (id) VALUES ($1)`, [3])
await client.query('ROLLBACK')
await client.query('BEGIN')
await client.query(`INSERT INTO ${table} (id) VALUES ($1)`, [4])
await client.query('COMMIT')
res = await client.query(`SELECT id FROM ${table} WHERE id IN (3, 4) ORDER BY id`)
check('after rollback and commit', res.rows, [{ id: '4' }])

for (const [sql, args, want] of [['SELECT 1 / 0', [], '22012'], [`INSERT INTO ${table} (id) VALUES ($1)`, [1], '23505']]) {
  try {
    await client.query(sql, args)
    check(`${sql} error`, 'no error', want)
  } catch (e) {
    check(`SQLSTATE of ${sql}`, e.code, want)
  }
}

res = await client.query('[ x * 2 : x in [1, 2, 3] ]')
check('ZQL rows', res.rows.map((r) => r.result), [2, 4, 6])

// LISTEN/NOTIFY: the 'notification' event of an idle listener, with the
// notifier's pid.
const heard = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no notification within 10 s')), 10000)
  client.on('notification', (msg) => { clearTimeout(timer); resolve(msg) })
})
await client.query('LISTEN drv_ch')
const other = new pg.Client()
await other.connect()
const opid = (await other.query('SELECT pg_backend_pid() AS pid')).rows[0].pid
await other.query("NOTIFY drv_ch, 'hello'")
await other.end()
const msg = await heard
check('notification', [msg.channel, msg.payload, msg.processId], ['drv_ch', 'hello', opid])
await client.query('UNLISTEN *')

await client.query(`DROP TABLE ${table}`)
await client.end()
finish('node-postgres')
