package vector

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/zerodb/zerodb/errs"
	"pgregory.net/rapid"
)

type kernelImpl struct {
	name     string
	dot      func(a, b []float32) float32
	l2sq     func(a, b []float32) float32
	dotNorms func(a, b []float32) (float32, float32, float32)
}

// impls are every implementation the tests hold against the reference:
// the unrolled Go, the assembly where this CPU runs it, and the exported
// dispatchers.
func impls() []kernelImpl {
	out := []kernelImpl{
		{"go", dotGo, l2sqGo, dotNormsGo},
		{"exported", Dot, L2Squared, DotNorms},
	}
	if useAVX2 {
		out = append(out, kernelImpl{"avx2", dotAVX2, l2sqAVX2, dotNormsAVX2})
	}
	return out
}

func TestKernelsExact(t *testing.T) {
	// Small integers: every partial sum is exact in float32, so every
	// implementation must agree with the reference to the bit.
	cases := []struct {
		a, b           []float32
		dot, l2sq, cos float64
	}{
		{[]float32{}, []float32{}, 0, 0, math.NaN()},
		{[]float32{1}, []float32{2}, 2, 1, 0},
		{[]float32{1, 2, 3}, []float32{4, 5, 6}, 32, 27, 1 - 32/math.Sqrt(14*77)},
		{[]float32{1, 0}, []float32{0, 1}, 0, 2, 1},
		{[]float32{1, 1}, []float32{-1, -1}, -2, 8, 2},
		{[]float32{3, 4}, []float32{3, 4}, 25, 0, 0},
	}
	// Lengths around every unrolling boundary, with exact small integers.
	for _, n := range []int{7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 128, 129} {
		a, b := make([]float32, n), make([]float32, n)
		var dot, l2, na, nb float64
		for i := range n {
			a[i], b[i] = float32(i%7-3), float32(i%5-2)
			dot += float64(a[i] * b[i])
			d := float64(a[i] - b[i])
			l2 += d * d
			na += float64(a[i] * a[i])
			nb += float64(b[i] * b[i])
		}
		cases = append(cases, struct {
			a, b           []float32
			dot, l2sq, cos float64
		}{a, b, dot, l2, 1 - dot/math.Sqrt(na*nb)})
	}
	for _, c := range cases {
		for _, im := range impls() {
			name := fmt.Sprintf("%s/len%d", im.name, len(c.a))
			if got := float64(im.dot(c.a, c.b)); got != c.dot {
				t.Errorf("%s: dot = %v, want %v", name, got, c.dot)
			}
			if got := float64(im.l2sq(c.a, c.b)); got != c.l2sq {
				t.Errorf("%s: l2sq = %v, want %v", name, got, c.l2sq)
			}
			d, na, nb := im.dotNorms(c.a, c.b)
			if float64(d) != c.dot || float64(na) != refDot(c.a, c.a) || float64(nb) != refDot(c.b, c.b) {
				t.Errorf("%s: dotNorms = %v %v %v", name, d, na, nb)
			}
		}
		if got := CosineDistance(c.a, c.b); !sameFloat(got, c.cos, 1e-6) {
			t.Errorf("len%d: cosine = %v, want %v", len(c.a), got, c.cos)
		}
		if got, want := L2(c.a, c.b), math.Sqrt(c.l2sq); got != want {
			t.Errorf("len%d: l2 = %v, want %v", len(c.a), got, want)
		}
		if got := NegativeInnerProduct(c.a, c.b); got != -c.dot && !(got == 0 && c.dot == 0) {
			t.Errorf("len%d: <#> = %v, want %v", len(c.a), got, -c.dot)
		}
	}
}

func sameFloat(a, b, tol float64) bool {
	if a == b {
		return true
	}
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

func TestZeroVectors(t *testing.T) {
	z := make([]float32, 20)
	x := make([]float32, 20)
	x[3] = 1
	for _, pair := range [][2][]float32{{z, x}, {x, z}, {z, z}} {
		if d := CosineDistance(pair[0], pair[1]); !math.IsNaN(d) {
			t.Errorf("cosine with a zero vector = %v, want NaN (as pgvector)", d)
		}
	}
	if d := L2(z, x); d != 1 {
		t.Errorf("l2 = %v", d)
	}
	if n := Norm(z); n != 0 {
		t.Errorf("norm = %v", n)
	}
	if Normalize(z) != nil {
		t.Error("Normalize(zero) != nil")
	}
	if d := CosineDistance(x, x); d != 0 {
		t.Errorf("cosine(x, x) = %v", d)
	}
}

func TestCheckDims(t *testing.T) {
	err := CheckDims([]float32{1, 2}, []float32{1, 2, 3})
	if errs.Code(err) != errs.DataException || err.Error() != "different vector dimensions 2 and 3" {
		t.Fatalf("err = %v (%s)", err, errs.Code(err))
	}
	if _, err := Distance(MetricL2, []float32{1}, []float32{1, 2}); errs.Code(err) != errs.DataException {
		t.Fatalf("Distance: %v", err)
	}
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatal("not an *errs.Error")
	}
}

// bound is the documented error bound: (n+8)·(2⁻²³·Σ|terms| + 2⁻¹⁴⁹).
func bound(n int, absSum float64) float64 {
	return float64(n+8) * (math.Ldexp(1, -23)*absSum + math.Ldexp(1, -149))
}

func TestKernelsProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(0, 300).Draw(rt, "n")
		scale := rapid.SampledFrom([]float64{1e-3, 1, 1e3}).Draw(rt, "scale")
		elem := rapid.Float64Range(-1, 1)
		a, b := make([]float32, n), make([]float32, n)
		for i := range n {
			a[i] = float32(elem.Draw(rt, "a") * scale)
			b[i] = float32(elem.Draw(rt, "b") * scale)
		}
		var absDot, absL2, absA, absB float64
		for i := range n {
			absDot += math.Abs(float64(a[i]) * float64(b[i]))
			d := float64(a[i]) - float64(b[i])
			absL2 += d * d
			absA += float64(a[i]) * float64(a[i])
			absB += float64(b[i]) * float64(b[i])
		}
		for _, im := range impls() {
			if got, want := float64(im.dot(a, b)), refDot(a, b); math.Abs(got-want) > bound(n, absDot) {
				rt.Fatalf("%s dot: %v vs ref %v (bound %v)", im.name, got, want, bound(n, absDot))
			}
			if got, want := float64(im.l2sq(a, b)), refL2Squared(a, b); math.Abs(got-want) > bound(n, absL2) {
				rt.Fatalf("%s l2sq: %v vs ref %v", im.name, got, want)
			}
			d, na, nb := im.dotNorms(a, b)
			if math.Abs(float64(d)-refDot(a, b)) > bound(n, absDot) ||
				math.Abs(float64(na)-absA) > bound(n, absA) || math.Abs(float64(nb)-absB) > bound(n, absB) {
				rt.Fatalf("%s dotNorms: %v %v %v", im.name, d, na, nb)
			}
		}
		// Cosine: relative error of the similarity is bounded by the dot
		// and norm errors; while the squared norms are normal float32
		// numbers (not subnormal), 1e-4 absolute is ample for n ≤ 300.
		if absA > 1e-30 && absB > 1e-30 {
			if got, want := CosineDistance(a, b), refCosineDistance(a, b); math.Abs(got-want) > 1e-4 {
				rt.Fatalf("cosine: %v vs ref %v", got, want)
			}
		}
	})
}

func benchVectors(n int) ([]float32, []float32) {
	r := rand.New(rand.NewPCG(1, 2))
	a, b := make([]float32, n), make([]float32, n)
	for i := range n {
		a[i], b[i] = r.Float32(), r.Float32()
	}
	return a, b
}

var sink float64

func BenchmarkKernels(b *testing.B) {
	type k struct {
		name string
		f    func(a, b []float32) float64
	}
	ks := []k{
		{"dot/ref64", refDot},
		{"dot/plain", func(a, b []float32) float64 { return float64(plainDot(a, b)) }},
		{"dot/unrolled", func(a, b []float32) float64 { return float64(dotGo(a, b)) }},
		{"l2sq/ref64", refL2Squared},
		{"l2sq/unrolled", func(a, b []float32) float64 { return float64(l2sqGo(a, b)) }},
		{"cosine/ref64", refCosineDistance},
		{"cosine/unrolled", func(a, b []float32) float64 { d, x, y := dotNormsGo(a, b); return cosineFrom(d, x, y) }},
	}
	if useAVX2 {
		ks = append(ks,
			k{"dot/avx2", func(a, b []float32) float64 { return float64(dotAVX2(a, b)) }},
			k{"l2sq/avx2", func(a, b []float32) float64 { return float64(l2sqAVX2(a, b)) }},
			k{"cosine/avx2", func(a, b []float32) float64 { d, x, y := dotNormsAVX2(a, b); return cosineFrom(d, x, y) }},
		)
	}
	for _, dims := range []int{16, 128, 768} {
		x, y := benchVectors(dims)
		for _, kk := range ks {
			b.Run(fmt.Sprintf("%s/%d", kk.name, dims), func(b *testing.B) {
				for b.Loop() {
					sink += kk.f(x, y)
				}
			})
		}
	}
}
