//go:build !amd64 || purego

package vector

const (
	useAVX2 = false
	asmMin  = 0
)

func dotAVX2(a, b []float32) float32                    { return dotGo(a, b) }
func l2sqAVX2(a, b []float32) float32                   { return l2sqGo(a, b) }
func dotNormsAVX2(a, b []float32) (dot, na, nb float32) { return dotNormsGo(a, b) }
