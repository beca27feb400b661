package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeAnalystSectionIsTrue runs what README.md's "For analysts" section tells an analyst to type,
// on a fresh output folder of two demo runs: every `go run ./cmd/awards` command line (as this test
// binary, from the folder holding out/), and every SQL statement, in order, on one read-only connection
// to out/awards.duckdb, the example run id replaced by the first run's. The DuckDB CLI is not installed
// where the tests run: its lines are checked to open the file read-only.
func TestReadmeAnalystSectionIsTrue(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "\n## For analysts\n")
	if start < 0 {
		t.Fatal(`README.md has no "## For analysts" section`)
	}
	section := text[start+1:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}

	work := t.TempDir()
	for i, args := range [][]string{{"run", "--out", "out"}, {"run", "--out", "out", "--as-of", "2023-01-31"}} {
		cmd := startCmd(args...)
		cmd.Dir = work
		if outb, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("demo run %d: %v\n%s", i+1, err, lastLines(string(outb), 5))
		}
	}
	entries, err := os.ReadDir(filepath.Join(work, "out", "runs"))
	if err != nil || len(entries) < 2 {
		t.Fatalf("run folders: %v %v", entries, err)
	}
	first := entries[0].Name()
	runID := regexp.MustCompile(`\d{8}T\d{6}Z-[0-9a-f]{6}`)

	blocks := regexp.MustCompile("(?s)```(sh|sql)\n(.*?)```").FindAllStringSubmatch(section, -1)
	var commands, statements int
	db, err := sql.Open("duckdb", filepath.Join(work, "out", "awards.duckdb")+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // ATTACH and SET hold for the statements after them
	for _, blk := range blocks {
		body := runID.ReplaceAllString(blk[2], first)
		if blk[1] == "sh" {
			for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
				switch {
				case strings.HasPrefix(line, "duckdb "):
					if !strings.Contains(line, "-readonly") {
						t.Errorf("README opens the database read-write: %s", line)
					}
				case strings.HasPrefix(line, "go run ./cmd/awards "):
					commands++
					runReadmeCommand(t, work, strings.TrimPrefix(line, "go run ./cmd/awards "))
				default:
					t.Errorf("README command this test cannot check: %s", line)
				}
			}
			continue
		}
		for _, stmt := range strings.Split(body, ";\n") {
			stmt = strings.TrimSpace(stmt)
			if stmt == "" {
				continue
			}
			statements++
			stmt = strings.ReplaceAll(stmt, "'out/", "'"+filepath.Join(work, "out")+"/")
			rows, err := db.Query(stmt)
			if err != nil {
				t.Errorf("README statement fails: %v\n%s", err, stmt)
				continue
			}
			for rows.Next() {
			}
			if err := rows.Err(); err != nil {
				t.Errorf("README statement fails: %v\n%s", err, stmt)
			}
			rows.Close()
		}
	}
	// Inline commands the text names.
	for _, m := range regexp.MustCompile("`go run ./cmd/awards ([^`]*)`").FindAllStringSubmatch(runID.ReplaceAllString(section, first), -1) {
		commands++
		runReadmeCommand(t, work, m[1])
	}
	if commands < 4 || statements < 6 {
		t.Errorf("checked %d commands and %d statements; the section lost its examples?", commands, statements)
	}
}

// runReadmeCommand runs one README command line (words, "quoted words", an optional > FILE) in dir.
func runReadmeCommand(t *testing.T, dir, line string) {
	t.Helper()
	var args []string
	var redirect string
	for _, w := range regexp.MustCompile(`"[^"]*"|'[^']*'|>|\S+`).FindAllString(line, -1) {
		switch {
		case w == ">":
			redirect = "next"
		case redirect == "next":
			redirect = w
		case strings.HasPrefix(w, `"`) || strings.HasPrefix(w, `'`):
			args = append(args, w[1:len(w)-1])
		default:
			args = append(args, w)
		}
	}
	cmd := startCmd(args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Errorf("README command `awards %s` fails: %v: %s", line, err, lastLines(errb.String(), 2))
		return
	}
	if redirect != "" {
		if err := os.WriteFile(filepath.Join(dir, redirect), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out.Len() == 0 {
		t.Errorf("README command `awards %s` printed nothing", line)
	}
}
