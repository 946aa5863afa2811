package errs

// Notice is a message sent to the client without ending the statement,
// PostgreSQL's NoticeResponse: a NOTICE, WARNING or INFO (Severity) with
// its SQLSTATE and, like an Error, an optional detail and hint.
type Notice struct {
	Severity string
	Code     string
	Message  string
	Detail   string
	Hint     string
}
