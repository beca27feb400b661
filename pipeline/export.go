package pipeline

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Exported is one file `awards export` wrote.
type Exported struct {
	Name string // table or view
	Kind string // table or view
	File string // path written
	Rows int64
}

// Export writes every table and view of a database as Parquet files into outDir, one <name>.parquet
// each, for analysts on other tools. Types are kept (DECIMAL stays DECIMAL with its scale, DATE and
// TIMESTAMPTZ stay dates and instants); the table's and its columns' comments travel in the file's
// key-value metadata (keys comment and column_comments, the latter a JSON object). Each file is written
// under a temporary name and renamed, so a reader never sees a part of one.
func Export(ctx context.Context, dbPath, outDir string) ([]Exported, error) {
	db, err := OpenReadOnly(dbPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	objects, err := exportObjects(ctx, db)
	if err != nil {
		return nil, err
	}
	var out []Exported
	for _, o := range objects {
		final := filepath.Join(outDir, o.name+".parquet")
		tmp := filepath.Join(outDir, ".tmp-"+o.name+".parquet")
		cols, err := json.Marshal(o.columnComments)
		if err != nil {
			return out, err
		}
		q := `COPY (SELECT * FROM main.` + quoteIdent(o.name) + `) TO ` + sqlString(tmp) +
			` (FORMAT parquet, KV_METADATA {comment: ` + sqlString(o.comment) + `, column_comments: ` + sqlString(string(cols)) + `})`
		if _, err := db.ExecContext(ctx, q); err != nil {
			os.Remove(tmp)
			return out, fmt.Errorf("export %s %s: %w", o.kind, o.name, err)
		}
		if err := os.Rename(tmp, final); err != nil {
			os.Remove(tmp)
			return out, fmt.Errorf("export %s: %w", o.name, err)
		}
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM read_parquet(`+sqlString(final)+`)`).Scan(&n); err != nil {
			return out, fmt.Errorf("export %s: read back %s: %w", o.name, final, err)
		}
		out = append(out, Exported{Name: o.name, Kind: o.kind, File: final, Rows: n})
	}
	return out, nil
}

type exportObject struct {
	name, kind, comment string
	columnComments      map[string]string
}

// exportObjects lists the database's own tables, then its views, by name.
func exportObjects(ctx context.Context, db *sql.DB) ([]exportObject, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT t.name, t.kind, coalesce(t.comment, ''), c.column_name, coalesce(c.comment, '')
		FROM (SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables()
		      WHERE NOT internal AND NOT temporary AND database_name = current_database() AND schema_name = 'main'
		      UNION ALL
		      SELECT view_name, 'view', comment FROM duckdb_views()
		      WHERE NOT internal AND NOT temporary AND database_name = current_database() AND schema_name = 'main') t
		JOIN duckdb_columns() c ON c.table_name = t.name AND c.database_name = current_database() AND c.schema_name = 'main'
		ORDER BY t.kind, t.name, c.column_index`)
	if err != nil {
		return nil, fmt.Errorf("export: list tables: %w", err)
	}
	defer rows.Close()
	var out []exportObject
	for rows.Next() {
		var name, kind, comment, col, colComment string
		if err := rows.Scan(&name, &kind, &comment, &col, &colComment); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].name != name {
			out = append(out, exportObject{name: name, kind: kind, comment: comment, columnComments: map[string]string{}})
		}
		out[len(out)-1].columnComments[col] = colComment
	}
	return out, rows.Err()
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(s string) string {
	b := []byte{'"'}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return string(append(b, '"'))
}
