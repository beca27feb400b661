package pipeline

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/bjgjj/awards/pipeline/policy"
	stages "github.com/bjgjj/awards/sql"
)

func TestZZDiagDecide(t *testing.T) {
	src := os.Getenv("DIAG_DB")
	if src == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := sql.Open("duckdb", src)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	conn, _ := db.Conn(ctx)
	p, _ := policy.Embedded(2022)
	if err := writePolicy(ctx, conn, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	list, _ := stages.Decide()
	for _, s := range list {
		for _, st := range strings.Split(s.SQL, ";\n") {
			if strings.TrimSpace(stripComments(st)) == "" {
				continue
			}
			t0 := time.Now()
			if _, err := conn.ExecContext(ctx, st); err != nil {
				t.Fatalf("%s: %v\n%s", s.Name, err, st)
			}
			if d := time.Since(t0); d > 100*time.Millisecond {
				t.Logf("%s %v: %.200s", s.Name, d, strings.TrimSpace(stripComments(st)))
			}
		}
	}
}

func stripComments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
