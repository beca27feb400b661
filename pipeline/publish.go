package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// The output folder holds one folder per published run and a link `current` to the latest; the names
// users know (awards.duckdb, the workbook) are links through `current`. Publishing renames a new link
// over `current`, a single atomic step, so a reader resolves either the old pair of files or the new
// pair, never a mix, and a run killed at any moment leaves the previous pair untouched.
const (
	runsDir     = "runs"
	currentLink = "current"
	tmpPrefix   = ".tmp-"
	dbName      = "awards.duckdb"
	keepRuns    = 5
)

// outLock is the advisory lock that allows one run per output folder. The kernel releases it when the
// process dies, so a killed run never leaves a stale lock behind.
type outLock struct{ f *os.File }

func lockOut(out string) (*outLock, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	p := filepath.Join(out, ".lock")
	f, err := os.OpenFile(p, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock %s: %w", p, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w", out, ErrLocked)
		}
		return nil, fmt.Errorf("lock %s: %w", p, err)
	}
	return &outLock{f: f}, nil
}

func (l *outLock) release() {
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
}

// cleanRuns removes what killed runs left in the runs folder and returns the folder. Call it holding the
// lock: only one run holds it, so any staging folder present belongs to a run that died.
func cleanRuns(out string) (string, error) {
	runs := filepath.Join(out, runsDir)
	if err := os.MkdirAll(runs, 0o755); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(runs)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			os.RemoveAll(filepath.Join(runs, e.Name()))
		}
	}
	return runs, nil
}

// dryPrefix names the scratch folders of dry runs in the runs folder.
const dryPrefix = ".dry-"

// newDryRunDir creates a dry run's scratch folder in the runs folder and removes those of dry runs that
// were killed: a dry run takes at most minutes, so one older than a day belongs to no live process.
func newDryRunDir(out string, now time.Time) (string, error) {
	runs := filepath.Join(out, runsDir)
	if err := os.MkdirAll(runs, 0o755); err != nil {
		return "", err
	}
	if entries, err := os.ReadDir(runs); err == nil {
		for _, e := range entries {
			if info, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), dryPrefix) && now.Sub(info.ModTime()) > 24*time.Hour {
				os.RemoveAll(filepath.Join(runs, e.Name()))
			}
		}
	}
	return os.MkdirTemp(runs, dryPrefix)
}

// newStagingDir creates the folder a run builds its files in.
func newStagingDir(out, runID string) (string, error) {
	dir := filepath.Join(out, runsDir, tmpPrefix+runID)
	return dir, os.MkdirAll(dir, 0o755)
}

// publish moves a finished staging folder into place and switches `current` to it. names are the files
// of the run folder that get a link of the same name in the output folder.
func publish(out, staging, runID string, names []string) (string, error) {
	final := filepath.Join(out, runsDir, runID)
	if err := os.Rename(staging, final); err != nil {
		return "", fmt.Errorf("publish: %w", err)
	}
	if err := syncDir(filepath.Join(out, runsDir)); err != nil {
		return "", err
	}
	// Stable links first (they point through `current`, so they are valid before and after the switch).
	for _, n := range names {
		if err := replaceLink(filepath.Join(out, n), filepath.Join(currentLink, n)); err != nil {
			return "", err
		}
	}
	if err := replaceLink(filepath.Join(out, currentLink), filepath.Join(runsDir, runID)); err != nil {
		return "", err
	}
	if err := syncDir(out); err != nil {
		return "", err
	}
	removeDanglingLinks(out)
	pruneRuns(out, runID)
	return final, nil
}

// replaceLink points link at target with a rename, which replaces atomically.
func replaceLink(link, target string) error {
	if cur, err := os.Readlink(link); err == nil && cur == target {
		return nil
	}
	tmp := link + ".new"
	os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(tmp, link); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// pruneRuns keeps the newest keepRuns run folders (run ids sort by time), always the current one, and the
// last run marked sent (the baseline of the next runs' changes). When the record of sent runs cannot be
// read, nothing is pruned: a folder removed on a guess cannot be brought back.
func pruneRuns(out, current string) {
	sent, ok := keptBySent(out)
	if !ok {
		return
	}
	runs := filepath.Join(out, runsDir)
	entries, err := os.ReadDir(runs)
	if err != nil {
		return
	}
	var names []string
	for _, e := range entries {
		// Dot folders are staging and dry-run scratch (".tmp-", ".dry-"), never published runs.
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for i := 0; i < len(names)-keepRuns; i++ {
		if names[i] != current && names[i] != sent {
			os.RemoveAll(filepath.Join(runs, names[i]))
		}
	}
}

// removeDanglingLinks drops links into `current` whose file the new run did not write (a district
// workbook of a district that no longer has awards), so no name in the output folder leads nowhere.
func removeDanglingLinks(out string) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(out, e.Name())
		target, err := os.Readlink(p)
		if err != nil || !strings.HasPrefix(target, currentLink+string(filepath.Separator)) {
			continue
		}
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			os.Remove(p)
		}
	}
}
