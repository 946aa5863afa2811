package keys

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/kv"
)

// Pretty renders a key for errors, logs and debugging, e.g.
// /sys/namespace/"default" or /db/1/2/record/7/@john. It never fails: a
// part it cannot decode is shown in hex with a leading '?'.
func Pretty(key []byte) string {
	var p printer
	p.key(key)
	return p.String()
}

type printer struct{ strings.Builder }

func (p *printer) part(s string) { p.WriteByte('/'); p.WriteString(s) }

func (p *printer) rest(b []byte) {
	if len(b) > 0 {
		p.part(fmt.Sprintf("?%x", b))
	}
}

func (p *printer) uint(b []byte) ([]byte, bool) {
	u, rest, err := kv.DecodeUint64(b)
	if err != nil {
		p.rest(b)
		return nil, false
	}
	p.part(strconv.FormatUint(u, 10))
	return rest, true
}

func (p *printer) str(b []byte) ([]byte, bool) {
	s, rest, err := kv.DecodeString(b)
	if err != nil {
		p.rest(b)
		return nil, false
	}
	p.part(strconv.Quote(s))
	return rest, true
}

func (p *printer) key(b []byte) {
	if len(b) == 0 || b[0] != Version {
		p.rest(b)
		return
	}
	b = b[1:]
	if len(b) == 0 {
		return
	}
	switch tag := b[0]; tag {
	case tagSystem:
		p.part("sys")
		p.system(b[1:])
	case tagDatabase:
		p.part("db")
		p.database(b[1:])
	default:
		p.rest(b)
	}
}

func (p *printer) system(b []byte) {
	if len(b) == 0 {
		return
	}
	tag, b := b[0], b[1:]
	ok := true
	switch tag {
	case sysFormat:
		p.part("format")
	case sysSequence:
		p.part("seq")
		b, ok = p.str(b)
	case sysUser:
		p.part("user")
		b, ok = p.str(b)
	case sysNamespace:
		p.part("namespace")
		b, ok = p.str(b)
	case sysDatabase:
		p.part("database")
		if b, ok = p.uint(b); ok {
			b, ok = p.str(b)
		}
	default:
		b = append([]byte{tag}, b...)
	}
	if ok {
		p.rest(b)
	}
}

func (p *printer) database(b []byte) {
	var ok bool
	if b, ok = p.uint(b); !ok || len(b) == 0 {
		return
	}
	if b, ok = p.uint(b); !ok || len(b) == 0 {
		return
	}
	tag, b := b[0], b[1:]
	switch tag {
	case tagCatalog:
		p.part("catalog")
		if len(b) > 0 {
			kinds := map[byte]string{catTable: "table", catFunction: "function", catEnum: "enum", catType: "type", catView: "view", catSequence: "sequence"}
			if kind, known := kinds[b[0]]; known {
				p.part(kind)
				b, ok = p.str(b[1:])
			}
		}
	case tagRecord:
		p.part("record")
		if b, ok = p.uint(b); ok && len(b) > 0 {
			if k, rest, err := value.DecodeKey(b); err == nil {
				p.part(k.String())
				b = rest
			}
		}
	case tagIndex:
		p.part("index")
		b, ok = p.uint(b)
	case tagSeqVal:
		p.part("sequence")
		b, ok = p.uint(b)
	case tagGraph:
		p.part("graph")
	case tagVector:
		p.part("vector")
	case tagLargeObject:
		p.part("largeobject")
		b, ok = p.uint(b)
	case tagLargeObjectData:
		p.part("largeobject-page")
		if b, ok = p.uint(b); ok && len(b) > 0 {
			b, ok = p.uint(b)
		}
	default:
		b = append([]byte{tag}, b...)
	}
	if ok {
		p.rest(b)
	}
}
