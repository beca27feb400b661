package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"strings"
)

// OpenReadOnly opens a published database for reading. DuckDB lets any number of processes hold a file
// read-only at once, so analysts' sessions and these commands never block the nightly run, which
// writes a new file instead of the published one.
func OpenReadOnly(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("database %s does not exist (run `awards run` first, or pass --db): %w", path, ErrNoInput)
	}
	// The driver reads the path as a URL (as for --out, see Run): % and ? break it, and after a # the
	// read-only option would be dropped as a URL fragment and the database opened for writing.
	if strings.ContainsAny(path, "%?#") {
		return nil, fmt.Errorf("the database path %s has %% or ? or # in it, which the database library cannot open; move or copy the file to a path without them: %w",
			path, ErrUsage)
	}
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Schema writes the documented schema: every table and view with its comment, then its columns with
// types and comments.
func Schema(ctx context.Context, dbPath string, w io.Writer) error {
	db, err := OpenReadOnly(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return writeSchema(ctx, db, w)
}

func writeSchema(ctx context.Context, db *sql.DB, w io.Writer) error {
	keys, err := schemaKeys(ctx, db)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, `
		SELECT t.name, t.kind, coalesce(t.comment, ''), c.column_name, c.data_type, coalesce(c.comment, '')
		FROM (SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables() WHERE NOT internal
		      UNION ALL
		      SELECT view_name, 'view', comment FROM duckdb_views() WHERE NOT internal) t
		JOIN duckdb_columns() c ON c.table_name = t.name AND NOT c.internal
		ORDER BY t.kind, t.name, c.column_index`)
	if err != nil {
		return err
	}
	defer rows.Close()
	last := ""
	for rows.Next() {
		var name, kind, tcomment, col, typ, ccomment string
		if err := rows.Scan(&name, &kind, &tcomment, &col, &typ, &ccomment); err != nil {
			return err
		}
		if name != last {
			if last != "" {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s %s -- %s\n", kind, name, tcomment)
			for _, k := range keys[name] {
				fmt.Fprintf(w, "  %s\n", k)
			}
			last = name
		}
		fmt.Fprintf(w, "  %-22s %-16s %s\n", col, typ, ccomment)
	}
	return rows.Err()
}

// schemaKeys returns each table's primary key and unique keys, as DDL text.
func schemaKeys(ctx context.Context, db *sql.DB) (map[string][]string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT table_name, constraint_text FROM duckdb_constraints()
		WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE')
		UNION ALL
		SELECT table_name, regexp_replace(sql, '^CREATE UNIQUE INDEX \S+ ON \S+\s*', 'UNIQUE') FROM duckdb_indexes() WHERE is_unique
		ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("schema keys: %w", err)
	}
	defer rows.Close()
	keys := map[string][]string{}
	for rows.Next() {
		var table, text string
		if err := rows.Scan(&table, &text); err != nil {
			return nil, err
		}
		keys[table] = append(keys[table], "key: "+strings.TrimSuffix(text, ";"))
	}
	return keys, rows.Err()
}
