package errs

// SQLSTATEs of window functions and arrays.
const (
	InvalidArgumentForNtile         = "22014"
	InvalidArgumentForNthValue      = "22016"
	InvalidPrecedingOrFollowingSize = "22013"
	WindowingError                  = "42P20"
	ArraySubscriptError             = "2202E"
	DuplicateColumn                 = "42701"
	// NameTooLong is 42622 (ltree's label string is too long).
	NameTooLong = "42622"
)

// SQLSTATEs of SQL/JSON path evaluation (PostgreSQL's 2203x class).
const (
	InvalidArgumentForSQLJSONDatetime = "22031"
	InvalidSQLJSONSubscript           = "22033"
	NonNumericSQLJSONItem             = "22036"
	SingletonSQLJSONItemRequired      = "22038"
	SQLJSONArrayNotFound              = "22039"
	SQLJSONMemberNotFound             = "2203A"
	SQLJSONNumberNotFound             = "2203B"
	SQLJSONObjectNotFound             = "2203C"
	SQLJSONScalarRequired             = "2203F"
	UntranslatableCharacter           = "22P05"
	CharacterNotInRepertoire          = "22021"
)

// SQLSTATEs of the bit string types.
const (
	StringDataLengthMismatch = "22026"
)
