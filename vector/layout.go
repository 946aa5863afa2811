package vector

import (
	"encoding/binary"
	"math"

	"github.com/zerodb/zerodb/errs"
	"github.com/zerodb/zerodb/kv"
)

// Key tags under an index's prefix (see the package documentation).
const (
	tagConfig  byte = 'c'
	tagEntry   byte = 'e'
	tagLevel   byte = 'h'
	tagList    byte = 'l'
	tagReverse byte = 'r'
	tagNode    byte = 'x'
)

// formatVersion is the first byte of the config value.
const formatVersion byte = 1

// maxLevel caps node levels (with m ≥ 2 a level above it has probability
// below 2⁻¹⁶).
const maxLevel = 16

// link is one entry of a neighbour list: a node and its gen.
type link struct{ id, gen uint64 }

const linkSize = 16

func (ix *Index) key(buf []byte, tag byte) []byte {
	return append(append(buf[:0], ix.prefix...), tag)
}

func (ix *Index) configKey(buf []byte) []byte { return ix.key(buf, tagConfig) }
func (ix *Index) entryKey(buf []byte) []byte  { return ix.key(buf, tagEntry) }

func (ix *Index) nodeKey(buf []byte, id uint64) []byte {
	return kv.AppendUint64(ix.key(buf, tagNode), id)
}

func (ix *Index) listKey(buf []byte, id uint64, layer int) []byte {
	return append(kv.AppendUint64(ix.key(buf, tagList), id), byte(layer))
}

func (ix *Index) reversePrefix(buf []byte, to uint64, layer int) []byte {
	return append(kv.AppendUint64(ix.key(buf, tagReverse), to), byte(layer))
}

func (ix *Index) reverseKey(buf []byte, to uint64, layer int, from uint64) []byte {
	return kv.AppendUint64(ix.reversePrefix(buf, to, layer), from)
}

func (ix *Index) levelKey(buf []byte, level int, id uint64) []byte {
	return kv.AppendUint64(append(ix.key(buf, tagLevel), byte(level)), id)
}

// config value: version, metric, uvarint dims, m, ef_construction, then
// uid and seed as 8 bytes each.
func encodeConfig(c Config, uid uint64) []byte {
	b := []byte{formatVersion, byte(c.Metric)}
	b = binary.AppendUvarint(b, uint64(c.Dims))
	b = binary.AppendUvarint(b, uint64(c.M))
	b = binary.AppendUvarint(b, uint64(c.EfConstruction))
	b = binary.LittleEndian.AppendUint64(b, uid)
	return binary.LittleEndian.AppendUint64(b, c.Seed)
}

func decodeConfig(b []byte) (c Config, uid uint64, err error) {
	bad := func() (Config, uint64, error) { return Config{}, 0, corrupt("config") }
	if len(b) < 2 || b[0] != formatVersion {
		return bad()
	}
	c.Metric = Metric(b[1])
	b = b[2:]
	var vals [3]uint64
	for i := range vals {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > 1<<20 {
			return bad()
		}
		vals[i], b = v, b[n:]
	}
	if len(b) != 16 {
		return bad()
	}
	c.Dims, c.M, c.EfConstruction = int(vals[0]), int(vals[1]), int(vals[2])
	uid = binary.LittleEndian.Uint64(b)
	c.Seed = binary.LittleEndian.Uint64(b[8:])
	if err := c.validate(); err != nil {
		return bad()
	}
	return c, uid, nil
}

// entry value: id, gen, level.
type entry struct {
	link
	level int
}

func encodeEntry(buf []byte, e entry) []byte {
	buf = binary.LittleEndian.AppendUint64(buf[:0], e.id)
	buf = binary.LittleEndian.AppendUint64(buf, e.gen)
	return append(buf, byte(e.level))
}

func decodeEntry(b []byte) (entry, error) {
	if len(b) != 17 || b[16] > maxLevel {
		return entry{}, corrupt("entry point")
	}
	return entry{link{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])}, int(b[16])}, nil
}

// node value: gen, level, then the vector as dims × f32.
func encodeNode(buf []byte, gen uint64, level int, vec []float32) []byte {
	buf = binary.LittleEndian.AppendUint64(buf[:0], gen)
	buf = append(buf, byte(level))
	for _, x := range vec {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(x))
	}
	return buf
}

const nodeHeader = 9

// decodeNodeHeader checks a node value's size and returns its gen and
// level; the vector follows at nodeHeader.
func (ix *Index) decodeNodeHeader(b []byte) (gen uint64, level int, err error) {
	if len(b) != nodeHeader+4*ix.cfg.Dims || b[8] > maxLevel {
		return 0, 0, corrupt("node")
	}
	return binary.LittleEndian.Uint64(b), int(b[8]), nil
}

// decodeFloats fills dst from little-endian f32s.
func decodeFloats(dst []float32, b []byte) {
	b = b[:4*len(dst)]
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
}

func encodeLinks(buf []byte, ls []link) []byte {
	buf = buf[:0]
	for _, l := range ls {
		buf = appendLink(buf, l)
	}
	return buf
}

func appendLink(buf []byte, l link) []byte {
	buf = binary.LittleEndian.AppendUint64(buf, l.id)
	return binary.LittleEndian.AppendUint64(buf, l.gen)
}

// putGen writes a reverse link's value: the linking node's gen.
func putGen(dst []byte, gen uint64) { binary.LittleEndian.PutUint64(dst, gen) }

func decodeLinks(dst []link, b []byte) ([]link, error) {
	if len(b)%linkSize != 0 {
		return nil, corrupt("neighbour list")
	}
	for ; len(b) > 0; b = b[linkSize:] {
		dst = append(dst, link{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])})
	}
	return dst, nil
}

func corrupt(what string) error {
	return errs.New(errs.DataCorrupted, "vector: corrupt index %s", what)
}
