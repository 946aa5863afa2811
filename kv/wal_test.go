package kv

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
)

// commitN commits keys k00000..k<n-1>, one transaction each, with value.
func commitN(t *testing.T, s Store, from, n int, value string) {
	t.Helper()
	ctx := context.Background()
	for i := from; i < from+n; i++ {
		txn := begin(t, s, false)
		mustPut(t, txn, fmt.Sprintf("k%05d", i), value)
		if err := txn.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// checkN fails unless keys k00000..k<n-1> all hold value.
func checkN(t *testing.T, name string, s Store, n int, value string) {
	t.Helper()
	ro := begin(t, s, true)
	defer ro.Rollback()
	for i := range n {
		if got := get(t, ro, fmt.Sprintf("k%05d", i)); got != value {
			t.Fatalf("%s: k%05d lost (%d bytes)", name, i, len(got))
		}
	}
}

// strictFS is a file system that forgets what was not synced at a
// crash (crashStrict), holding an empty, synced directory "db".
func strictFS(t *testing.T) *vfs.MemFS {
	t.Helper()
	fs := vfs.NewStrictMem()
	if err := fs.MkdirAll("db", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syncDir(fs, ""); err != nil {
		t.Fatal(err)
	}
	return fs
}

// crashStrict crashes s, open on fs: nothing more reaches the disk, and
// what was not synced is gone.
func crashStrict(fs *vfs.MemFS, s io.Closer) {
	fs.SetIgnoreSyncs(true)
	_ = s.Close()
	fs.ResetToSyncedState()
	fs.SetIgnoreSyncs(false)
}

// TestWALSurvivesCrash commits across several zero-fill chunks and log
// segments, copies the data directory while the store is open (what a
// crash leaves: the log's records followed by zeros), and opens the
// copy; then closes and reopens the original. Every acknowledged commit
// must be there.
func TestWALSurvivesCrash(t *testing.T) {
	dir := t.TempDir()
	opts := Options{walSegmentSize: 1 << 20}
	s, err := open(dir, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	value := strings.Repeat("v", 1000)
	const n = 2500 // about 2.5 MiB of log: fill boundaries and segment switches
	commitN(t, s, 0, n, value)

	filled := false
	segs, _ := filepath.Glob(filepath.Join(dir, walDirName, "*.wal"))
	for _, l := range segs {
		if fi, err := os.Stat(l); err == nil && fi.Size() > 0 && fi.Size()%walFillChunk == 0 {
			filled = true
		}
	}
	if !filled {
		t.Fatalf("no log segment was zero-filled to a chunk boundary: %v", segs)
	}

	crash := t.TempDir()
	copyLiveStore(t, s, dir, crash)
	check := func(name, d string) {
		s, err := open(d, nil, opts)
		if err != nil {
			t.Fatalf("%s: open: %v", name, err)
		}
		defer s.Close()
		checkN(t, name, s, n, value)
	}
	check("crash image", crash)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	check("reopened", dir)
	// Twice: the second open finds what the first one flushed.
	check("reopened again", dir)
}

// TestWALStrictCrash runs on a file system that forgets everything not
// synced (file data and directory entries) at the crash: what the
// store acknowledged must have been synced, across segment switches and
// the checkpoints that remove old segments.
func TestWALStrictCrash(t *testing.T) {
	fs := strictFS(t)
	opts := Options{walSegmentSize: 256 << 10}
	value := strings.Repeat("x", 300)
	total := 0
	for round := range 3 {
		s, err := open("db", fs, opts)
		if err != nil {
			t.Fatalf("round %d: open: %v", round, err)
		}
		checkN(t, fmt.Sprintf("round %d", round), s, total, value)
		commitN(t, s, total, 1500, value) // about 3 segments
		total += 1500
		if round == 1 {
			// A checkpoint between crashes: old segments go away.
			if err := s.checkpoint(); err != nil {
				t.Fatal(err)
			}
		}
		crashStrict(fs, s)
	}
	s, err := open("db", fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkN(t, "last", s, total, value)
}

// TestWALCheckpointRemovesSegments: once Pebble's sstables hold the
// records of the old segments, they are deleted.
func TestWALCheckpointRemovesSegments(t *testing.T) {
	fs := vfs.NewMem()
	st, err := open("", fs, Options{walSegmentSize: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	commitN(t, st, 0, 500, strings.Repeat("y", 500))
	if err := st.checkpoint(); err != nil {
		t.Fatal(err)
	}
	segs, err := st.wal.segments()
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) != 1 {
		t.Fatalf("segments after a checkpoint: %v, want only the current one", segs)
	}
	checkN(t, "after checkpoint", st, 500, strings.Repeat("y", 500))
}

// TestWALTornTail: a record cut short at the end of the newest segment
// is where a crash tore the log, and the commits before it survive; the
// same in an older segment is corruption. A torn header's length may be
// anything, up to 4 GiB.
func TestWALTornTail(t *testing.T) {
	for name, torn := range map[string][]byte{
		"short payload": {200, 0, 0, 0, 1, 2, 3, 4, 'k'},
		"huge length":   {0xf0, 0xff, 0xff, 0xff, 1, 2, 3, 4},
	} {
		t.Run(name, func(t *testing.T) { testWALTornTail(t, torn) })
	}
}

func testWALTornTail(t *testing.T, torn []byte) {
	l := newClosedLog(t, 10)
	fs := l.fs
	// The torn record where the zeros after the last one were.
	if _, err := l.f.WriteAt(torn, int64(l.end)); err != nil {
		t.Fatal(err)
	}
	_ = l.f.Close()
	seg := l.w.segmentPath(l.num)
	// A copy of the torn segment as an older one, before the real one.
	older := l.w.segmentPath(l.num - 1)
	if err := vfs.Copy(fs, seg, older); err != nil {
		t.Fatal(err)
	}
	if s, err := open("db", fs, Options{}); err == nil {
		s.Close()
		t.Fatal("a torn record in an older segment opened")
	}
	if err := fs.Remove(older); err != nil {
		t.Fatal(err)
	}
	s, err := open("db", fs, Options{})
	if err != nil {
		t.Fatalf("torn tail of the newest segment: %v", err)
	}
	defer s.Close()
	checkN(t, "torn tail", s, 10, "v")
}

// TestOpenReplaysPebbleWAL: a store last written with Pebble's own WAL
// (before the store kept its own) opens with those commits.
func TestOpenReplaysPebbleWAL(t *testing.T) {
	fs := vfs.NewMem()
	if err := fs.MkdirAll("db", 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := pebble.Open("db", &pebble.Options{FS: fs, Comparer: comparer(), FormatMajorVersion: pebble.FormatNewest})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Set([]byte("k00000"), []byte("old"), pebble.Sync); err != nil {
		t.Fatal(err)
	}
	// Pebble's Close does not flush: the commit is only in its WAL.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := open("db", fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkN(t, "pebble WAL", s, 1, "old")
}

// copyLiveStore copies the directory of open store s, a crash image, once
// its flushes and compactions are over: one that ended during the copy
// would delete tables already listed, or add ones the copied manifest
// names but the copy lacks. With no writes coming, none starts again.
func copyLiveStore(t *testing.T, s *store, from, to string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for idle := 0; idle < 3; {
		m := s.db.Metrics()
		if s.bgJobs.Load() == 0 && m.Compact.NumInProgress == 0 && m.Flush.NumInProgress == 0 {
			idle++
		} else {
			idle = 0
		}
		if time.Now().After(deadline) {
			t.Fatal("the store's flushes and compactions did not end")
		}
		time.Sleep(5 * time.Millisecond)
	}
	copyDirFiles(t, from, to)
}

// copyDirFiles copies directory from into to, recursively.
func copyDirFiles(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			if err := os.Mkdir(filepath.Join(to, e.Name()), 0o755); err != nil {
				t.Fatal(err)
			}
			copyDirFiles(t, filepath.Join(from, e.Name()), filepath.Join(to, e.Name()))
			continue
		}
		src, err := os.Open(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.Create(filepath.Join(to, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		src.Close()
		dst.Close()
	}
}

// walRecords returns the [start, end) offsets of the records in a
// segment's data, up to the zeros after the last one.
func walRecords(data []byte) [][2]int {
	var recs [][2]int
	for p := 0; p+walHeaderLen <= len(data) && binary.LittleEndian.Uint64(data[p:]) != 0; {
		end := p + walHeaderLen + int(binary.LittleEndian.Uint32(data[p:]))
		recs = append(recs, [2]int{p, end})
		p = end
	}
	return recs
}

// closedLog is a store in a memory file system after n commits of
// k00000.. (commitN) and a clean close: its log's newest segment, num,
// opened for writing (the caller closes it), that segment's bytes, and
// where its records end.
type closedLog struct {
	fs   vfs.FS
	w    *wal
	num  uint64
	f    vfs.File
	data []byte
	end  int
}

func newClosedLog(t *testing.T, n int) *closedLog {
	t.Helper()
	fs := vfs.NewMem()
	if err := fs.MkdirAll("db", 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := open("db", fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	commitN(t, s, 0, n, "v")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	w := newWAL(fs, "db", 0)
	segs, err := w.segments()
	if err != nil || len(segs) != 1 {
		t.Fatalf("segments %v, %v", segs, err)
	}
	l := &closedLog{fs: fs, w: w, num: segs[0]}
	if l.f, err = fs.OpenReadWrite(w.segmentPath(l.num)); err != nil {
		t.Fatal(err)
	}
	if l.data, err = io.ReadAll(l.f); err != nil {
		t.Fatal(err)
	}
	if recs := walRecords(l.data); len(recs) > 0 {
		l.end = recs[len(recs)-1][1]
	}
	return l
}

// TestWALStaleRecord: a record that checked where it was written, copied
// to where the newest segment's records end (as a crash can leave the
// blocks of a deleted segment, or old data, right there), must not be
// replayed: each record's checksum covers its segment and offset.
func TestWALStaleRecord(t *testing.T) {
	for _, from := range []string{"older segment", "same segment"} {
		t.Run(from, func(t *testing.T) { testWALStaleRecord(t, from == "older segment") })
	}
}

func testWALStaleRecord(t *testing.T, older bool) {
	fs := vfs.NewMem()
	if err := fs.MkdirAll("db", 0o755); err != nil {
		t.Fatal(err)
	}
	opts := Options{walSegmentSize: 64 << 10}
	st, err := open("db", fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Every commit overwrites x, so replaying an earlier record at the
	// end would leave an earlier value. The checkpointer, which deletes
	// old segments, waits until they are read.
	st.ckptMu.Lock()
	const n = 150 // about 3 segments
	pad := strings.Repeat("p", 1000)
	for i := range n {
		tx := begin(t, st, false)
		mustPut(t, tx, "x", fmt.Sprint(i))
		mustPut(t, tx, "pad", pad)
		mustCommit(t, tx)
	}
	segs, err := st.wal.segments()
	if err != nil || len(segs) < 2 {
		t.Fatalf("segments %v, %v: want two or more", segs, err)
	}
	read := func(num uint64) []byte {
		f, err := fs.Open(st.wal.segmentPath(num))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	newest := segs[len(segs)-1]
	src := read(segs[0])
	if !older {
		src = read(newest)
	}
	recs := walRecords(src)
	if len(recs) < 2 {
		t.Fatalf("%d records in the source segment", len(recs))
	}
	stale := src[recs[0][0]:recs[0][1]]
	st.ckptMu.Unlock()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	f, err := fs.OpenReadWrite(st.wal.segmentPath(newest))
	if err != nil {
		t.Fatal(err)
	}
	recs = walRecords(read(newest))
	if len(recs) == 0 {
		t.Fatal("no records in the newest segment")
	}
	if _, err := f.WriteAt(stale, int64(recs[len(recs)-1][1])); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()

	st, err = open("db", fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ro := begin(t, st, true)
	defer ro.Rollback()
	if got, want := get(t, ro, "x"), fmt.Sprint(n-1); got != want {
		t.Fatalf("x = %s after replay, want %s: a stale record was replayed", got, want)
	}
}

// TestWALRecoverCreatesFirst: recovery creates its new segment before it
// removes the replayed ones, so a segment number is never used twice
// (one reusing a deleted segment's number could find that segment's
// records, which check at their offsets, where its own end). A crash in
// between leaves the replayed segments, the newest one perhaps with a
// torn tail, followed by the new empty one: the torn tail still ends
// the log there.
func TestWALRecoverCreatesFirst(t *testing.T) {
	for name, empty := range map[string][]byte{
		"zero-filled":    make([]byte, walFillChunk),
		"no data":        nil,
		"partial header": {0, 0, 0},
	} {
		t.Run(name, func(t *testing.T) { testWALRecoverCreatesFirst(t, empty) })
	}
}

func testWALRecoverCreatesFirst(t *testing.T, empty []byte) {
	l := newClosedLog(t, 10)
	fs, w, last := l.fs, l.w, l.num
	// A torn record after the last one, and the next segment, created
	// but holding no record.
	if _, err := l.f.WriteAt([]byte{200, 0, 0, 0, 1, 2, 3, 4, 'k'}, int64(l.end)); err != nil {
		t.Fatal(err)
	}
	_ = l.f.Close()
	f, err := fs.Create(w.segmentPath(last + 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(empty); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()

	s, err := open("db", fs, Options{})
	if err != nil {
		t.Fatalf("torn tail before an empty segment: %v", err)
	}
	checkN(t, "torn tail before an empty segment", s, 10, "v")
	segs, err := s.wal.segments()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err != nil || len(segs) != 1 || segs[0] != last+2 {
		t.Fatalf("segments after recovery %v, %v: want only %d", segs, err, last+2)
	}
}

// TestWALExtLayout: records above walExtMin keep their bodies outside
// buf, and the parts written (sealed) are byte for byte what copying
// every record into buf gives.
func TestWALExtLayout(t *testing.T) {
	sizes := []int{100, walExtMin + 1, 12, 3 * walExtMin, walExtMin, walExtMin + 100, 5000}
	var w, copied wal
	for i, n := range sizes {
		repr := make([]byte, n)
		for j := range repr {
			repr[j] = byte(i*7 + j)
		}
		hdr, err := makeWALHeader(repr)
		if err != nil {
			t.Fatal(err)
		}
		w.append(hdr, repr)
		copied.buf = append(append(copied.buf, hdr[:]...), repr...)
	}
	if len(w.ext) != 3 {
		t.Fatalf("%d records kept outside the buffer, want 3", len(w.ext))
	}
	if w.appended != int64(len(copied.buf)) {
		t.Fatalf("appended %d bytes, want %d", w.appended, len(copied.buf))
	}
	const num, off = 7, 4096
	sealRecords(w.buf, w.ext, num, off)
	sealRecords(copied.buf, nil, num, off)
	var got []byte
	for _, p := range walParts(w.buf, w.ext) {
		got = append(got, p...)
	}
	if !bytes.Equal(got, copied.buf) {
		t.Fatal("the parts differ from the copied records")
	}
	if parts := walParts(nil, nil); len(parts) != 1 || len(parts[0]) != 0 {
		t.Fatalf("no records: %d parts", len(parts))
	}
}

// TestWALLargeRecordsSurviveCrash commits large records (written from
// the batch, walExt) and small ones from several goroutines at once, so
// that flushes mix them, then crashes: on a real file system (a copy of
// the open store's directory; RWF_DSYNC writes) and on one that forgets
// what was not synced (the write-then-sync path). Every acknowledged
// value must come back whole.
func TestWALLargeRecordsSurviveCrash(t *testing.T) {
	value := func(g, i int) string {
		n := 100
		if i%3 == 0 {
			n = walExtMin + 1000*g + i
		}
		return strings.Repeat(string(rune('a'+g)), n) + fmt.Sprint(i)
	}
	const goroutines, commits = 4, 12
	load := func(t *testing.T, s Store) {
		t.Helper()
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make([]error, goroutines) // each goroutine's first
		for g := range goroutines {
			wg.Go(func() {
				for i := 0; i < commits && errs[g] == nil; i++ {
					txn, err := s.Begin(ctx, TxnOptions{})
					if err == nil {
						err = txn.Put([]byte(fmt.Sprintf("g%d/%02d", g, i)), []byte(value(g, i)))
					}
					if err == nil {
						err = txn.Commit(ctx)
					}
					errs[g] = err
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
	}
	check := func(t *testing.T, name string, s Store) {
		t.Helper()
		ro := begin(t, s, true)
		defer ro.Rollback()
		for g := range goroutines {
			for i := range commits {
				if got := get(t, ro, fmt.Sprintf("g%d/%02d", g, i)); got != value(g, i) {
					t.Fatalf("%s: g%d/%02d lost or changed (%d bytes)", name, g, i, len(got))
				}
			}
		}
	}
	opts := Options{walSegmentSize: 4 << 20}
	t.Run("disk", func(t *testing.T) {
		dir := t.TempDir()
		s, err := open(dir, nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		load(t, s)
		crash := t.TempDir()
		copyLiveStore(t, s, dir, crash)
		c, err := open(crash, nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		check(t, "crash image", c)
	})
	t.Run("strict", func(t *testing.T) {
		fs := strictFS(t)
		s, err := open("db", fs, opts)
		if err != nil {
			t.Fatal(err)
		}
		load(t, s)
		crashStrict(fs, s)
		c, err := open("db", fs, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		check(t, "after the crash", c)
	})
}

// TestWALPosition: the log's positions (pg_lsn) grow with every commit,
// the flushed one reaches the inserted one once a commit returns, and a
// reopened store's positions start above the last run's.
func TestWALPosition(t *testing.T) {
	dir := t.TempDir()
	var last uint64
	for run := range 3 {
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			txn := begin(t, s, false)
			mustPut(t, txn, fmt.Sprintf("k%d", i), strings.Repeat("v", 100*run))
			mustCommit(t, txn)
			in, flushed, ok := WALPosition(s)
			if !ok || in <= last || flushed != in {
				t.Fatalf("run %d commit %d: insert %x flushed %x ok %v after %x", run, i, in, flushed, ok, last)
			}
			last = in
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, ok := WALPosition(nil); ok {
		t.Error("a store not of this package has no position")
	}
}
