package loaders

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"io"
)

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

// sheetProblem is a problem with one sheet of a workbook: LoadDir reports it as a *FileError naming the
// sheet.
type sheetProblem struct {
	sheet string
	err   error
}

func (p *sheetProblem) Error() string { return "sheet " + p.sheet + ": " + p.err.Error() }
func (p *sheetProblem) Unwrap() error { return p.err }

// asProblem returns err when it already says what is wrong in a sentence (a fileProblem, or a
// sheetProblem), else a fileProblem saying the XML of a part cannot be read.
func asProblem(err error) error {
	var fp *fileProblem
	var sp *sheetProblem
	if errors.As(err, &fp) || errors.As(err, &sp) {
		return err
	}
	return unreadable("its XML cannot be read (%v), so the file is damaged; export it again", err)
}

// partError says in a sentence what is wrong with a zip part that failed while it was inflated or read.
func partError(part string, err error) error {
	var fp *fileProblem
	var ce flate.CorruptInputError
	switch {
	case errors.As(err, &fp):
		return err
	case errors.Is(err, zip.ErrChecksum):
		return unreadable("part %s is damaged: its checksum does not match its content (the file was altered or corrupted in transfer); copy or export the file again", part)
	case errors.Is(err, zip.ErrFormat):
		return unreadable("part %s is damaged: it inflates to more than its declared size; copy or export the file again", part)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &ce):
		return unreadable("part %s is damaged: its compressed data is cut short or corrupt (%v); copy or export the file again", part, err)
	case errors.Is(err, zip.ErrAlgorithm):
		return unreadable("part %s is compressed in a way the loader does not read (an encrypted zip?); save the workbook again as .xlsx", part)
	}
	return unreadable("part %s cannot be read (%v); copy or export the file again", part, err)
}
