package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
)

// termProgress draws a one-line progress bar on a terminal and keeps it below the log lines: every log
// line clears the bar, is written, and the bar is drawn again.
type termProgress struct {
	mu    sync.Mutex
	w     io.Writer
	total int
	line  string
}

func (p *termProgress) set(stage string, step int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	const width = 24
	filled := width * (step - 1) / p.total
	p.line = fmt.Sprintf("[%s%s] %d/%d %s", strings.Repeat("█", filled), strings.Repeat("░", width-filled), step, p.total, stage)
	fmt.Fprint(p.w, "\r\x1b[2K"+p.line)
}

// Write is the log writer: clear the bar, write the line, draw the bar again.
func (p *termProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.line != "" {
		fmt.Fprint(p.w, "\r\x1b[2K")
	}
	n, err := p.w.Write(b)
	if p.line != "" {
		fmt.Fprint(p.w, p.line)
	}
	return n, err
}

// done removes the bar.
func (p *termProgress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.line != "" {
		fmt.Fprint(p.w, "\r\x1b[2K")
		p.line = ""
	}
}
