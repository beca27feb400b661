package pipeline

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/mapping"
	"github.com/shopspring/decimal"
)

// QueryOptions are the output settings of `awards query`.
type QueryOptions struct {
	Format string // csv (default), tsv or json
	BOM    bool   // start with a UTF-8 byte order mark (Excel on Chinese Windows needs it to read UTF-8)
	// Location is the zone TIMESTAMPTZ values are shown in (with their offset); nil is the machine's
	// local zone, as a stock DuckDB client shows them.
	Location *time.Location
}

// Query runs exactly one SQL statement against the database, opened read-only, and writes its result.
//
// CSV and TSV follow DuckDB's own CSV writer: a header row; NULL is an empty field and an empty string
// is written "" (so the two stay apart); a field with the delimiter, a quote or a line break is quoted.
// JSON is an array of objects, one per row, keys in column order, NULL as null. Decimals are written
// exactly with their scale, dates as YYYY-MM-DD, timestamps with their microseconds, and TIMESTAMPTZ with
// its UTC offset.
func Query(ctx context.Context, dbPath, query string, w io.Writer, opts QueryOptions) error {
	switch opts.Format {
	case "":
		opts.Format = "csv"
	case "csv", "tsv", "json":
	default:
		return fmt.Errorf("--format %q: want csv, tsv or json: %w", opts.Format, ErrUsage)
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	// More than one statement would run them all and print only the last result: refused before anything
	// runs.
	n, err := countStatements(query)
	if err != nil {
		return fmt.Errorf("query failed: %v: %w", err, ErrQuery)
	}
	if n != 1 {
		return fmt.Errorf("query takes exactly one SQL statement, got %d (run them one at a time): %w", n, ErrQuery)
	}
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
	if opts.BOM {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
	}
	f := valueFormatter{loc: opts.Location}
	if opts.Format == "json" {
		return writeRowsJSON(rows, w, f)
	}
	delim := ","
	if opts.Format == "tsv" {
		delim = "\t"
	}
	return writeRowsDelimited(rows, w, delim, f)
}

// countStatements parses query with DuckDB's own parser (an in-memory instance: parsing needs no
// database) and returns how many statements it holds; a syntax error is returned as DuckDB words it.
func countStatements(query string) (int, error) {
	var db mapping.Database
	var errMsg string
	cfg := mapping.Config{}
	if mapping.CreateConfig(&cfg) == mapping.StateError {
		return 0, fmt.Errorf("parse: cannot create a DuckDB configuration")
	}
	defer mapping.DestroyConfig(&cfg)
	if mapping.OpenExt(":memory:", &db, cfg, &errMsg) == mapping.StateError {
		return 0, fmt.Errorf("parse: %s", errMsg)
	}
	defer mapping.Close(&db)
	var conn mapping.Connection
	if mapping.Connect(db, &conn) == mapping.StateError {
		return 0, fmt.Errorf("parse: cannot connect to DuckDB")
	}
	defer mapping.Disconnect(&conn)
	var stmts mapping.ExtractedStatements
	n := mapping.ExtractStatements(conn, query, &stmts)
	defer mapping.DestroyExtracted(&stmts)
	if n == 0 {
		if msg := mapping.ExtractStatementsError(stmts); msg != "" {
			return 0, fmt.Errorf("%s", msg)
		}
	}
	return int(n), nil
}

type rowScanner struct {
	rows  *sql.Rows
	cols  []string
	types []string
	vals  []any
	ptrs  []any
}

func newRowScanner(rows *sql.Rows) (*rowScanner, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	ct, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	s := &rowScanner{rows: rows, cols: cols, types: make([]string, len(cols)), vals: make([]any, len(cols)), ptrs: make([]any, len(cols))}
	for i := range cols {
		s.types[i] = ct[i].DatabaseTypeName()
		s.ptrs[i] = &s.vals[i]
	}
	return s, nil
}

func (s *rowScanner) next() (bool, error) {
	if !s.rows.Next() {
		return false, s.rows.Err()
	}
	return true, s.rows.Scan(s.ptrs...)
}

func writeRowsDelimited(rows *sql.Rows, w io.Writer, delim string, f valueFormatter) error {
	s, err := newRowScanner(rows)
	if err != nil {
		return err
	}
	bw := &errWriter{w: w}
	line := func(fields []string, null []bool) {
		for i, v := range fields {
			if i > 0 {
				bw.write(delim)
			}
			if null != nil && null[i] {
				continue // NULL: an empty field
			}
			bw.write(quoteField(v, delim))
		}
		bw.write("\n")
	}
	line(s.cols, nil)
	fields := make([]string, len(s.cols))
	null := make([]bool, len(s.cols))
	for {
		ok, err := s.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		for i, v := range s.vals {
			null[i] = v == nil
			fields[i] = f.text(v, s.types[i])
		}
		line(fields, null)
		if bw.err != nil {
			return bw.err
		}
	}
	return bw.err
}

// quoteField quotes a non-NULL field as DuckDB's CSV writer does: the empty string (which would otherwise
// read back as NULL), and text holding the delimiter, a quote or a line break; quotes are doubled.
func quoteField(v, delim string) string {
	if v != "" && !strings.ContainsAny(v, delim+"\"\r\n") {
		return v
	}
	return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
}

func writeRowsJSON(rows *sql.Rows, w io.Writer, f valueFormatter) error {
	s, err := newRowScanner(rows)
	if err != nil {
		return err
	}
	keys := make([]string, len(s.cols))
	for i, c := range s.cols {
		keys[i] = jsonString(c)
	}
	bw := &errWriter{w: w}
	bw.write("[")
	n := 0
	for {
		ok, err := s.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if n > 0 {
			bw.write(",")
		}
		n++
		bw.write("\n{")
		for i, v := range s.vals {
			if i > 0 {
				bw.write(",")
			}
			bw.write(keys[i])
			bw.write(":")
			bw.write(f.json(v, s.types[i]))
		}
		bw.write("}")
		if bw.err != nil {
			return bw.err
		}
	}
	if n > 0 {
		bw.write("\n")
	}
	bw.write("]\n")
	return bw.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) write(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

// valueFormatter renders scanned values as text and as JSON.
type valueFormatter struct{ loc *time.Location }

// text renders a non-NULL value: decimals exactly with their scale, dates without a time, timestamps
// with their fraction of a second (trailing zeros dropped, as DuckDB shows them), TIMESTAMPTZ in the
// formatter's zone with its offset.
func (f valueFormatter) text(v any, dbType string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case duckdb.Decimal:
		return decimal.NewFromBigInt(x.Value, -int32(x.Scale)).StringFixed(int32(x.Scale))
	case time.Time:
		return f.timeText(x, dbType)
	case []byte:
		return string(x)
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return formatFloat(x, 64)
	case float32:
		return formatFloat(float64(x), 32)
	case *big.Int:
		return x.String()
	case duckdb.UUID:
		return x.String()
	case *duckdb.UUID:
		return x.String()
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = f.nested(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = "'" + k + "': " + f.nested(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

func (f valueFormatter) nested(v any) string {
	if v == nil {
		return "NULL"
	}
	t := ""
	if _, ok := v.(time.Time); ok {
		t = "TIMESTAMP"
	}
	return f.text(v, t)
}

func (f valueFormatter) timeText(t time.Time, dbType string) string {
	switch dbType {
	case "DATE":
		return t.Format("2006-01-02")
	case "TIME":
		return t.Format("15:04:05.999999")
	case "TIMETZ":
		return t.Format("15:04:05.999999") + offsetText(t)
	case "TIMESTAMP_NS":
		return t.Format("2006-01-02 15:04:05.999999999")
	case "TIMESTAMPTZ":
		t = t.In(f.loc)
		return t.Format("2006-01-02 15:04:05.999999") + offsetText(t)
	}
	return t.Format("2006-01-02 15:04:05.999999")
}

// offsetText writes a UTC offset as DuckDB does: +08, -03:30.
func offsetText(t time.Time) string {
	_, off := t.Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s := fmt.Sprintf("%s%02d", sign, off/3600)
	if m := off % 3600 / 60; m != 0 {
		s += fmt.Sprintf(":%02d", m)
	}
	return s
}

func formatFloat(x float64, bits int) string {
	switch {
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	case math.IsNaN(x):
		return "nan"
	}
	return strconv.FormatFloat(x, 'f', -1, bits)
}

// json renders a value as a JSON value: numbers (decimals with their exact digits) as numbers, text,
// dates and times as strings, lists as arrays, NULL as null.
func (f valueFormatter) json(v any, dbType string) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case duckdb.Decimal, *big.Int, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return f.text(v, dbType)
	case float64, float32:
		s := f.text(v, dbType)
		if s == "inf" || s == "-inf" || s == "nan" {
			return jsonString(s)
		}
		return s
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = f.json(e, "")
		}
		return "[" + strings.Join(parts, ",") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = jsonString(k) + ":" + f.json(x[k], "")
		}
		return "{" + strings.Join(parts, ",") + "}"
	case time.Time:
		if dbType == "" {
			dbType = "TIMESTAMP"
		}
		return jsonString(f.text(v, dbType))
	}
	return jsonString(f.text(v, dbType))
}

func jsonString(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\ufffd")
	}
	var b strings.Builder
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false) // <, > and & stay readable
	e.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
