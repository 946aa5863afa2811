package kv

// watches reports whether a commit writing keys writes a watched key.
func (s *store) watches(keys [][]byte) bool {
	if s.watched == nil {
		return false
	}
	for _, k := range keys {
		if s.watched(k) {
			return true
		}
	}
	return false
}

// WatchedVersion identifies what txn sees of the watched keys (see
// Options.Watched): two read-only transactions of one store with the same
// non-zero version see the same values for every watched key. It is the
// seq of the last commit that wrote a watched key, when that commit is in
// txn's snapshot; 0 (unknown) for a read-write transaction, which may
// hold writes of its own, or when a newer watched commit has not reached
// the snapshot yet. A cache of something derived from watched keys can
// be trusted in a transaction with the version it was derived at.
func WatchedVersion(tx Txn) uint64 {
	t, ok := tx.(*txn)
	if !ok || !t.readOnly || t.shared == nil || t.s.watched == nil {
		return 0
	}
	// Every commit in the snapshot got its seq, and watchSeq its value,
	// before the snapshot existed, and watchSeq only grows: w is at least
	// the last watched commit in the snapshot, and when it is not past
	// the snapshot it is that commit.
	w := t.s.watchSeq.Load()
	if w > t.shared.seq {
		return 0
	}
	// 0 would read as unknown: before the first watched commit, every
	// snapshot sees the same (empty) watched state.
	return w + 1
}

// ReadWatched is for a cache of something derived from watched keys
// (see WatchedVersion) that serves read-write transactions too. It
// returns the version under which tx sees watched key key, or 0
// (unknown: the caller must Get the key). In a read-only transaction it
// is WatchedVersion. In a read-write transaction it is known when the
// transaction has written no watched key and the last watched commit is
// in its snapshot (its seq is at most the transaction's start); key is
// then added to the read set exactly as a Get of it would add it, so a
// commit that writes key after the transaction began still makes it fail
// validation (40001), and a value cached under the version stands for the
// read. Equal non-zero versions mean equal watched state here too: every
// watched commit in the snapshot got its seq, and watchSeq its value,
// before the snapshot existed, so one with a seq past start would show
// in watchSeq.
func ReadWatched(tx Txn, key []byte) uint64 {
	v := WatchedVersionUnread(tx)
	if t, ok := tx.(*txn); ok && v != 0 && !t.readOnly {
		t.addRead(key)
	}
	return v
}

// WatchedVersionUnread is ReadWatched without the read: the version under
// which tx sees all watched keys, or 0. It is for what a transaction may
// derive from watched state without depending on it — a cache of how
// names resolve, say, whose every use still reads what it finds — so a
// later commit of a watched key does not fail tx.
func WatchedVersionUnread(tx Txn) uint64 {
	t, ok := tx.(*txn)
	if !ok {
		return 0
	}
	if t.readOnly {
		return WatchedVersion(tx)
	}
	if t.s.watched == nil || t.wroteWatched || t.done {
		return 0
	}
	w := t.s.watchSeq.Load()
	if w > t.start {
		return 0
	}
	return w + 1
}
