package catalog

import (
	"fmt"

	"github.com/zerodb/zerodb/engine/value"
)

// Descriptor kinds of the objects in objects.go (see descriptor.go for the
// framing).
const (
	descFunction byte = 'F'
	descEnum     byte = 'M'
	descTypeDef  byte = 'Y'
)

type functionDesc struct {
	Database uint64          `json:"database"`
	Name     string          `json:"name"`
	Params   []funcParamDesc `json:"params,omitempty"`
	Result   *typeDesc       `json:"result,omitempty"`
	Source   string          `json:"source"`
	Language string          `json:"language,omitempty"`
	Routine  *routineDesc    `json:"routine,omitempty"`
	// Aggregate is a user-defined aggregate's pg_aggregate row.
	Aggregate *aggregateDesc `json:"aggregate,omitempty"`
	Comment   string         `json:"comment,omitempty"`
	Owner     string         `json:"owner,omitempty"`
	ACL       []ACLItem      `json:"acl,omitempty"`
}

type funcParamDesc struct {
	Name     string    `json:"name"`
	Type     *typeDesc `json:"type,omitempty"`
	Default  string    `json:"default,omitempty"`
	Mode     byte      `json:"mode,omitempty"`
	TypeName string    `json:"type_name,omitempty"`
}

type aggregateDesc struct {
	TransFn     string        `json:"transfn"`
	FinalFn     string        `json:"finalfn,omitempty"`
	TransType   funcParamDesc `json:"transtype"`
	InitCond    string        `json:"initcond,omitempty"`
	HasInit     bool          `json:"has_init,omitempty"`
	FinalExtra  bool          `json:"final_extra,omitempty"`
	FinalModify byte          `json:"finalmodify,omitempty"`
}

type routineDesc struct {
	Returns         string     `json:"returns"`
	Kind            ReturnKind `json:"kind,omitempty"`
	SetOf           bool       `json:"setof,omitempty"`
	Volatility      byte       `json:"volatility,omitempty"`
	Strict          bool       `json:"strict,omitempty"`
	SecurityDefiner bool       `json:"security_definer,omitempty"`
	Leakproof       bool       `json:"leakproof,omitempty"`
	Parallel        byte       `json:"parallel,omitempty"`
	Cost            float64    `json:"cost,omitempty"`
	Rows            float64    `json:"rows,omitempty"`
	StandardBody    bool       `json:"standard_body,omitempty"`
	Procedure       bool       `json:"procedure,omitempty"`
	Config          []string   `json:"config,omitempty"`
}

type enumDesc struct {
	Database uint64   `json:"database"`
	Name     string   `json:"name"`
	Variants []string `json:"variants"`
	Owner    string   `json:"owner,omitempty"`
	Comment  string   `json:"comment,omitempty"`
}

type typeDefDesc struct {
	Database uint64   `json:"database"`
	Name     string   `json:"name"`
	Type     typeDesc `json:"type"`
	Domain   *Domain  `json:"domain,omitempty"`
	Owner    string   `json:"owner,omitempty"`
	Comment  string   `json:"comment,omitempty"`

	Range        *RangeDef `json:"range,omitempty"`
	MultirangeOf string    `json:"multirange_of,omitempty"`
}

func optTypeToDesc(t *value.Type) (*typeDesc, error) {
	if t == nil {
		return nil, nil
	}
	d, err := typeToDesc(*t)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func optTypeFromDesc(d *typeDesc) (*value.Type, error) {
	if d == nil {
		return nil, nil
	}
	t, err := typeFromDesc(d)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func encodeFunction(f *Function) ([]byte, error) {
	if err := checkUTF8(f.Name, f.Source); err != nil {
		return nil, err
	}
	if err := checkUTF8(f.Comment); err != nil {
		return nil, err
	}
	d := functionDesc{Database: f.Database, Name: f.Name, Source: f.Source, Language: f.Language, Comment: f.Comment, Owner: f.Owner, ACL: f.ACL}
	if r := f.Routine; r != nil {
		if err := checkUTF8(r.Returns); err != nil {
			return nil, err
		}
		rd := routineDesc(*r)
		d.Routine = &rd
	}
	var err error
	if d.Result, err = optTypeToDesc(f.Result); err != nil {
		return nil, fmt.Errorf("catalog: result of function %q: %w", f.Name, err)
	}
	if a := f.Aggregate; a != nil {
		if err := checkUTF8(a.TransFn, a.FinalFn, a.TransType.TypeName, a.InitCond); err != nil {
			return nil, err
		}
		ad := aggregateDesc{TransFn: a.TransFn, FinalFn: a.FinalFn, InitCond: a.InitCond, HasInit: a.HasInit, FinalExtra: a.FinalExtra,
			FinalModify: a.FinalModify, TransType: funcParamDesc{TypeName: a.TransType.TypeName}}
		if ad.TransType.Type, err = optTypeToDesc(a.TransType.Type); err != nil {
			return nil, fmt.Errorf("catalog: state type of aggregate %q: %w", f.Name, err)
		}
		d.Aggregate = &ad
	}
	for _, p := range f.Params {
		if err := checkUTF8(p.Name, p.Default, p.TypeName); err != nil {
			return nil, err
		}
		pd := funcParamDesc{Name: p.Name, Default: p.Default, Mode: p.Mode, TypeName: p.TypeName}
		if pd.Type, err = optTypeToDesc(p.Type); err != nil {
			return nil, fmt.Errorf("catalog: parameter %q of function %q: %w", p.Name, f.Name, err)
		}
		d.Params = append(d.Params, pd)
	}
	return encodeDesc(descFunction, d)
}

func decodeFunction(b []byte) (*Function, error) {
	var d functionDesc
	if err := decodeDesc(b, descFunction, "function", &d); err != nil {
		return nil, err
	}
	f := &Function{Database: d.Database, Name: d.Name, Source: d.Source, Language: d.Language, Comment: d.Comment, Privileges: Privileges{Owner: d.Owner, ACL: d.ACL}}
	if d.Routine != nil {
		r := Routine(*d.Routine)
		f.Routine = &r
	}
	var err error
	if f.Result, err = optTypeFromDesc(d.Result); err != nil {
		return nil, corrupt("function", err)
	}
	if ad := d.Aggregate; ad != nil {
		a := &Aggregate{TransFn: ad.TransFn, FinalFn: ad.FinalFn, InitCond: ad.InitCond, HasInit: ad.HasInit, FinalExtra: ad.FinalExtra,
			FinalModify: ad.FinalModify, TransType: FuncParam{TypeName: ad.TransType.TypeName}}
		if a.TransType.Type, err = optTypeFromDesc(ad.TransType.Type); err != nil {
			return nil, corrupt("function", fmt.Errorf("aggregate state type: %w", err))
		}
		f.Aggregate = a
	}
	for _, pd := range d.Params {
		p := FuncParam{Name: pd.Name, Default: pd.Default, Mode: pd.Mode, TypeName: pd.TypeName}
		if p.Type, err = optTypeFromDesc(pd.Type); err != nil {
			return nil, corrupt("function", fmt.Errorf("parameter %q: %w", pd.Name, err))
		}
		f.Params = append(f.Params, p)
	}
	return f, nil
}

func encodeEnum(e *Enum) ([]byte, error) {
	if err := checkUTF8(e.Name); err != nil {
		return nil, err
	}
	if err := checkUTF8(e.Variants...); err != nil {
		return nil, err
	}
	vs := e.Variants
	if vs == nil {
		vs = []string{}
	}
	return encodeDesc(descEnum, enumDesc{Database: e.Database, Name: e.Name, Variants: vs, Owner: e.Owner, Comment: e.Comment})
}

func decodeEnum(b []byte) (*Enum, error) {
	var d enumDesc
	if err := decodeDesc(b, descEnum, "enum", &d); err != nil {
		return nil, err
	}
	return &Enum{Database: d.Database, Name: d.Name, Variants: nilIfEmpty(d.Variants), Owner: d.Owner, Comment: d.Comment}, nil
}

func encodeTypeDef(t *TypeDef) ([]byte, error) {
	if err := checkUTF8(t.Name); err != nil {
		return nil, err
	}
	td, err := typeToDesc(t.Type)
	if err != nil {
		return nil, fmt.Errorf("catalog: type %q: %w", t.Name, err)
	}
	return encodeDesc(descTypeDef, typeDefDesc{Database: t.Database, Name: t.Name, Type: td, Domain: t.Domain, Owner: t.Owner, Comment: t.Comment, Range: t.Range, MultirangeOf: t.MultirangeOf})
}

func decodeTypeDef(b []byte) (*TypeDef, error) {
	var d typeDefDesc
	if err := decodeDesc(b, descTypeDef, "type", &d); err != nil {
		return nil, err
	}
	t, err := typeFromDesc(&d.Type)
	if err != nil {
		return nil, corrupt("type", err)
	}
	return &TypeDef{Database: d.Database, Name: d.Name, Type: t, Domain: d.Domain, Owner: d.Owner, Comment: d.Comment, Range: d.Range, MultirangeOf: d.MultirangeOf}, nil
}
