package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// hashDir maps each file name in dir to the SHA-256 of its bytes.
func hashDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, de := range entries {
		f, err := os.Open(filepath.Join(dir, de.Name()))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			t.Fatal(err)
		}
		f.Close()
		out[de.Name()] = hex.EncodeToString(h.Sum(nil))
	}
	return out
}

func names(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestDemoWritesTheSameBytesEveryTime(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := Demo(a); err != nil {
		t.Fatal(err)
	}
	if err := Demo(b); err != nil {
		t.Fatal(err)
	}
	ha, hb := hashDir(t, a), hashDir(t, b)
	if len(ha) != 7 {
		t.Errorf("demo wrote %d files, want 7: %v", len(ha), names(ha))
	}
	for name, h := range ha {
		if hb[name] != h {
			t.Errorf("%s differs between two runs", name)
		}
	}
}
