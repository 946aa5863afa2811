package errs

// SQLSTATEs of window functions and arrays.
const (
	InvalidArgumentForNtile         = "22014"
	InvalidArgumentForNthValue      = "22016"
	InvalidPrecedingOrFollowingSize = "22013"
	WindowingError                  = "42P20"
	ArraySubscriptError             = "2202E"
	DuplicateColumn                 = "42701"
)
