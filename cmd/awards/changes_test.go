package main

import (
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// currentRun is the id of the run `current` points at.
func currentRun(t *testing.T, out string) string {
	t.Helper()
	target, err := os.Readlink(filepath.Join(out, "current"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Base(target)
}

// holdDatabase opens the database in another process — read-write, as the stock DuckDB CLI does by
// default, or read-only as an analyst's script does — and keeps it open until the test ends.
func holdDatabase(t *testing.T, path string, readWrite bool) {
	t.Helper()
	dsn := path + "?access_mode=read_only"
	if readWrite {
		dsn = path
	}
	holder := exec.Command(os.Args[0], "-test.run=^TestHelperHoldDatabase$")
	holder.Env = append(os.Environ(), "AWARDS_HOLD_DB="+dsn)
	stdout, _ := holder.StdoutPipe()
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Process.Kill(); holder.Wait() })
	buf := make([]byte, 64)
	if n, _ := stdout.Read(buf); !strings.Contains(string(buf[:n]), "holding") {
		t.Fatalf("holder did not open the database: %q", buf[:n])
	}
}

// TestHelperHoldDatabase is not a test: the holder process of holdDatabase.
func TestHelperHoldDatabase(t *testing.T) {
	dsn := os.Getenv("AWARDS_HOLD_DB")
	if dsn == "" {
		t.Skip("helper process only")
	}
	db, err := sql.Open("duckdb", dsn)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM decisions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("holding\n")
	time.Sleep(5 * time.Minute)
}

// TestChangesWithThePreviousDatabaseHeldReadWrite: an analyst's client holds the published database open
// read-write, which locks it against any other process; the next run still compares with it — through
// the run's decisions snapshot, or, for a run published before snapshots, through a copy of its file —
// fills changes and records the comparison.
func TestChangesWithThePreviousDatabaseHeldReadWrite(t *testing.T) {
	for _, tc := range []struct {
		name, via string
		prepare   func(t *testing.T, runDir string)
	}{
		{"decisions snapshot", "decisions snapshot", func(*testing.T, string) {}},
		{"database copy", "database copy", func(t *testing.T, runDir string) {
			if err := os.Remove(filepath.Join(runDir, "decisions.parquet")); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			if _, stderr, code := awards(t, "run", "--out", out); code != 0 {
				t.Fatalf("first run exited %d: %s", code, lastLines(stderr, 5))
			}
			first := currentRun(t, out)
			tc.prepare(t, filepath.Join(out, "runs", first))
			published := filepath.Join(out, "awards.duckdb")
			holdDatabase(t, published, true)
			// The hold is real: no other process can open the file, not even read-only.
			if _, stderr, code := awards(t, "query", "--db", published, "SELECT 1"); code == 0 {
				t.Fatalf("the held database could still be opened: %s", stderr)
			}

			// Moving every evaluation date changes who is refused for dishonesty: there are changes to find.
			stdout, stderr, code := awards(t, "run", "--out", out, "--as-of", "2023-01-31")
			if code != 0 {
				t.Fatalf("run while an analyst holds the database read-write exited %d: %s", code, lastLines(stderr, 5))
			}
			if want := "changes since run " + first + " (the previous published run): "; !strings.Contains(stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, stdout)
			}
			db := filepath.Join(out, "runs", currentRun(t, out), "awards.duckdb")
			r := queryCSV(t, db, `SELECT r.compared_with_run_id, r.changes_status, b.compared_via,
				(SELECT count(*) FROM changes WHERE baseline = 'previous' AND compared_with_run_id = r.compared_with_run_id)
				FROM runs r, change_baselines b WHERE b.baseline = 'previous'`)[1]
			if r[0] != first || r[1] != "compared" || r[2] != tc.via || r[3] == "0" {
				t.Errorf("runs/change_baselines/changes: %v; want compared with %s via %s, some changes", r, first, tc.via)
			}
		})
	}
}

// TestSentRunIsTheSecondBaseline: once staff mark a run as sent, later runs also compare with it, and the
// marks are kept in the output folder.
func TestSentRunIsTheSecondBaseline(t *testing.T) {
	out := t.TempDir()
	if _, stderr, code := awards(t, "run", "--out", out); code != 0 {
		t.Fatalf("run 1 exited %d: %s", code, lastLines(stderr, 5))
	}
	sent := currentRun(t, out)
	stdout, stderr, code := awards(t, "sent", "--out", out, sent)
	if code != 0 || !strings.Contains(stdout, "run "+sent+" marked as sent") {
		t.Fatalf("sent exited %d: %s%s", code, stdout, lastLines(stderr, 3))
	}
	if stdout, _, _ := awards(t, "sent", "--out", out, sent); !strings.Contains(stdout, "already marked") {
		t.Errorf("marking twice: %q", stdout)
	}

	// Run 2 differs from run 1 (another evaluation date); run 3 is run 1 again.
	stdout, stderr, code = awards(t, "run", "--out", out, "--as-of", "2023-01-31")
	if code != 0 {
		t.Fatalf("run 2 exited %d: %s", code, lastLines(stderr, 5))
	}
	if want := "changes since run " + sent + " (the last run marked sent, on "; !strings.Contains(stdout, want) {
		t.Errorf("run 2 stdout lacks %q:\n%s", want, stdout)
	}
	second := currentRun(t, out)
	if _, stderr, code := awards(t, "run", "--out", out); code != 0 {
		t.Fatalf("run 3 exited %d: %s", code, lastLines(stderr, 5))
	}
	r := queryCSV(t, filepath.Join(out, "awards.duckdb"), `SELECT
		(SELECT string_agg(baseline || ':' || status || ':' || compared_with_run_id, ' ' ORDER BY baseline) FROM change_baselines),
		(SELECT count(*) FROM changes WHERE baseline = 'previous'),
		(SELECT count(*) FROM changes WHERE baseline = 'sent')`)[1]
	if want := "previous:compared:" + second + " sent:compared:" + sent; r[0] != want {
		t.Errorf("change_baselines %q, want %q", r[0], want)
	}
	if r[1] == "0" || r[2] != "0" {
		t.Errorf("run 3 has %s changes against run 2 and %s against the sent run 1; want some and none", r[1], r[2])
	}
	if stdout, _, code := awards(t, "sent", "--out", out); code != 0 || !strings.Contains(stdout, sent+" marked sent") {
		t.Errorf("listing the marks: exit %d %q", code, stdout)
	}

	t.Run("refusals", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			args []string
			code int
			msg  string
		}{
			{"unknown run", []string{"sent", "--out", out, "20990101T000000Z-000000"}, 66, "no published run"},
			{"ambiguous beginning", []string{"sent", "--out", out, "2"}, 64, "ambiguous"},
			{"no output folder", []string{"sent", "--out", filepath.Join(out, "nope"), sent}, 66, "no published runs"},
		} {
			_, stderr, code := awards(t, tc.args...)
			if code != tc.code || !strings.Contains(lastLines(stderr, 1), tc.msg) {
				t.Errorf("%s: exit %d %q, want %d and %q", tc.name, code, lastLines(stderr, 1), tc.code, tc.msg)
			}
		}
		// While a run holds the output folder, marking waits for it to finish: exit 75.
		f, err := os.OpenFile(filepath.Join(out, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			t.Fatal(err)
		}
		if _, stderr, code := awards(t, "sent", "--out", out, second); code != 75 {
			t.Errorf("sent while locked: exit %d %s, want 75", code, lastLines(stderr, 1))
		}
	})
}
