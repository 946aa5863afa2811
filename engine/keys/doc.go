// Package keys owns zerodb's one keyspace layout: every key of every model
// is built here, so the layout can be read in one place.
//
// Names and ids inside keys use kv's order-preserving, self-delimiting
// encodings (kv.AppendString, kv.AppendUint64), so a scan of a name prefix
// yields entries in name order and no name can be a prefix of another.
//
//	0x01                                  format version 1 of the whole layout
//	  's'                                 system keys
//	      'f'                             catalog format version (uint64 value)
//	      'q' <seq name>                  id sequences (last id handed out)
//	      'u' <user name>                 users
//	      'n' <ns name>                   namespaces
//	      'b' <ns id> <db name>           databases of a namespace, by name
//	  'd' <ns id>                         everything of one namespace's databases:
//	      <db id>                         everything of one database, one contiguous range:
//	          'c' ...                     catalog entries of the database
//	              't' <table name>        table descriptors
//	              's' <sequence name>     SQL sequence descriptors
//	          'q' <sequence id>           SQL sequence state (last value reserved)
//	          'r' <table id> <key>        records
//	          'i' <index id> ...          secondary index entries (later)
//	          'g' ...                     graph adjacency (later)
//	          'v' ...                     vector index (later)
//	          'o' <oid>                   large object metadata (largeobject.go)
//	          'l' <oid> <page>            large object pages of 2 KiB
//	      <TempDatabaseBit | n>           a session's temporary schema (temp.go): the
//	                                      same layout, removed with its session or at start
//
// A database's own name entry lives in its namespace's directory (system
// keys), outside the database range, like a directory entry outside the
// file it names: DROP DATABASE is that one delete plus one range deletion
// of DatabaseSpan, and moving a database is moving that range.
//
// keys may import kv, errs and engine/value; nothing else of zerodb.
package keys
