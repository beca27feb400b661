package synth

import (
	"fmt"
	"iter"
	"math/rand"
	"os"
)

// Config sizes a synthetic batch.
type Config struct {
	// Enterprises is the number of enterprises in the register.
	Enterprises int
	// Seed makes the batch: the same seed and size give the same files, byte for byte.
	Seed int64
	// MaxSheetRows caps the rows of one sheet, title and headers included (0: Excel's 1,048,576); a
	// longer table continues on a new sheet. Small values let tests exercise the split.
	MaxSheetRows int
	// SheetsPerFile caps the sheets of one kind in one .xlsx (0: 1), after which a new file starts.
	SheetsPerFile int
}

// Generate writes a synthetic batch of cfg.Enterprises enterprises into dir (created if missing), in the
// same formats as the demo. Enterprises are made one at a time from (seed, index), and every file is
// written by a pass over them, so memory does not grow with the size of the batch.
func Generate(dir string, cfg Config) error {
	if cfg.Enterprises < 0 {
		return fmt.Errorf("synthetic batch: negative number of enterprises %d", cfg.Enterprises)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synthetic batch: %w", err)
	}
	spf := cfg.SheetsPerFile
	if spf <= 0 {
		spf = 1
	}
	lo := layout{maxRows: cfg.MaxSheetRows, sheetsPerFile: spf}
	if err := writeBatch(dir, synthetic(cfg), lo); err != nil {
		return fmt.Errorf("synthetic batch: %w", err)
	}
	return nil
}

// splitmix is a small, fast random source re-seeded per enterprise, so that enterprise i is the same
// whichever file is being written and in whatever order.
type splitmix struct{ s uint64 }

func (m *splitmix) Uint64() uint64 {
	m.s += 0x9E3779B97F4A7C15
	z := m.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}
func (m *splitmix) Int63() int64    { return int64(m.Uint64() >> 1) }
func (m *splitmix) Seed(seed int64) { m.s = uint64(seed) }

// synthetic yields the enterprises of a batch; the *ent is reused between iterations.
func synthetic(cfg Config) iter.Seq[*ent] {
	return func(yield func(*ent) bool) {
		src := &splitmix{}
		r := rand.New(src)
		ds := districts()
		var e ent
		for i := 0; i < cfg.Enterprises; i++ {
			src.s = uint64(cfg.Seed)*0x9E3779B97F4A7C15 ^ uint64(i)*0xD1B54A32D192ED03
			makeSynthetic(&e, r, ds, uint64(i))
			if !yield(&e) {
				return
			}
		}
	}
}

// makeSynthetic fills e as enterprise i: a district (a few outside Beijing), a code unique to i, and
// the rest from randomEnt. Every 97th block of three enterprises forms a group.
func makeSynthetic(e *ent, r *rand.Rand, ds []district, i uint64) {
	*e = ent{Above: e.Above[:0], Spec: e.Spec[:0], Dish: e.Dish[:0], Funds: e.Funds[:0], Prior: e.Prior[:0]}
	d := ds[r.Intn(len(ds))]
	region := codeRegion(d)
	outside := r.Intn(200) == 0
	if outside {
		region = "120116"
	}
	e.Code = creditCode("91", region, i)
	randomEnt(e, r, d)
	if outside {
		e.Region = region
	}
	if i%97 < 3 {
		e.Group = fmt.Sprintf("JT-%06d", i/97)
	}
	if i == 0 {
		inertListRows(e)
	}
}

// inertListRows gives the first enterprise a row in every list that changes nothing it is decided on: a
// batch lacking a kind stops the run (inputs.md "Fail closed"), and a small synthetic batch may draw no
// 失信 or 其他市级资金 row at all. Every row lies outside what the rules look at: a 失信 listing removed years
// before any window, other funds and a prior award of years the rules ignore, a level that does not count, a
// 工业软件 recognition after R.
func inertListRows(e *ent) {
	e.Dish = append(e.Dish, dishRec{Listed: "2010-03-01", Removed: "2012-03-01"})
	e.Funds = append(e.Funds, fundRec{Direction: 10, Name: "北京市科技创新专项资金", Year: 2019})
	e.Prior = append(e.Prior, priorRec{Year: 2019, Direction: 5, Wan: "30"})
	e.Spec = append(e.Spec, specRec{Level: specLevels(2), Recognized: "2021-05-10"})
	if e.SoftYear == 0 {
		e.SoftYear = 2023
	}
}
