package vector

import (
	"fmt"

	"github.com/zerodb/zerodb/errs"
)

// Metric is a distance function. Distances are what pgvector's operators
// return: smaller is nearer.
type Metric uint8

const (
	// MetricL2 is the Euclidean distance (<->). The index ranks by the
	// squared distance and reports the distance.
	MetricL2 Metric = iota + 1
	// MetricInnerProduct is the negative inner product (<#>).
	MetricInnerProduct
	// MetricCosine is the cosine distance 1 − cos (<=>). Zero vectors have
	// no direction: their distance to anything is NaN, and an index does
	// not hold them (see Index.Insert).
	MetricCosine
)

func (m Metric) String() string {
	switch m {
	case MetricL2:
		return "l2"
	case MetricInnerProduct:
		return "inner_product"
	case MetricCosine:
		return "cosine"
	}
	return fmt.Sprintf("Metric(%d)", uint8(m))
}

func (m Metric) valid() bool { return m >= MetricL2 && m <= MetricCosine }

// Distance returns the distance between a and b under m, or 22000 when
// their dimensions differ.
func Distance(m Metric, a, b []float32) (float64, error) {
	if err := CheckDims(a, b); err != nil {
		return 0, err
	}
	switch m {
	case MetricL2:
		return L2(a, b), nil
	case MetricInnerProduct:
		return NegativeInnerProduct(a, b), nil
	case MetricCosine:
		return CosineDistance(a, b), nil
	}
	return 0, errs.New(errs.InvalidParameterValue, "vector: unknown metric %d", m)
}
