// Package value owns zerodb's value model (zql.md §2): the Value type and
// its kinds, static Types and their PostgreSQL OIDs, the total order and
// equality, hashing, arithmetic, JSON rendering (zql.md §12), PostgreSQL
// text input and output, casts and ZQL type checks, the compact versioned
// on-disk encoding of values, and the order-preserving key encoding of
// key values.
//
// Files: value.go, object.go and type.go define the model; num.go the
// common number line; compare.go Compare, Equal and Hash; arith.go Arith
// and Negate; numeric.go decimal helpers with PostgreSQL's scales;
// json.go AppendJSON and ParseJSON/ParseJSONB; jsonbenc.go jsonb text
// parsed straight into the on-disk encoding (TextParser.AppendJSONB,
// for COPY); jsontext.go SQL json's
// text (kept as written: validation, and reading members and elements
// without parsing into values); text.go and time.go
// PostgreSQL's text formats (AppendText, ParseText) and ZQL's datetime
// literals; interval.go intervals (durations): input, output, arithmetic;
// timeofday.go SQL's time (KindTime); sqlrange.go SQL's range types
// (KindSQLRange); geo.go SQL's geometric types (KindGeo: point, box,
// circle, ... as their float8s, with PostgreSQL's text and binary forms
// and its EPSILON comparisons); convert.go Convert and Check; codec.go Encode,
// Decode and DecodeField; key.go AppendKey and DecodeKey; format.go the
// ZQL and SQL spellings of values and types; regex.go regex literals;
// xml.go SQL's xml (strings of Type.XML): the well-formedness check of
// its input with libxml2's messages (CheckXML), its XML declaration
// (ParseXMLDecl) and output (XMLOut); xmldom.go the document tree the
// same parser builds for XPath (ParseXMLDocument) and its serialization
// as libxml2's.
//
// SQL's interval and ZQL's duration are one kind, KindDuration, holding
// PostgreSQL's three fields (Interval: months, days, microseconds;
// interval.go). A ZQL duration is an interval of microseconds alone, so
// ZQL keeps its arithmetic and its "1h30m0s" text, and a SQL interval
// read from ZQL needs no conversion; durations lost their nanoseconds.
// Intervals compare, hash and key-encode by PostgreSQL's interval_cmp
// span (a month is 30 days, a day 24 hours): '1 mon' = '30 days', one
// key. Stored durations of the old nanosecond encodings (codec tDuration,
// key kDuration) decode as microseconds; new values are written with
// tInterval and kInterval, so an index over durations written before
// must be rebuilt to order and find old and new entries together.
//
// SQL's time (time without time zone) is KindTime: microseconds since
// midnight, 00:00:00 to 24:00:00, ordered between datetimes and
// durations, key-encoded as 8 bytes (tag 0x54), stored as a uvarint
// (tTime); its JSON and text are PostgreSQL's ("12:34:56.5"), its ZQL
// spelling time("12:34:56.5"). time(p) is Type.TimePrec.
//
// SQL's time with time zone is KindTimeTZ: a time of day and an offset,
// packed so that the integer orders as PostgreSQL's timetz_cmp (the UTC
// instant, then the offset), ordered after times, key-encoded as that
// integer's 8 bytes (tag 0x55), stored as microseconds and offset
// (tTimeTZ); text and JSON "13:04:05.5+02" (timetz.go).
//
// Numbers of all kinds live on one number line: an int or a decimal is its
// exact value and a float is the decimal it prints as (its shortest
// round-trip digits), so 1 == 1.0 == decimal 1.00 and 0.1 == decimal 0.1.
// Compare, Hash and the key encoding agree on that order.
//
// value imports errs only. The key encoding is implemented here, not on
// kv's primitives: it has its own tag scheme and number encoding (numbers
// of every kind by value), and value stays buildable while kv changes.
package value
