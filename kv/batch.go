package kv

import (
	"encoding/binary"
	"fmt"
)

// OpKind tells a Put from a Delete in a Batch.
type OpKind uint8

const (
	OpPut    OpKind = 1
	OpDelete OpKind = 2
	// OpDeleteRange deletes every key in [Key, Value) written before it
	// (by earlier commits or earlier in the batch).
	OpDeleteRange OpKind = 3
)

func (k OpKind) String() string {
	switch k {
	case OpPut:
		return "put"
	case OpDelete:
		return "delete"
	case OpDeleteRange:
		return "delete range"
	}
	return fmt.Sprintf("OpKind(%d)", uint8(k))
}

// Op is one mutation of a Batch. Value is nil for OpDelete and the
// range's (exclusive) end for OpDeleteRange.
type Op struct {
	Kind  OpKind
	Key   []byte
	Value []byte
}

// Batch is the commit unit: an ordered list of puts and deletes applied
// atomically (a later op on the same key wins). It is what a transaction
// commit produces and what a cluster layer replicates (see Marshal). The
// zero value is an empty batch ready to use. A Batch is not safe for
// concurrent mutation.
type Batch struct {
	ops   []Op
	arena []byte // current chunk that Put/Delete copy keys and values into
	size  int    // sum of key and value lengths, to size Marshal's output
}

// batchVersion is the first byte of a marshalled Batch. Bump it whenever
// the layout changes; UnmarshalBatch rejects versions it does not know.
const batchVersion = 1

const minArenaChunk = 4 << 10

// Put appends a put of key=value. The batch copies both slices.
func (b *Batch) Put(key, value []byte) {
	k := b.copyBytes(key)
	v := b.copyBytes(value)
	b.add(OpPut, k, v)
}

// Delete appends a deletion of key. The batch copies key.
func (b *Batch) Delete(key []byte) {
	b.add(OpDelete, b.copyBytes(key), nil)
}

// DeleteRange appends a deletion of every key in [start, end) written
// before it. The batch copies both slices.
func (b *Batch) DeleteRange(start, end []byte) {
	b.add(OpDeleteRange, b.copyBytes(start), b.copyBytes(end))
}

// Len returns the number of ops.
func (b *Batch) Len() int { return len(b.ops) }

// Op returns the i-th op. Its slices belong to the batch: do not modify
// them.
func (b *Batch) Op(i int) Op { return b.ops[i] }

// Reset empties the batch, keeping its op slice for reuse.
func (b *Batch) Reset() {
	clear(b.ops)
	b.ops = b.ops[:0]
	b.arena = nil
	b.size = 0
}

// add appends an op without copying: the caller guarantees key and value
// are never modified afterwards (Txn.Commit hands over its immutable write
// buffer this way).
func (b *Batch) add(kind OpKind, key, value []byte) {
	b.ops = append(b.ops, Op{Kind: kind, Key: key, Value: value})
	b.size += len(key) + len(value)
}

// copyBytes copies p into the arena. When the chunk is full a new one is
// started rather than grown, so slices handed out earlier stay valid and
// nothing is copied twice.
func (b *Batch) copyBytes(p []byte) []byte {
	if len(p) == 0 {
		return []byte{}
	}
	if cap(b.arena)-len(b.arena) < len(p) {
		b.arena = make([]byte, 0, max(minArenaChunk, len(p)))
	}
	n := len(b.arena)
	b.arena = append(b.arena, p...)
	return b.arena[n : n+len(p) : n+len(p)]
}

// Marshal encodes the batch in a compact, versioned binary format:
//
//	version  byte (1)
//	count    uvarint
//	count × { kind byte (1 put, 2 delete, 3 delete range)
//	          keyLen uvarint, key
//	          [put, delete range] valueLen uvarint, value (a range's end) }
//
// The format has no checksum: transports that need one (Raft log, WAL)
// already carry their own.
func (b *Batch) Marshal() []byte {
	out := make([]byte, 0, 1+binary.MaxVarintLen64+len(b.ops)*(1+2*binary.MaxVarintLen32)+b.size)
	out = append(out, batchVersion)
	out = binary.AppendUvarint(out, uint64(len(b.ops)))
	for _, op := range b.ops {
		out = append(out, byte(op.Kind))
		out = binary.AppendUvarint(out, uint64(len(op.Key)))
		out = append(out, op.Key...)
		if op.Kind != OpDelete {
			out = binary.AppendUvarint(out, uint64(len(op.Value)))
			out = append(out, op.Value...)
		}
	}
	return out
}

// UnmarshalBatch decodes the output of Marshal. The batch owns a copy of
// data. Malformed input yields an error wrapping ErrCorrupt.
func UnmarshalBatch(data []byte) (*Batch, error) {
	if len(data) == 0 {
		return nil, batchCorrupt("empty input")
	}
	if data[0] != batchVersion {
		return nil, batchCorrupt("unknown version %d", data[0])
	}
	rest := data[1:]
	count, n := binary.Uvarint(rest)
	if n <= 0 {
		return nil, batchCorrupt("bad op count")
	}
	rest = rest[n:]
	// Every op takes at least two bytes (kind and a key length), which
	// bounds count before it sizes an allocation.
	if count > uint64(len(rest)/2) {
		return nil, batchCorrupt("op count %d exceeds input size", count)
	}
	buf := make([]byte, len(rest))
	copy(buf, rest)
	b := &Batch{ops: make([]Op, 0, count)}
	for i := uint64(0); i < count; i++ {
		if len(buf) == 0 {
			return nil, batchCorrupt("truncated at op %d", i)
		}
		kind := OpKind(buf[0])
		buf = buf[1:]
		var key, value []byte
		var err error
		if key, buf, err = readChunk(buf); err != nil {
			return nil, batchCorrupt("op %d key: %v", i, err)
		}
		switch kind {
		case OpPut, OpDeleteRange:
			if value, buf, err = readChunk(buf); err != nil {
				return nil, batchCorrupt("op %d value: %v", i, err)
			}
		case OpDelete:
		default:
			return nil, batchCorrupt("op %d has unknown kind %d", i, kind)
		}
		b.add(kind, key, value)
	}
	if len(buf) != 0 {
		return nil, batchCorrupt("%d trailing bytes", len(buf))
	}
	return b, nil
}

// readChunk reads a uvarint length and that many bytes. The chunk is capped
// so appends by a caller cannot clobber the next chunk.
func readChunk(b []byte) (chunk, rest []byte, err error) {
	l, n := binary.Uvarint(b)
	if n <= 0 {
		return nil, b, fmt.Errorf("bad length")
	}
	b = b[n:]
	if l > uint64(len(b)) {
		return nil, b, fmt.Errorf("length %d exceeds remaining %d bytes", l, len(b))
	}
	return b[:l:l], b[l:], nil
}

func batchCorrupt(format string, args ...any) error {
	return wrapCode(dataCorrupted, fmt.Errorf("kv: unmarshal batch: "+format+": %w", append(args, ErrCorrupt)...))
}
