package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// sentFile records, in the output folder, the runs staff have marked as sent (`awards sent RUN_ID`): the
// roster that left the building. Once a run is marked, each later run's changes also compare with the
// last run marked (baseline 'sent'), and its run folder is kept whatever the number of newer runs.
const sentFile = "sent.json"

// SentMark is one run marked as sent.
type SentMark struct {
	RunID    string    `json:"run_id"`
	MarkedAt time.Time `json:"marked_at"`
}

type sentRecord struct {
	// Sent lists the marks in the order they were made; the last is the baseline.
	Sent []SentMark `json:"sent"`
}

// readSent returns the marks of the output folder, oldest first; none when nothing was marked. A file
// that cannot be read is an error: a comparison against a guessed baseline would mislead.
func readSent(out string) ([]SentMark, error) {
	p := filepath.Join(out, sentFile)
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read: %v", p, err)
	}
	var r sentRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s is not a valid record of sent runs: %v", p, err)
	}
	for _, m := range r.Sent {
		if m.RunID == "" || m.MarkedAt.IsZero() {
			return nil, fmt.Errorf("%s has an entry without run_id or marked_at", p)
		}
	}
	return r.Sent, nil
}

// SentRuns lists the runs marked as sent in the output folder, oldest mark first.
func SentRuns(out string) ([]SentMark, error) {
	marks, err := readSent(out)
	if err != nil {
		return nil, fmt.Errorf("%v: %w", err, ErrBadData)
	}
	return marks, nil
}

// MarkSent records that a published run was sent. run is its id, or an unambiguous beginning of it. It
// returns the mark and whether the run was already marked (then nothing changes). It takes the output
// folder's lock, so that no run prunes the run folder while it is being marked.
func MarkSent(out, run string, now time.Time) (SentMark, bool, error) {
	if _, err := os.Stat(filepath.Join(out, runsDir)); err != nil {
		return SentMark{}, false, fmt.Errorf("%s has no published runs: %w", out, ErrNoInput)
	}
	lock, err := lockOut(out)
	if err != nil {
		return SentMark{}, false, err
	}
	defer lock.release()
	// What a killed mark left behind (the record itself is only ever replaced whole).
	if stale, _ := filepath.Glob(filepath.Join(out, ".tmp-"+sentFile+"-*")); len(stale) > 0 {
		for _, f := range stale {
			os.Remove(f)
		}
	}
	id, err := resolveRun(out, run)
	if err != nil {
		return SentMark{}, false, err
	}
	marks, err := readSent(out)
	if err != nil {
		return SentMark{}, false, fmt.Errorf("%v (fix or remove it, then mark again): %w", err, ErrBadData)
	}
	for _, m := range marks {
		if m.RunID == id {
			return m, true, nil
		}
	}
	m := SentMark{RunID: id, MarkedAt: now}
	b, err := json.MarshalIndent(sentRecord{Sent: append(marks, m)}, "", "  ")
	if err != nil {
		return SentMark{}, false, err
	}
	if err := writeFileAtomic(filepath.Join(out, sentFile), append(b, '\n')); err != nil {
		return SentMark{}, false, fmt.Errorf("record the sent run: %w", err)
	}
	return m, false, nil
}

// resolveRun finds the published run folder a run id (or an unambiguous beginning of one) names.
func resolveRun(out, run string) (string, error) {
	run = strings.TrimSpace(run)
	entries, err := os.ReadDir(filepath.Join(out, runsDir))
	if err != nil {
		return "", fmt.Errorf("runs of %s: %w", out, err)
	}
	var ids, matches []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || strings.HasPrefix(n, ".") {
			continue
		}
		if _, err := os.Stat(filepath.Join(out, runsDir, n, dbName)); err != nil {
			continue
		}
		ids = append(ids, n)
		if n == run {
			return n, nil
		}
		if run != "" && strings.HasPrefix(n, run) {
			matches = append(matches, n)
		}
	}
	sort.Strings(ids)
	switch {
	case len(matches) == 1:
		return matches[0], nil
	case len(matches) > 1:
		return "", fmt.Errorf("run %q is ambiguous: it begins %s: %w", run, strings.Join(matches, ", "), ErrUsage)
	}
	return "", fmt.Errorf("no published run %q in %s (published runs: %s): %w", run, filepath.Join(out, runsDir),
		strings.Join(ids, ", "), ErrNoInput)
}

// writeFileAtomic writes data under a temporary name, syncs it and renames it into place: a reader sees
// the old file or the new one, never a part.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return syncDir(filepath.Dir(path))
}

// keptBySent is the run folder that pruning must keep: the last run marked sent, the baseline of the
// next runs' changes. ok is false when the record cannot be read; then nothing may be pruned.
func keptBySent(out string) (string, bool) {
	marks, err := readSent(out)
	if err != nil {
		return "", false
	}
	if len(marks) == 0 {
		return "", true
	}
	return marks[len(marks)-1].RunID, true
}
