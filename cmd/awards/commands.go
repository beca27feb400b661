package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/bjgjj/awards/pipeline"
	"github.com/bjgjj/awards/pipeline/check"
	"github.com/bjgjj/awards/pipeline/synth"
)

func cmdPolicy(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("policy", stderr)
	year := fs.Int("year", 0, "print the embedded policy of this year (default 2022)")
	file := fs.String("policy", "", "validate this policy file and print it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	p, err := pipeline.LoadPolicy(*file, *year) // also refuses --policy with --year
	if err != nil {
		return err
	}
	if *file != "" {
		fmt.Fprintf(stdout, "# %s: valid policy for %d, sha256 %s\n", *file, p.Year(), p.SHA256())
	}
	_, err = stdout.Write(p.TOML())
	return err
}

func cmdQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("query", stderr)
	db := fs.String("db", "out/awards.duckdb", "database file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("query takes one SQL statement: %w", pipeline.ErrUsage)
	}
	return pipeline.Query(ctx, *db, fs.Arg(0), stdout)
}

func cmdExplain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("explain", stderr)
	db := fs.String("db", "out/awards.duckdb", "database file")
	lang := fs.String("lang", "zh", "language of the answer: zh (Chinese) or en (English)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("explain takes one credit code: %w", pipeline.ErrUsage)
	}
	return pipeline.Explain(ctx, *db, fs.Arg(0), stdout, pipeline.ExplainOptions{Lang: *lang})
}

func cmdSchema(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("schema", stderr)
	db := fs.String("db", "out/awards.duckdb", "database file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return pipeline.Schema(ctx, *db, stdout)
}

func cmdGen(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gen", stderr)
	n := fs.Int("enterprises", 1000, "number of enterprises")
	out := fs.String("out", "", "folder to write the batch into")
	seed := fs.Int64("seed", 1, "random seed (same seed, same files)")
	demo := fs.Bool("demo", false, "write the built-in demo batch instead (what 'awards run' uses without --input)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *demo {
		if *out == "" {
			return fmt.Errorf("gen --demo needs --out DIR: %w", pipeline.ErrUsage)
		}
		if err := synth.Demo(*out); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote the demo batch to %s\n", *out)
		return nil
	}
	if *out == "" || *n <= 0 {
		return fmt.Errorf("gen needs --out DIR and --enterprises N > 0: %w", pipeline.ErrUsage)
	}
	if err := synth.Generate(*out, synth.Config{Enterprises: *n, Seed: *seed}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a batch of %d enterprises to %s\n", *n, *out)
	return nil
}

func cmdHistory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return fmt.Errorf("history takes the subcommand export: %w", pipeline.ErrUsage)
	}
	fs := newFlagSet("history export", stderr)
	db := fs.String("db", "out/awards.duckdb", "database file")
	out := fs.String("out", "", "file to write (.csv or .xlsx)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("history export needs --out FILE: %w", pipeline.ErrUsage)
	}
	n, err := pipeline.HistoryExport(ctx, *db, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d paid awards to %s\n", n, *out)
	return nil
}

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr)
	cases := fs.String("cases", "", "cases workbook (.xlsx) to check against the real pipeline")
	template := fs.String("template", "", "write a template cases workbook with an example for every rule")
	year := fs.Int("year", 0, "embedded policy year (default 2022)")
	policyFile := fs.String("policy", "", "policy TOML file (instead of --year)")
	asOf := fs.String("as-of", "", "evaluation date YYYY-MM-DD for every rule group")
	keep := fs.String("keep", "", "keep the built batch and the pipeline output in this folder")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case (*cases == "") == (*template == ""):
		return fmt.Errorf("check takes one of --cases FILE or --template FILE: %w", pipeline.ErrUsage)
	case *template != "":
		if err := check.Template(*template); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote the cases template %s\n", *template)
		return nil
	}
	// The policy is checked before the cases are read and a batch built from them (and --policy with
	// --year refused).
	if _, err := pipeline.LoadPolicy(*policyFile, *year); err != nil {
		return err
	}
	if _, err := os.Stat(*cases); err != nil {
		return fmt.Errorf("cases workbook %s does not exist: %w", *cases, pipeline.ErrNoInput)
	}
	// A workbook that cannot be read as cases is bad input (65), like any unreadable extract.
	c, err := check.ReadCases(*cases)
	if err != nil {
		return fmt.Errorf("%v: %w", err, pipeline.ErrBadData)
	}
	opts := check.Options{PolicyFile: *policyFile, Year: *year, KeepDir: *keep}
	if opts.AsOf, err = parseAsOf(*asOf); err != nil {
		return err
	}
	rep, err := check.RunCases(ctx, c, opts)
	if err != nil {
		return err
	}
	if err := rep.Print(stdout); err != nil {
		return err
	}
	if n := rep.Failed(); n > 0 {
		return fmt.Errorf("%d failing checks in %s: %w", n, *cases, errCheckFailed)
	}
	return nil
}
