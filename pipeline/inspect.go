package pipeline

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"
)

// OpenReadOnly opens a published database for reading. DuckDB lets any number of processes hold a file
// read-only at once, so analysts' sessions and these commands never block the nightly run, which
// writes a new file instead of the published one.
func OpenReadOnly(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("database %s does not exist (run `awards run` first, or pass --db): %w", path, ErrNoInput)
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

// Query runs one SQL statement against the database and writes the result as CSV with a header.
func Query(ctx context.Context, dbPath, query string, w io.Writer) error {
	db, err := OpenReadOnly(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("query failed: %v: %w", err, ErrQuery)
	}
	defer rows.Close()
	return writeRowsCSV(rows, w)
}

func writeRowsCSV(rows *sql.Rows, w io.Writer) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(cols); err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			rec[i] = formatValue(v, types[i].DatabaseTypeName())
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// formatValue renders a scanned value as text: decimals exactly with their scale, dates without a time.
func formatValue(v any, dbType string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case duckdb.Decimal:
		return decimal.NewFromBigInt(x.Value, -int32(x.Scale)).StringFixed(int32(x.Scale))
	case time.Time:
		if dbType == "DATE" {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05")
	case []byte:
		return string(x)
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e, "")
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
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
			last = name
		}
		fmt.Fprintf(w, "  %-22s %-16s %s\n", col, typ, ccomment)
	}
	return rows.Err()
}
