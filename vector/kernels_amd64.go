//go:build amd64 && !purego

package vector

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly kernels: AVX2 and FMA, with the OS saving
// the YMM state (x/sys/cpu checks that too).
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// asmMin is the shortest vector the assembly is used for: below it the
// call overhead is not repaid.
const asmMin = 16

//go:noescape
func dotAVX2(a, b []float32) float32

//go:noescape
func l2sqAVX2(a, b []float32) float32

//go:noescape
func dotNormsAVX2(a, b []float32) (dot, na, nb float32)
