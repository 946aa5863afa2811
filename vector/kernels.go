package vector

import (
	"math"

	"github.com/zerodb/zerodb/errs"
)

// The kernels below work on []float32 of equal length; a shorter b panics
// (an index check), as a mismatch is a programming error at this level.
// CheckDims and Distance are the checked entry points for values that
// come from users.
//
// Accuracy: the fast kernels (unrolled Go and assembly) sum in float32 in
// a different order than the reference, which sums in float64. For
// vectors of length n their result r satisfies
//
//	|r − exact| ≤ (n+8) · (2⁻²³ · Σ|aᵢbᵢ| + 2⁻¹⁴⁹)   (Dot; Σ(aᵢ−bᵢ)² for L2Squared)
//
// (the textbook bound for recursive float32 summation, with room for the
// reduction of the partial sums, plus one subnormal unit per operation for
// products that underflow); the property tests check exactly this.

// CheckDims returns the error PostgreSQL's pgvector reports when two
// vectors of different lengths meet (SQLSTATE 22000).
func CheckDims(a, b []float32) error {
	if len(a) != len(b) {
		return dimsError(len(a), len(b))
	}
	return nil
}

func dimsError(a, b int) error {
	return errs.New(errs.DataException, "different vector dimensions %d and %d", a, b)
}

// Dot returns the inner product Σ aᵢbᵢ.
func Dot(a, b []float32) float32 {
	if useAVX2 && len(a) >= asmMin {
		b = b[:len(a)]
		return dotAVX2(a, b)
	}
	return dotGo(a, b)
}

// L2Squared returns the squared Euclidean distance Σ (aᵢ−bᵢ)².
func L2Squared(a, b []float32) float32 {
	if useAVX2 && len(a) >= asmMin {
		b = b[:len(a)]
		return l2sqAVX2(a, b)
	}
	return l2sqGo(a, b)
}

// DotNorms returns Σ aᵢbᵢ, Σ aᵢ² and Σ bᵢ² in one pass.
func DotNorms(a, b []float32) (dot, na, nb float32) {
	if useAVX2 && len(a) >= asmMin {
		b = b[:len(a)]
		return dotNormsAVX2(a, b)
	}
	return dotNormsGo(a, b)
}

// L2 returns the Euclidean distance (pgvector's <->).
func L2(a, b []float32) float64 { return math.Sqrt(float64(L2Squared(a, b))) }

// InnerProduct returns Σ aᵢbᵢ (pgvector's inner_product).
func InnerProduct(a, b []float32) float64 { return float64(Dot(a, b)) }

// NegativeInnerProduct returns −Σ aᵢbᵢ (pgvector's <#>), a distance: the
// larger the inner product, the nearer.
func NegativeInnerProduct(a, b []float32) float64 { return -float64(Dot(a, b)) }

// CosineDistance returns 1 − cos(a, b) (pgvector's <=>), in [0, 2]. When
// either vector is zero the cosine is undefined and the result is NaN, as
// in pgvector (which sorts such rows after every number).
func CosineDistance(a, b []float32) float64 {
	dot, na, nb := DotNorms(a, b)
	return cosineFrom(dot, na, nb)
}

func cosineFrom(dot, na, nb float32) float64 {
	sim := float64(dot) / math.Sqrt(float64(na)*float64(nb))
	// Rounding can push |sim| past 1; clamp as pgvector does (NaN stays).
	if sim > 1 {
		sim = 1
	} else if sim < -1 {
		sim = -1
	}
	return 1 - sim
}

// Norm returns the Euclidean norm √Σ aᵢ² (pgvector's vector_norm).
func Norm(a []float32) float64 { return math.Sqrt(float64(Dot(a, a))) }

// Normalize returns a/|a| as a new slice, or nil when a is zero.
func Normalize(a []float32) []float32 {
	n := Norm(a)
	if n == 0 || math.IsNaN(n) {
		return nil
	}
	out := make([]float32, len(a))
	inv := 1 / n
	for i, x := range a {
		out[i] = float32(float64(x) * inv)
	}
	return out
}

// Reference implementations: plain loops summing in float64. They are the
// yardstick of the tests, not used on any hot path.

func refDot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func refL2Squared(a, b []float32) float64 {
	var s float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		s += d * d
	}
	return s
}

func refCosineDistance(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	sim := dot / math.Sqrt(na*nb)
	if sim > 1 {
		sim = 1
	} else if sim < -1 {
		sim = -1
	}
	return 1 - sim
}

// Unrolled Go: eight lanes per iteration into four independent
// accumulators, so the adds of consecutive lanes do not wait on each other.

func dotGo(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	for len(a) >= 8 {
		s0 += a[0]*b[0] + a[4]*b[4]
		s1 += a[1]*b[1] + a[5]*b[5]
		s2 += a[2]*b[2] + a[6]*b[6]
		s3 += a[3]*b[3] + a[7]*b[7]
		a, b = a[8:], b[8:len(a)]
	}
	for i := range a {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func l2sqGo(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	for len(a) >= 8 {
		d0, d1, d2, d3 := a[0]-b[0], a[1]-b[1], a[2]-b[2], a[3]-b[3]
		d4, d5, d6, d7 := a[4]-b[4], a[5]-b[5], a[6]-b[6], a[7]-b[7]
		s0 += d0*d0 + d4*d4
		s1 += d1*d1 + d5*d5
		s2 += d2*d2 + d6*d6
		s3 += d3*d3 + d7*d7
		a, b = a[8:], b[8:len(a)]
	}
	for i := range a {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

func dotNormsGo(a, b []float32) (dot, na, nb float32) {
	b = b[:len(a)]
	var d0, d1, a0, a1, b0, b1 float32
	for len(a) >= 4 {
		d0 += a[0]*b[0] + a[2]*b[2]
		d1 += a[1]*b[1] + a[3]*b[3]
		a0 += a[0]*a[0] + a[2]*a[2]
		a1 += a[1]*a[1] + a[3]*a[3]
		b0 += b[0]*b[0] + b[2]*b[2]
		b1 += b[1]*b[1] + b[3]*b[3]
		a, b = a[4:], b[4:len(a)]
	}
	for i := range a {
		d0 += a[i] * b[i]
		a0 += a[i] * a[i]
		b0 += b[i] * b[i]
	}
	return d0 + d1, a0 + a1, b0 + b1
}

// plainDot is the simplest float32 loop, kept only so the benchmarks can
// show what the unrolling buys.
func plainDot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
