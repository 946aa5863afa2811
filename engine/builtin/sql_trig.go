package builtin

import "math"

// The trigonometric functions in degrees (sind, cosd, ... atan2d) work as
// PostgreSQL's float.c does: the angle is brought into the first
// quadrant, and the radians result is scaled by the value the same
// function has at 30, 45 or 60 degrees, so that the angles a user
// writes by hand give exact answers (sind(30) is 0.5, tand(45) 1, not
// 0.49999999999999994 and 0.9999999999999999). Infinite angles are out
// of range (floatMath reports the NaN these return for them).

// radiansPerDegree is a float64 variable, not a constant: the scale
// factors below must be rounded as the runtime products they divide are
// (30*radiansPerDegree folded as an exact constant differs in its last
// bit, and sind(30) would not be 0.5).
var radiansPerDegree = math.Pi / 180

var (
	sin30         = math.Sin(30 * radiansPerDegree)
	oneMinusCos60 = 1 - math.Cos(60*radiansPerDegree)
	asin05        = math.Asin(0.5)
	acos05        = math.Acos(0.5)
	atan1         = math.Atan(1)
)

// sind0To30 is sin(x degrees) for x in [0, 30].
func sind0To30(x float64) float64 {
	return (math.Sin(x*radiansPerDegree) / sin30) / 2
}

// cosd0To60 is cos(x degrees) for x in [0, 60].
func cosd0To60(x float64) float64 {
	return 1 - ((1-math.Cos(x*radiansPerDegree))/oneMinusCos60)/2
}

// sindQ1 is sin(x degrees) for x in [0, 90].
func sindQ1(x float64) float64 {
	if x <= 30 {
		return sind0To30(x)
	}
	return cosd0To60(90 - x)
}

// cosdQ1 is cos(x degrees) for x in [0, 90].
func cosdQ1(x float64) float64 {
	if x <= 60 {
		return cosd0To60(x)
	}
	return sind0To30(90 - x)
}

// firstQuadrant brings an angle in degrees into [0, 90], with the signs
// its sine and cosine take there; ok is false for NaN and infinities.
func firstQuadrant(x float64) (q, sinSign, cosSign float64, ok bool) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, 0, 0, false
	}
	sinSign, cosSign = 1, 1
	x = math.Mod(x, 360)
	if x < 0 {
		x, sinSign = -x, -sinSign
	}
	if x > 180 {
		x, sinSign = 360-x, -sinSign
	}
	if x > 90 {
		x, cosSign = 180-x, -cosSign
	}
	return x, sinSign, cosSign, true
}

// degreesOrNaN gives NaN for a NaN angle and for an infinite one (which
// floatMath then reports as out of range), else f of it.
func degreesOrNaN(f func(q, sinSign, cosSign float64) float64) func(float64) float64 {
	return func(x float64) float64 {
		q, s, c, ok := firstQuadrant(x)
		if !ok {
			return math.NaN()
		}
		return f(q, s, c)
	}
}

var (
	sind = degreesOrNaN(func(q, s, _ float64) float64 { return s * sindQ1(q) })
	cosd = degreesOrNaN(func(q, _, c float64) float64 { return c * cosdQ1(q) })
	tand = degreesOrNaN(func(q, s, c float64) float64 {
		t := (sindQ1(q) / cosdQ1(q)) / (sindQ1(45) / cosdQ1(45))
		return zeroNotNegative(s * c * t)
	})
	cotd = degreesOrNaN(func(q, s, c float64) float64 {
		t := (cosdQ1(q) / sindQ1(q)) / (cosdQ1(45) / sindQ1(45))
		return zeroNotNegative(s * c * t)
	})
)

// zeroNotNegative turns -0 into 0, as PostgreSQL's tand and cotd do.
func zeroNotNegative(x float64) float64 {
	if x == 0 {
		return 0
	}
	return x
}

// asindQ1 and acosdQ1 are asin and acos in degrees of x in [0, 1].
func asindQ1(x float64) float64 {
	if x <= 0.5 {
		return (math.Asin(x) / asin05) * 30
	}
	return 90 - (math.Acos(x)/acos05)*60
}

func acosdQ1(x float64) float64 {
	if x <= 0.5 {
		return 90 - (math.Asin(x)/asin05)*30
	}
	return (math.Acos(x) / acos05) * 60
}

// asind and acosd give NaN (out of range) outside [-1, 1].
func asind(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < -1 || x > 1:
		return math.NaN()
	case x >= 0:
		return asindQ1(x)
	}
	return -asindQ1(-x)
}

func acosd(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < -1 || x > 1:
		return math.NaN()
	case x >= 0:
		return acosdQ1(x)
	}
	return 90 + asindQ1(-x)
}

func atand(x float64) float64 { return (math.Atan(x) / atan1) * 45 }

func atan2d(y, x float64) float64 { return (math.Atan2(y, x) / atan1) * 45 }

// cot is 1/tan(x): +Inf at 0, as PostgreSQL's.
func cot(x float64) float64 { return 1 / math.Tan(x) }
