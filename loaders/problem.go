package loaders

import "fmt"

// fileProblem is a verdict on a file, sheet or row that stops the run. Its text is the sentence a person
// reads after the file's name (see FileError): what is wrong and what to do. It wraps the sentinel that
// picks the exit code, which is not printed.
type fileProblem struct {
	cause error
	msg   string
}

func (p *fileProblem) Error() string { return p.msg }
func (p *fileProblem) Unwrap() error { return p.cause }

// unreadable is a fileProblem wrapping ErrUnreadable.
func unreadable(format string, args ...any) error {
	return &fileProblem{cause: ErrUnreadable, msg: fmt.Sprintf(format, args...)}
}

// unrecognised is a fileProblem wrapping ErrUnrecognised.
func unrecognised(format string, args ...any) error {
	return &fileProblem{cause: ErrUnrecognised, msg: fmt.Sprintf(format, args...)}
}
