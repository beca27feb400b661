package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// editPart zips a workbook of the batch again with one part changed: its content (content), or the
// CRC-32 or size the archive records (header).
func editPart(t *testing.T, path, part string, content func([]byte) []byte, header func(*zip.FileHeader)) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part && content != nil {
			b = content(b)
		}
		var raw bytes.Buffer
		fw, _ := flate.NewWriter(&raw, flate.DefaultCompression)
		fw.Write(b)
		fw.Close()
		h := zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(b),
			CompressedSize64: uint64(raw.Len()), UncompressedSize64: uint64(len(b))}
		if f.Name == part {
			found = true
			if header != nil {
				header(&h)
			}
		}
		w, err := zw.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("%s has no part %s", path, part)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// inputs.md "Fail closed" and outputs.md: a file that is cut off, damaged, encrypted or of a format the
// loader does not read stops the run with 65 and one sentence naming the file (and sheet), and the roster
// published before stays as it was.
func TestDamagedFilesStopTheRunAndLeaveThePublishedRoster(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, code := awards(t, "run", "--input", writeDemoBatch(t), "--out", out); code != 0 {
		t.Fatalf("the undamaged batch: exit %d: %s", code, lastLines(stderr, 3))
	}
	published, err := filepath.EvalSymlinks(filepath.Join(out, "awards.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	roster, err := os.ReadFile(filepath.Join(out, "高精尖资金免申即享奖励名单-2022.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	const output, lists = "工业总产值_2019-2022.xlsx", "名单汇总_2022.xlsx"
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, batch string)
		words  []string // the last line on stderr says these
	}{
		{"a sheet cut off inside a valid zip", func(t *testing.T, batch string) {
			editPart(t, filepath.Join(batch, output), "xl/worksheets/sheet1.xml",
				func(b []byte) []byte { return b[:bytes.LastIndex(b, []byte("</row>"))+len("</row>")] }, nil)
		}, []string{output, "sheet 工业总产值", "cut off"}},
		{"a part whose checksum fails", func(t *testing.T, batch string) {
			editPart(t, filepath.Join(batch, lists), "xl/worksheets/sheet2.xml", nil, func(h *zip.FileHeader) { h.CRC32 ^= 0x10 })
		}, []string{lists, "checksum"}},
		{"a zip bomb", func(t *testing.T, batch string) {
			editPart(t, filepath.Join(batch, output), "xl/worksheets/sheet1.xml", nil,
				func(h *zip.FileHeader) { h.UncompressedSize64 = 3 << 30 })
		}, []string{output, "zip bomb"}},
		{"an Excel 97–2003 workbook", func(t *testing.T, batch string) {
			b, err := os.ReadFile(filepath.Join("..", "..", "loaders", "testdata", "formats", "libreoffice.xls"))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(batch, "单位名录补充.xls"), b, 0o644)
		}, []string{"单位名录补充.xls", "save it as .xlsx"}},
		{"a password-protected workbook", func(t *testing.T, batch string) {
			f := excelize.NewFile()
			defer f.Close()
			f.SetCellStr("Sheet1", "A1", "统一社会信用代码")
			if err := f.SaveAs(filepath.Join(batch, "关联补充.xlsx"), excelize.Options{Password: "x"}); err != nil {
				t.Fatal(err)
			}
		}, []string{"关联补充.xlsx", "password"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			batch := writeDemoBatch(t)
			tc.damage(t, batch)
			_, stderr, code := awards(t, "run", "--input", batch, "--out", out)
			if code != 65 {
				t.Fatalf("exit %d, want 65: %s", code, lastLines(stderr, 3))
			}
			last := lastLines(stderr, 1)
			for _, w := range tc.words {
				if !strings.Contains(last, w) {
					t.Errorf("last line %q does not say %q", last, w)
				}
			}
			if now, _ := filepath.EvalSymlinks(filepath.Join(out, "awards.duckdb")); now != published {
				t.Errorf("the published database moved from %s to %s", published, now)
			}
			if b, _ := os.ReadFile(filepath.Join(out, "高精尖资金免申即享奖励名单-2022.xlsx")); !bytes.Equal(b, roster) {
				t.Error("the published roster changed")
			}
		})
	}
}
