package kv

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
)

// The store's write-ahead log. Pebble runs with its own WAL disabled;
// every commit's Pebble batch is appended to this log, in seq order,
// before it reaches the memtable, and a commit is acknowledged only
// once the log is synced through its record.
//
// Why not Pebble's WAL: its LogWriter writes and syncs on a goroutine of
// its own, so every commit cost two goroutine hand-offs (a Cond.Signal
// to the flusher, a WaitGroup.Done back), each of which woke an idle
// OS thread and waited for the waker to park: about a tenth of a
// one-connection UPDATE's latency and of its server CPU. Here the
// committing goroutine writes and syncs the log itself, as a PostgreSQL
// backend does (XLogFlush): the first committer to need a sync writes
// what every commit has appended so far and syncs it once for the whole
// group; the others wait on ioMu and find their records synced.
//
// Layout: segment files wal/NNNNNN.wal, numbered in order. A record is
// a little-endian uint32 length, a uint32 checksum, and the payload: the
// batch's Pebble representation. The checksum is the CRC-32C of the
// segment's number, the record's offset in it, the length and the
// payload's own CRC-32C (recordCRC), so a record checks only where it
// was written: the blocks of a deleted segment, or an earlier record of
// this one, that a crash leaves where the log ends are not replayed
// (PostgreSQL's page headers carry their address for the same reason).
// The payload's CRC is computed before the commit takes the store's
// applyMu; the position, known once the records are written, is folded
// in then (sealRecords). A segment
// is zero-filled ahead of its records (walFillChunk), as PostgreSQL
// fills its segments, so a commit's fdatasync flushes data and not a
// file-size change; an all-zero header ends a segment. A record that
// does not check ends the log where a crash may have torn it, in the
// newest segment holding records (newer ones can be empty: created by a
// segment switch or a recovery just before the crash), and is
// corruption anywhere else. Segment numbers are never used twice.
//
// Recovery: the segments hold every commit since the last checkpoint
// (see checkpoint). Pebble's sstables may hold a prefix of them, but
// never a commit that is not in the synced log: before Pebble flushes a
// memtable, the log is synced through everything appended (the
// FlushBegin hook), and a batch is appended before it is applied. So
// replaying every record in order over what Pebble recovered is exact:
// a key's final value comes from the last record that wrote it, and a
// key no replayed record wrote was already right. After the replay the
// memtable is flushed and the old segments removed.
//
// Fail-stop. Once a write or sync of the log fails, nothing after the
// last successful sync is known to be on disk: after a failed fsync the
// kernel may have dropped the dirty pages, so a retry that succeeds
// proves nothing (PostgreSQL PANICs for this reason). The log then
// fails for good (err, failed) and the store stops publishing anything
// newer than the last durable position: the synced watermark, and with
// it the snapshot read-only transactions share, never moves again;
// every later commit is refused before it is sequenced or applied
// (SQLSTATE 58030); a read-write transaction cannot begin, and one
// whose snapshot may hold a commit that is not durable can read no
// more. Readers see the durable state until the server is restarted,
// and the restart's replay of the log, which holds exactly what was
// durable, is the recovery. A memtable flush in that state would put
// commits that are not durable in the sstables, so FlushBegin stops
// the process instead (the memtable does not fill up, since nothing
// more is applied, and checkpoints follow segment switches, which stop
// too). The store does not crash the process on the first failure
// because a panic in a commit's goroutine is recovered per connection
// by pgwire, and refusing is what that crash would achieve.
const (
	walDirName      = "wal"
	walSegmentSize  = 64 << 20 // a checkpoint (memtable flush) per this much log
	walFillChunk    = 1 << 20  // zero-filled ahead of the records, a MiB at a time
	walHeaderLen    = 8
	walMaxRecordLen = 1<<32 - 1
	// walMaxSpare is the largest write buffer kept for reuse; a bulk
	// load's big batches are not held on to.
	walMaxSpare = 1 << 20
	// walOverlapSize is the batch size from which a commit writes and
	// syncs its record on another goroutine while it inserts the batch
	// into the memtable.
	walOverlapSize = 64 << 10
	// walExtMin is the batch size above which a record's body is written
	// from the batch itself instead of a copy in buf (walExt): a bulk
	// load's commit of hundreds of megabytes spent about 15% of its CPU
	// copying it into fresh memory. Pebble reuses no batch buffer above 1
	// MiB, and the committer keeps its batch until the record is synced.
	walExtMin = 1 << 20
)

var walCRC = crc32.MakeTable(crc32.Castagnoli)

// wal is the store's write-ahead log.
type wal struct {
	fs          vfs.FS
	parent      string // the store's directory ("" in memory)
	dir         string
	segmentSize int64
	// logger hears of the log's failure, once: the store refuses every
	// commit from then on, until a restart, and an operator must know.
	logger *slog.Logger

	// bufMu guards buf and appended. append takes it under the store's
	// applyMu, so records enter buf in seq order.
	bufMu    sync.Mutex
	buf      []byte   // records appended and not yet written
	ext      []walExt // the bodies of buf's large records, in order
	appended int64    // bytes ever appended: a record's end is its position

	// base is where this run's positions start in Position's numbering
	// (set once by recover).
	base uint64

	// synced is the position through which the log is durable.
	synced atomic.Int64
	// failed is set, to err, when a write or sync failed (fail-stop,
	// above); read lock-free by commits and reads.
	failed atomic.Pointer[walFailure]

	// rotated receives a value (without blocking) when a segment is
	// closed, for the checkpointer.
	rotated chan struct{}

	// ioMu serializes writing and syncing, and guards the fields below.
	// Lock order: Pebble's DB mutex (FlushBegin), ioMu, bufMu.
	ioMu   sync.Mutex
	err    error    // sticky: once set, nothing more is acknowledged (failLocked)
	f      vfs.File // the segment being written; nil before start
	num    uint64   // f's number
	off    int64    // where the next write goes in f
	filled int64    // f holds records or zeros up to here
	spare  []byte   // the previous write's buffer, for reuse
	old    []uint64 // earlier segments still on disk, oldest first
	// fastSyncs counts the write-and-syncs in a row that took under
	// rawSyncSlow (see rawSyncAllowed).
	fastSyncs int
}

// rawSyncWarmup and rawSyncSlow bound when the log's write-and-sync is
// made as a raw system call (writeDSync): after that many syncs in a row
// took under rawSyncSlow each.
const (
	rawSyncWarmup = 64
	rawSyncSlow   = 2 * time.Millisecond
)

// rawSyncAllowed reports whether the next write-and-sync may be a raw
// system call, one the Go scheduler does not see; idle is the caller's
// word that nothing else in the store runs (no other open transaction,
// no flush or compaction).
//
// Entering the scheduler's syscall state is what wakes the runtime's
// monitor thread (sysmon) on a server that was idle between two
// commits, and once awake it polls every 20 µs while the sync blocks: a
// dozen thread wake-ups a commit, 30 of a point UPDATE's 145 µs of
// server CPU (perf, bench/sql's kv point write). The price of a raw call
// is that its processor stays taken while the disk works: the scheduler
// cannot give it to another goroutine, and a stop-the-world (the
// garbage collector's, twice a cycle) waits for the sync to end. So the
// raw call is made only where that costs nothing: when the store is
// idle but for this commit (with another client's transaction open or a
// compaction running, pgbench's TPC-B-like with two clients lost 12-18%
// of its rate to the processor held), with more than one processor, and
// while the disk answers fast, the last rawSyncWarmup syncs each within
// rawSyncSlow; one slower sync, a disk under load, sends the next
// rawSyncWarmup through the scheduler again. Requires ioMu.
func (w *wal) rawSyncAllowed(idle bool) bool {
	return idle && w.fastSyncs >= rawSyncWarmup && runtime.GOMAXPROCS(0) > 1
}

// syncTook records how long a write-and-sync took. Requires ioMu.
func (w *wal) syncTook(d time.Duration) {
	switch {
	case d >= rawSyncSlow:
		w.fastSyncs = 0
	case w.fastSyncs < rawSyncWarmup:
		w.fastSyncs++
	}
}

func newWAL(fs vfs.FS, dir string, segmentSize int64) *wal {
	if segmentSize <= 0 {
		segmentSize = walSegmentSize
	}
	return &wal{fs: fs, parent: dir, dir: fs.PathJoin(dir, walDirName), segmentSize: segmentSize, rotated: make(chan struct{}, 1)}
}

func (w *wal) segmentPath(num uint64) string {
	return w.fs.PathJoin(w.dir, fmt.Sprintf("%06d.wal", num))
}

// segments lists the existing segments' numbers in order.
func (w *wal) segments() ([]uint64, error) {
	names, err := w.fs.List(w.dir)
	if err != nil {
		return nil, err
	}
	var nums []uint64
	for _, name := range names {
		base, ok := strings.CutSuffix(name, ".wal")
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(base, 10, 64)
		if err != nil {
			continue
		}
		nums = append(nums, n)
	}
	slices.Sort(nums)
	return nums, nil
}

// recover replays the log into db, flushes what it replayed, starts a
// new segment and removes the replayed ones. It runs before anything
// else uses db or the log.
func (w *wal) recover(db *pebble.DB) error {
	if err := w.fs.MkdirAll(w.dir, 0o755); err != nil {
		return err
	}
	if w.parent != "" {
		// The directory's entry must survive a crash too.
		if err := syncDir(w.fs, w.parent); err != nil {
			return err
		}
	}
	nums, err := w.segments()
	if err != nil {
		return err
	}
	// The log ends in the newest segment holding records: a crash can
	// leave newer ones that hold none yet (one created by a segment
	// switch, or by a recovery, below).
	end := len(nums) - 1
	for end > 0 {
		has, err := w.hasRecords(nums[end])
		if err != nil {
			return err
		}
		if has {
			break
		}
		end--
	}
	replayed := false
	for i, num := range nums {
		n, err := w.replay(db, num, i >= end)
		if err != nil {
			return fmt.Errorf("replay %s: %w", w.segmentPath(num), err)
		}
		replayed = replayed || n > 0
	}
	if replayed {
		if err := db.Flush(); err != nil {
			return fmt.Errorf("flush replayed log: %w", err)
		}
	}
	// The new segment first, so the directory always holds the newest
	// number and a number is never used twice: a segment reusing the
	// number of a deleted one could find that one's records, which
	// check at their offsets, where its own end.
	next := uint64(1)
	if len(nums) > 0 {
		next = nums[len(nums)-1] + 1
	}
	w.ioMu.Lock()
	err = w.createLocked(next)
	w.ioMu.Unlock()
	if err != nil {
		return err
	}
	w.base = next << 32
	// Oldest first, each removal durable before the next: a crash in
	// between leaves a suffix of the log (never an older segment without
	// the newer ones, whose replay would undo their commits) followed by
	// the new, empty segment, so a torn record stays in the newest
	// segment holding records. Their replay again over what this one
	// flushed changes nothing.
	return w.removeSegments(nums)
}

// hasRecords reports whether segment num holds a record, torn or not:
// one that a crash left after it was created holds only zeros (or less
// than a header).
func (w *wal) hasRecords(num uint64) (bool, error) {
	f, err := w.fs.Open(w.segmentPath(num))
	if err != nil {
		return false, err
	}
	defer f.Close()
	var hdr [walHeaderLen]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return false, nil
		}
		return false, err
	}
	return binary.LittleEndian.Uint64(hdr[:]) != 0, nil
}

// replay applies segment num's records to db and returns how many it
// applied. In the last segment a record that does not check is where a
// crash tore the log: the end.
func (w *wal) replay(db *pebble.DB, num uint64, last bool) (int, error) {
	f, err := w.fs.Open(w.segmentPath(num))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	r := bufio.NewReaderSize(f, 256<<10)
	var hdr [walHeaderLen]byte
	n := 0
	left := fi.Size() // bytes after the header just read
	off := int64(0)   // the record's offset in the segment
	for {
		left -= walHeaderLen
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			if errors.Is(err, io.EOF) || (errors.Is(err, io.ErrUnexpectedEOF) && last) {
				return n, nil
			}
			return n, err
		}
		length := binary.LittleEndian.Uint32(hdr[0:4])
		sum := binary.LittleEndian.Uint32(hdr[4:8])
		if length == 0 && sum == 0 {
			return n, nil // the zeros after the last record
		}
		if int64(length) > left {
			// A torn header's length is garbage: allocate nothing.
			if last {
				return n, nil
			}
			return n, fmt.Errorf("record %d: length %d past the end of the segment", n, length)
		}
		left -= int64(length)
		payload := make([]byte, length)
		_, err := io.ReadFull(r, payload)
		if err == nil && recordCRC(num, off, length, crc32.Checksum(payload, walCRC)) != sum {
			err = errors.New("checksum mismatch")
		}
		if err != nil {
			if last {
				return n, nil
			}
			return n, fmt.Errorf("record %d: %w", n, err)
		}
		if err := checkBatchRepr(payload); err != nil {
			// Its checksum is right, so the log's writer made it: a
			// bug, not a torn write. Pebble's decoder would panic.
			return n, fmt.Errorf("record %d: %w", n, err)
		}
		b := db.NewBatch()
		if err := b.SetRepr(payload); err != nil {
			return n, fmt.Errorf("record %d: %w", n, err)
		}
		if err := db.Apply(b, pebble.NoSync); err != nil {
			return n, fmt.Errorf("record %d: %w", n, err)
		}
		_ = b.Close()
		n++
		off += walHeaderLen + int64(length)
	}
}

// walBatchHeaderLen is the length of a Pebble batch representation's
// header: its sequence number and its count of entries.
const walBatchHeaderLen = 12

// checkBatchRepr reports whether repr is a Pebble batch of the kinds a
// commit writes (Set, Delete and DeleteRange, whose replay in order is
// exact; see above) with as many entries as its header counts. Pebble's
// own reader indexes past the end of a truncated entry.
func checkBatchRepr(repr []byte) error {
	if len(repr) < walBatchHeaderLen {
		return fmt.Errorf("batch of %d bytes has no header", len(repr))
	}
	count := binary.LittleEndian.Uint32(repr[8:walBatchHeaderLen])
	str := func(b []byte) ([]byte, bool) {
		l, n := binary.Uvarint(b)
		if n <= 0 || l > uint64(len(b)-n) {
			return nil, false
		}
		return b[n+int(l):], true
	}
	entries := uint32(0)
	for b := repr[walBatchHeaderLen:]; len(b) > 0; entries++ {
		kind := pebble.InternalKeyKind(b[0])
		var ok bool
		switch kind {
		case pebble.InternalKeyKindDelete:
			b, ok = str(b[1:])
		case pebble.InternalKeyKindSet, pebble.InternalKeyKindRangeDelete:
			if b, ok = str(b[1:]); ok {
				b, ok = str(b)
			}
		default:
			return fmt.Errorf("batch entry %d: unexpected kind %d", entries, kind)
		}
		if !ok {
			return fmt.Errorf("batch entry %d: truncated", entries)
		}
	}
	if entries != count {
		return fmt.Errorf("batch holds %d entries, its header says %d", entries, count)
	}
	return nil
}

// recordCRC is the checksum of a record at offset off of segment num
// with a payload of length bytes whose CRC-32C is payloadCRC. A CRC
// detects every error of up to 32 bits, so a payload that does not
// match payloadCRC cannot match this either.
func recordCRC(num uint64, off int64, length, payloadCRC uint32) uint32 {
	var b [24]byte
	binary.LittleEndian.PutUint64(b[0:8], num)
	binary.LittleEndian.PutUint64(b[8:16], uint64(off))
	binary.LittleEndian.PutUint32(b[16:20], length)
	binary.LittleEndian.PutUint32(b[20:24], payloadCRC)
	return crc32.Checksum(b[:], walCRC)
}

// walHeader is a record's header: its length and, until sealRecords,
// its payload's CRC-32C in place of the checksum.
type walHeader [walHeaderLen]byte

// makeWALHeader checksums a batch representation for append; callers do
// it before they take the store's applyMu.
func makeWALHeader(repr []byte) (walHeader, error) {
	var hdr walHeader
	if len(repr) > walMaxRecordLen {
		return hdr, fmt.Errorf("kv: batch of %d bytes is too large", len(repr))
	}
	binary.LittleEndian.PutUint32(hdr[0:4], uint32(len(repr)))
	binary.LittleEndian.PutUint32(hdr[4:8], crc32.Checksum(repr, walCRC))
	return hdr, nil
}

// walExt is the body of a large record, which the log writes from the
// committer's batch: buf holds the record's header and the batch's header
// (the sequence number, which Pebble writes into the batch while
// applying it, perhaps while the record is being written; and the
// count), at hdr, and the rest of the batch follows them in the log.
type walExt struct {
	hdr  int
	body []byte
}

// sealRecords turns the headers of the records in data (and ext), which
// are about to be written at offset off of segment num, into their final
// form: each one's payload CRC becomes its recordCRC.
func sealRecords(data []byte, ext []walExt, num uint64, off int64) {
	pos := off // where the record goes in the segment
	for q := 0; q < len(data); {
		length := binary.LittleEndian.Uint32(data[q:])
		sum := binary.LittleEndian.Uint32(data[q+4:])
		binary.LittleEndian.PutUint32(data[q+4:], recordCRC(num, pos, length, sum))
		pos += walHeaderLen + int64(length)
		if len(ext) > 0 && ext[0].hdr == q {
			q += walHeaderLen + walBatchHeaderLen
			ext = ext[1:]
		} else {
			q += walHeaderLen + int(length)
		}
	}
}

// walParts is the records of data and ext in log order, as the parts of
// one write.
func walParts(data []byte, ext []walExt) [][]byte {
	parts := make([][]byte, 0, 2*len(ext)+1)
	from := 0
	for _, x := range ext {
		to := x.hdr + walHeaderLen + walBatchHeaderLen
		parts = append(parts, data[from:to], x.body)
		from = to
	}
	if from < len(data) || len(parts) == 0 {
		parts = append(parts, data[from:])
	}
	return parts
}

// append adds the record of a batch representation to the log (not yet
// written) and returns its position: syncTo(pos) makes it durable.
// Callers hold the store's applyMu, which orders the records. A repr
// above walExtMin is not copied: it must not change until syncTo(pos)
// returns, except for its header.
func (w *wal) append(hdr walHeader, repr []byte) int64 {
	w.bufMu.Lock()
	if len(repr) > walExtMin {
		w.ext = append(w.ext, walExt{hdr: len(w.buf), body: repr[walBatchHeaderLen:]})
		w.buf = append(append(w.buf, hdr[:]...), repr[:walBatchHeaderLen]...)
	} else {
		w.buf = append(append(w.buf, hdr[:]...), repr...)
	}
	w.appended += int64(walHeaderLen + len(repr))
	pos := w.appended
	w.bufMu.Unlock()
	return pos
}

// syncTo returns once the log is durable through pos. The first caller
// writes and syncs everything appended so far; callers whose records
// that covered find them synced when they get ioMu. idle: see
// rawSyncAllowed.
func (w *wal) syncTo(pos int64, idle bool) error {
	if w.synced.Load() >= pos {
		return nil
	}
	w.ioMu.Lock()
	defer w.ioMu.Unlock()
	if w.synced.Load() >= pos {
		return nil
	}
	return w.flushLocked(idle)
}

// syncAll makes everything appended so far durable (Pebble's FlushBegin:
// a memtable must not reach an sstable before its records are in the
// synced log, or replaying the log could undo part of a commit).
func (w *wal) syncAll() error {
	w.bufMu.Lock()
	end := w.appended
	w.bufMu.Unlock()
	return w.syncTo(end, false)
}

// flushLocked writes the buffered records and syncs the segment. idle:
// see rawSyncAllowed. Requires ioMu.
func (w *wal) flushLocked(idle bool) error {
	if w.err != nil {
		return w.err
	}
	if w.f == nil {
		return errors.New("kv: wal: not started")
	}
	w.bufMu.Lock()
	data, ext, end := w.buf, w.ext, w.appended
	w.buf, w.ext, w.spare = w.spare[:0], nil, nil
	w.bufMu.Unlock()
	// The records go at w.off of segment w.num: a segment switch
	// happens between flushes only.
	sealRecords(data, ext, w.num, w.off)
	parts := walParts(data, ext)
	size := int64(len(data))
	for _, x := range ext {
		size += int64(len(x.body))
	}
	done := false
	if to := w.off + size; size > 0 && w.filled >= (to/walFillChunk+1)*walFillChunk {
		// Within the zero-filled part, with no zeros due: write and
		// sync in one call where the platform has one.
		var err error
		start := time.Now()
		if done, err = writeDSync(w.f, parts, w.off, w.rawSyncAllowed(idle)); err != nil {
			return w.failLocked(fmt.Errorf("kv: wal: write: %w", err))
		}
		if done {
			w.off = to
			w.syncTook(time.Since(start))
		}
	}
	if !done {
		if err := w.writeLocked(parts...); err != nil {
			return w.failLocked(fmt.Errorf("kv: wal: write: %w", err))
		}
		if err := w.f.SyncData(); err != nil {
			return w.failLocked(fmt.Errorf("kv: wal: sync: %w", err))
		}
	}
	w.synced.Store(end)
	if cap(data) <= walMaxSpare {
		w.spare = data[:0]
	}
	if w.off >= w.segmentSize {
		if err := w.rotateLocked(); err != nil {
			// This commit is durable; the next one is refused.
			_ = w.failLocked(fmt.Errorf("kv: wal: new segment: %w", err))
		}
	}
	return nil
}

// writeLocked writes parts, in order, at the end of the segment's
// records and keeps the segment zero-filled past them to the next fill
// boundary, so the following commits overwrite zeros instead of growing
// the file. The zeros reach the disk with the sync that follows.
// Requires ioMu.
func (w *wal) writeLocked(parts ...[]byte) error {
	for _, p := range parts {
		if len(p) == 0 {
			continue
		}
		n, err := w.f.WriteAt(p, w.off)
		w.off += int64(n)
		if err != nil {
			return err
		}
		w.filled = max(w.filled, w.off)
	}
	to := (w.off/walFillChunk + 1) * walFillChunk
	if w.filled >= to {
		return nil
	}
	zeros := make([]byte, min(to-w.filled, 64<<10))
	for w.filled < to {
		n, err := w.f.WriteAt(zeros[:min(int64(len(zeros)), to-w.filled)], w.filled)
		w.filled += int64(n)
		if err != nil {
			return err
		}
	}
	return nil
}

// rotateLocked closes the current segment (synced) and starts the next.
// Requires ioMu.
func (w *wal) rotateLocked() error {
	if err := w.f.Close(); err != nil {
		return err
	}
	w.f = nil
	w.old = append(w.old, w.num)
	if err := w.createLocked(w.num + 1); err != nil {
		return err
	}
	select {
	case w.rotated <- struct{}{}:
	default:
	}
	return nil
}

// createLocked creates segment num, zero-filled to the first fill
// boundary, and makes its directory entry durable before any record
// goes into it. Requires ioMu.
func (w *wal) createLocked(num uint64) error {
	f, err := w.fs.Create(w.segmentPath(num))
	if err != nil {
		return err
	}
	w.f, w.num, w.off, w.filled = f, num, 0, 0
	if err := w.writeLocked(); err != nil {
		return err
	}
	if err := f.SyncData(); err != nil {
		return err
	}
	return syncDir(w.fs, w.dir)
}

// oldSegments returns the segments before the current one. A caller
// holding the store's applyMu knows every record in them is applied.
func (w *wal) oldSegments() []uint64 {
	w.ioMu.Lock()
	defer w.ioMu.Unlock()
	return slices.Clone(w.old)
}

// removeSegments deletes segments whose records are all in Pebble's
// sstables (oldest first, so a crash midway leaves a suffix).
func (w *wal) removeSegments(nums []uint64) error {
	for _, num := range nums {
		if err := w.removeSegment(num); err != nil {
			return err
		}
		w.ioMu.Lock()
		w.old = slices.DeleteFunc(w.old, func(n uint64) bool { return n == num })
		w.ioMu.Unlock()
	}
	return nil
}

// removeSegment deletes segment num and makes the deletion durable. A
// file system may persist unsynced directory changes in any order, so
// without the sync a crash could keep an older segment whose newer
// neighbour is gone; replaying it alone over Pebble's sstables would
// bring back values its successors had overwritten.
func (w *wal) removeSegment(num uint64) error {
	if err := w.fs.Remove(w.segmentPath(num)); err != nil {
		return err
	}
	return syncDir(w.fs, w.dir)
}

// close syncs what is left and closes the segment.
func (w *wal) close() error {
	err := w.syncAll()
	w.ioMu.Lock()
	defer w.ioMu.Unlock()
	if w.f != nil {
		if cerr := w.f.Close(); err == nil {
			err = cerr
		}
		w.f = nil
	}
	if w.err == nil {
		w.err = errors.New("kv: wal: closed")
	}
	return err
}

func syncDir(fs vfs.FS, dir string) error {
	d, err := fs.OpenDir(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// fail makes the log refuse to acknowledge anything more.
func (w *wal) fail(err error) {
	w.ioMu.Lock()
	defer w.ioMu.Unlock()
	_ = w.failLocked(fmt.Errorf("kv: wal: a logged batch did not apply: %w", err))
}

// failLocked puts the log in the failed state (fail-stop, above) unless
// it already is, and returns the first failure. synced is not advanced
// past what the last successful sync covered. Requires ioMu.
func (w *wal) failLocked(err error) error {
	if w.err == nil {
		w.err = err
		if w.logger != nil {
			w.logger.Error("kv: the write-ahead log failed: commits are refused until the server restarts, which replays the log", "err", err)
		}
	}
	if w.failed.Load() == nil {
		w.failed.Store(&walFailure{w.err})
	}
	return w.err
}

type walFailure struct{ err error }

// failure returns why the log failed, nil when it has not.
func (w *wal) failure() error {
	if f := w.failed.Load(); f != nil {
		return f.err
	}
	return nil
}

// WALPosition reports how far s's write-ahead log goes, as PostgreSQL's
// pg_current_wal_insert_lsn and pg_current_wal_flush_lsn do: insert is
// the end of the last record appended, flushed the end of the durable
// log. A position is the number of the segment this run of the store
// began (every run begins a new one, numbered above all before it)
// times 2^32, plus the bytes the run has appended: positions only grow,
// within a run and from one run to the next, since a run rotates to a
// new segment every walSegmentSize (64 MiB) bytes, far below 2^32. They
// are not byte offsets into segment files. ok is false for a store not
// of this package.
func WALPosition(s Store) (insert, flushed uint64, ok bool) {
	st, isStore := s.(*store)
	if !isStore || st.wal == nil {
		return 0, 0, false
	}
	w := st.wal
	w.bufMu.Lock()
	appended := w.appended
	w.bufMu.Unlock()
	return w.base + uint64(appended), w.base + uint64(w.synced.Load()), true
}
