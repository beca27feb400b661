// Package sql holds the batch's SQL, one stage a file, run in file-name order.
//
// Stages numbered below 100 create the loaded tables and run before the loaders fill them; stages
// numbered 100 and up read the loaded tables and the policy tables and decide. Every rule of
// rules.md is implemented in a file whose name or header carries its id (grep D10-1, D11-3, G3 …).
package sql

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed *.sql ref/*.csv
var files embed.FS

// Stage is one SQL file.
type Stage struct {
	Name   string // file name, e.g. "200_d10_1_shenggui.sql"
	Number int    // its numeric prefix
	SQL    string
}

// Stages returns every stage in run order.
func Stages() ([]Stage, error) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	var out []Stage
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		prefix, _, ok := strings.Cut(name, "_")
		n, err := strconv.Atoi(prefix)
		if !ok || err != nil {
			return nil, fmt.Errorf("sql stage %q: name must start with a number and an underscore", name)
		}
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, Stage{Name: name, Number: n, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Schema returns the stages that create the loaded tables (numbers below 100).
func Schema() ([]Stage, error) { return split(true) }

// Decide returns the stages that run after loading (numbers 100 and up).
func Decide() ([]Stage, error) { return split(false) }

func split(schema bool) ([]Stage, error) {
	all, err := Stages()
	if err != nil {
		return nil, err
	}
	var out []Stage
	for _, s := range all {
		if (s.Number < 100) == schema {
			out = append(out, s)
		}
	}
	return out, nil
}

// Reference returns an embedded reference file of sql/ref (gbt4754-2017.csv, beijing-districts.csv),
// copied from ../shared/data so that the binary needs no file at run time.
func Reference(name string) ([]byte, error) { return files.ReadFile("ref/" + name) }
