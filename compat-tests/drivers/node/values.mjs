// The values every JavaScript driver check round-trips (see ../README.md).
// Each entry: column, SQL type, value as sent, value as the driver returns
// it (node-postgres and postgres.js both return int8 and numeric as
// strings, and timestamps as Date).
export const values = [
  ['i2', 'int2', 12, 12],
  ['i4', 'int4', -123456, -123456],
  ['i8', 'int8', '9007199254740993', '9007199254740993'],
  ['f4', 'float4', 1.5, 1.5],
  ['f8', 'float8', 2.25, 2.25],
  ['n', 'numeric', '12345.678901234567890', '12345.678901234567890'],
  ['b', 'bool', true, true],
  ['t', 'text', "héllo, 'world'", "héllo, 'world'"],
  ['vc', 'varchar(10)', 'short', 'short'],
  ['by', 'bytea', Buffer.from([0, 1, 0xfe, 0xff]), Buffer.from([0, 1, 0xfe, 0xff])],
  ['u', 'uuid', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ['tz', 'timestamptz', new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 123)), new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 123))],
  ['jb', 'jsonb', { a: [1, 2, { b: null }], c: 'd' }, { a: [1, 2, { b: null }], c: 'd' }],
  // Dates are read at local midnight; the test runs with TZ=UTC.
  ['d', 'date', '2024-02-29', new Date(Date.UTC(2024, 1, 29))],
  ['ia', 'int4[]', [1, 2, null, 4], [1, 2, null, 4]],
  ['ta', 'text[]', ['a', 'b c', 'q"uote', '', null], ['a', 'b c', 'q"uote', '', null]],
]

export const failures = []

function same(a, b) {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b)
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime()
  return JSON.stringify(a) === JSON.stringify(b)
}

export function check(what, got, want) {
  if (!same(got, want)) failures.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`)
}

export function finish(driver) {
  if (failures.length > 0) {
    console.log(failures.join('\n'))
    process.exit(1)
  }
  console.log('OK', driver)
}
