package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

const workbookName = "高精尖资金免申即享奖励名单-2022.xlsx"

// publishedHashes returns the SHA-256 of the files the user-facing names resolve to.
func publishedHashes(t *testing.T, out string) map[string]string {
	t.Helper()
	h := map[string]string{}
	for _, n := range []string{"awards.duckdb", workbookName} {
		b, err := os.ReadFile(filepath.Join(out, n))
		if err != nil {
			t.Fatalf("read published %s: %v", n, err)
		}
		s := sha256.Sum256(b)
		h[n] = hex.EncodeToString(s[:])
	}
	return h
}

func startAwards(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "AWARDS_AS_MAIN=1")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func TestKilledRunLeavesPreviousOutputsIntact(t *testing.T) {
	out := t.TempDir()
	start := time.Now()
	if _, stderr, code := awards(t, "run", "--out", out); code != 0 {
		t.Fatalf("first run exited %d: %s", code, lastLines(stderr, 5))
	}
	took := time.Since(start)
	before := publishedHashes(t, out)
	// Kill runs at moments spread over a run's length: while loading, deciding, writing the workbook,
	// publishing.
	for _, pct := range []int{5, 20, 35, 50, 65, 80, 95} {
		after := took * time.Duration(pct) / 100
		cmd := startAwards(t, "run", "--out", out)
		time.Sleep(after)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		now := publishedHashes(t, out)
		for n, h := range before {
			if now[n] != h {
				// A run that finished before the kill published a complete new pair: check it is a pair.
				if cur, err := os.Readlink(filepath.Join(out, "current")); err == nil && !strings.Contains(cur, ".tmp-") {
					before = now
					break
				}
				t.Fatalf("kill after %v changed published %s", after, n)
			}
		}
	}
	if _, stderr, code := awards(t, "run", "--out", out); code != 0 {
		t.Fatalf("run after kills exited %d: %s", code, lastLines(stderr, 5))
	}
	entries, _ := os.ReadDir(filepath.Join(out, "runs"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("leftover staging folder %s after a successful run", e.Name())
		}
	}
}

func TestReadOnlyHolderDoesNotBlockTheNextRun(t *testing.T) {
	out := t.TempDir()
	if _, stderr, code := awards(t, "run", "--out", out); code != 0 {
		t.Fatalf("first run exited %d: %s", code, lastLines(stderr, 5))
	}
	// An analyst holds the published database open read-only, in another process.
	holdDatabase(t, filepath.Join(out, "awards.duckdb"), false)
	firstRun, _ := os.Readlink(filepath.Join(out, "current"))
	if _, stderr, code := awards(t, "run", "--out", out); code != 0 {
		t.Fatalf("run while a reader holds the database exited %d: %s", code, lastLines(stderr, 5))
	}
	secondRun, _ := os.Readlink(filepath.Join(out, "current"))
	if firstRun == secondRun {
		t.Errorf("current still points at %s after the second run", firstRun)
	}
}

func TestSecondRunOnLockedFolderExits75(t *testing.T) {
	out := t.TempDir()
	f, err := os.OpenFile(filepath.Join(out, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := awards(t, "run", "--out", out)
	if code != 75 {
		t.Fatalf("exit %d, want 75 (locked); stderr: %s", code, lastLines(stderr, 3))
	}
	if !strings.Contains(lastLines(stderr, 1), "locked") {
		t.Errorf("message does not say the folder is locked: %s", lastLines(stderr, 1))
	}
}

func TestDryRunAndChangesAgainstThePublishedRun(t *testing.T) {
	out := t.TempDir()
	if stdout, stderr, code := awards(t, "run", "--out", out); code != 0 {
		t.Fatalf("first run exited %d: %s", code, lastLines(stderr, 5))
	} else if !strings.Contains(stdout, "no earlier published run") {
		t.Errorf("first run should say there is nothing to compare with:\n%s", stdout)
	}
	before := publishedHashes(t, out)
	current, _ := os.Readlink(filepath.Join(out, "current"))

	// Moving every evaluation date to the annual round's date changes who is refused for dishonesty.
	stdout, stderr, code := awards(t, "run", "--out", out, "--dry-run", "--as-of", "2023-01-31")
	if code != 0 {
		t.Fatalf("dry run exited %d: %s", code, lastLines(stderr, 5))
	}
	if !strings.Contains(stdout, "changes since run") || !strings.Contains(stdout, "dry run") {
		t.Errorf("dry run output lacks the change summary:\n%s", stdout)
	}
	if now, _ := os.Readlink(filepath.Join(out, "current")); now != current {
		t.Errorf("dry run switched current from %s to %s", current, now)
	}
	for n, h := range publishedHashes(t, out) {
		if before[n] != h {
			t.Errorf("dry run changed the published %s", n)
		}
	}

	// The same change, published: the changes table says who left and who entered.
	if _, stderr, code := awards(t, "run", "--out", out, "--as-of", "2023-01-31"); code != 0 {
		t.Fatalf("second run exited %d: %s", code, lastLines(stderr, 5))
	}
	db := filepath.Join(out, "awards.duckdb")
	changes := queryCSV(t, db, `SELECT count(*) FROM changes`)
	diff := queryCSV(t, db, `
		SELECT count(*) FROM changes WHERE change IN (SELECT change FROM change_kinds)
			AND (change <> 'changed' OR tier_changed OR amount_changed)`)
	if changes[1][0] == "0" || changes[1][0] != diff[1][0] {
		t.Errorf("changes table: %v rows, %v of known kinds; want some, all of known kinds", changes[1][0], diff[1][0])
	}
}

func TestHistoryExportFeedsTheNextBatch(t *testing.T) {
	tmp := t.TempDir()
	batch := filepath.Join(tmp, "batch")
	if _, stderr, code := awards(t, "gen", "--demo", "--out", batch); code != 0 {
		t.Fatalf("gen --demo exited %d: %s", code, stderr)
	}
	out := filepath.Join(tmp, "out")
	if _, stderr, code := awards(t, "run", "--input", batch, "--out", out); code != 0 {
		t.Fatalf("run exited %d: %s", code, lastLines(stderr, 5))
	}
	db := filepath.Join(out, "awards.duckdb")
	paidD10 := queryCSV(t, db, `SELECT credit_code FROM decisions WHERE rule_id LIKE 'D10-%' AND paid_yuan > 0 ORDER BY 1`)
	if len(paidD10) < 2 {
		t.Fatal("demo pays no direction-10 award")
	}
	hist := filepath.Join(tmp, "history.csv")
	if _, stderr, code := awards(t, "history", "export", "--db", db, "--out", hist); code != 0 {
		t.Fatalf("history export exited %d: %s", code, stderr)
	}
	// Next year's batch: last year's paid roster is this year's prior_awards input. The demo's policy
	// year is 2022, so the export is relabelled as the 2021 round to stand for "an earlier policy year".
	b, _ := os.ReadFile(hist)
	lines := strings.Split(string(b), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.Replace(lines[i], ",2022,", ",2021,", 1)
	}
	// Replace the demo's own prior-awards file so the exported one is the only source.
	os.WriteFile(filepath.Join(batch, "已兑付奖励_导出.csv"), []byte(strings.Join(lines, "\n")), 0o644)
	out2 := filepath.Join(tmp, "out2")
	if _, stderr, code := awards(t, "run", "--input", batch, "--out", out2); code != 0 {
		t.Fatalf("rerun with history exited %d: %s", code, lastLines(stderr, 5))
	}
	db2 := filepath.Join(out2, "awards.duckdb")
	for _, r := range paidD10[1:] {
		got := queryCSV(t, db2, `SELECT string_agg(DISTINCT outcome, ',') || '|' || bool_and(reasons LIKE '%already_awarded%')
			FROM decisions WHERE rule_id LIKE 'D10-%' AND credit_code = '`+r[0]+`'`)
		if got[1][0] != "refused|true" {
			t.Errorf("%s was paid a direction-10 award last round; now %s, want refused with already_awarded", r[0], got[1][0])
		}
	}
}

func TestTwoRunsStartedTogetherOneIsRefused(t *testing.T) {
	out := t.TempDir()
	first := startAwards(t, "run", "--out", out)
	// Wait until the first run has created its lock file (it locks it in the same breath).
	for i := 0; i < 200; i++ {
		if _, err := os.Stat(filepath.Join(out, ".lock")); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(30 * time.Millisecond)
	_, stderr, code := awards(t, "run", "--out", out)
	first.Wait()
	if code != 75 {
		t.Fatalf("second run started while the first was running: exit %d, want 75; stderr: %s", code, lastLines(stderr, 3))
	}
	if first.ProcessState.ExitCode() != 0 {
		t.Errorf("first run exited %d", first.ProcessState.ExitCode())
	}
}
