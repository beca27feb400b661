package loaders

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

func TestKindRecognition(t *testing.T) {
	code := codeN(t, 1)
	type file struct {
		name string
		csv  []string // a UTF-8 CSV, or
		xlsx []xsheet // a workbook
	}
	for _, tc := range []struct {
		name    string
		files   []file
		toml    string
		kinds   []string // "file/sheet=kind" of every report, in order
		errIs   error
		errHas  []string
		checkFn func(t *testing.T, b *Batch)
	}{
		{
			name:  "a tie between other_funds and prior_awards is settled by the sheet name",
			files: []file{{name: "名单.xlsx", xlsx: []xsheet{{name: "其他市级资金", rows: [][]any{{"统一社会信用代码", "方向", "年度"}, {code, "方向10", "2022"}}}}}},
			kinds: []string{"名单.xlsx/其他市级资金=other_funds"},
		},
		{
			name:  "a tie is settled by the file name when the sheet name says nothing",
			files: []file{{name: "已兑付奖励.csv", csv: []string{"统一社会信用代码,方向,年度", code + ",10,2022"}}},
			kinds: []string{"已兑付奖励.csv/=prior_awards"},
		},
		{
			name:   "an unsettled tie is an error naming the candidates",
			files:  []file{{name: "名单.csv", csv: []string{"统一社会信用代码,方向,年度", code + ",10,2022"}}},
			errIs:  ErrUnrecognised,
			errHas: []string{"名单.csv", "other_funds", "prior_awards"},
		},
		{
			name:  "batch.toml names the kind of a file",
			files: []file{{name: "名单.csv", csv: []string{"统一社会信用代码,方向,年度", code + ",10,2022"}}},
			toml:  "[files]\n\"名单.csv\" = \"other_funds\"\n",
			kinds: []string{"名单.csv/=other_funds"},
		},
		{
			name: "batch.toml names the kind of one sheet; the others are recognised",
			files: []file{{name: "名单汇总.xlsx", xlsx: []xsheet{
				{name: "工业软件", rows: [][]any{{"统一社会信用代码", "年份"}, {code, "2022"}}},
				{name: "关联", rows: [][]any{{"统一社会信用代码", "集团编号"}, {code, "G1"}}},
			}}},
			toml:  "[files]\n\"名单汇总.xlsx#工业软件\" = \"industrial_software\"\n",
			kinds: []string{"名单汇总.xlsx/工业软件=industrial_software", "名单汇总.xlsx/关联=affiliates"},
		},
		{
			name:   "an unknown kind in batch.toml is an error",
			files:  []file{{name: "a.csv", csv: []string{"统一社会信用代码,集团编号", code + ",G1"}}},
			toml:   "[files]\n\"a.csv\" = \"awards\"\n",
			errIs:  ErrUnrecognised,
			errHas: []string{"batch.toml", "awards"},
		},
		{
			name:   "a CSV that fits no kind is an error naming what it lacks",
			files:  []file{{name: "产值.csv", csv: []string{"统一社会信用代码,期别,备注", code + ",2022年,x"}}},
			errIs:  ErrUnrecognised,
			errHas: []string{"产值.csv", "lacks", "工业总产值"},
		},
		{
			name: "an xlsx none of whose sheets fits is an error",
			files: []file{{name: "杂项.xlsx", xlsx: []xsheet{
				{name: "封面", rows: [][]any{{"2022年报表"}}},
				{name: "数据", rows: [][]any{{"企业名称", "金额"}, {"甲", "1"}}},
			}}},
			errIs:  ErrUnrecognised,
			errHas: []string{"杂项.xlsx"},
		},
		{
			name:   "a register with only 行业代码(2011) is refused, never read as 2017 codes",
			files:  []file{{name: "单位名录.csv", csv: []string{"统一社会信用代码,单位详细名称,行业代码(2011),区划代码", code + ",甲,3911,110108"}}},
			errIs:  ErrUnrecognised,
			errHas: []string{"单位名录.csv", "行业代码", "2011"},
		},
		{
			name:  "with 行业代码(2017) before 行业代码(2011) the 2017 code is read",
			files: []file{{name: "单位名录.csv", csv: []string{"统一社会信用代码,单位详细名称,行业代码（2017）,行业代码（2011）,区划代码", code + ",甲,2710,2720,110108"}}},
			kinds: []string{"单位名录.csv/=enterprises"},
			checkFn: func(t *testing.T, b *Batch) {
				if got := b.Rows[Enterprises][0][2]; got != "2710" {
					t.Errorf("industry_code = %q, want the 2017 code 2710", got)
				}
			},
		},
		{
			name: "a long sheet with both 工业总产值 and 营业收入 loads both kinds, one report each",
			files: []file{{name: "指标.csv", csv: []string{"单位：万元", "统一社会信用代码,期别,工业总产值,营业收入",
				code + ",2022年,1,2", "合计,,1,2"}}},
			kinds: []string{"指标.csv/=output_value", "指标.csv/=revenue"},
			checkFn: func(t *testing.T, b *Batch) {
				if got := b.Rows[OutputValue][0][3]; got != "10000.00" {
					t.Errorf("output value = %q, want 10000.00", got)
				}
				if got := b.Rows[Revenue][0][3]; got != "20000.00" {
					t.Errorf("revenue = %q, want 20000.00", got)
				}
				for _, r := range b.Reports {
					if r.RowsRead != 2 || r.Loaded != 1 || r.SkippedTotals != 1 {
						t.Errorf("report %+v: want 2 read, 1 loaded, 1 total", r)
					}
				}
				if b.Files[0].Rows != 2 {
					t.Errorf("file rows = %d, want 2 (a row counts once)", b.Files[0].Rows)
				}
			},
		},
		{
			name: "headers in any order, with extra columns, starred and padded",
			files: []file{{name: "x.csv", csv: []string{"备注, * 集团编号 ,序号,统一社会 信用代码",
				"x,G-7,1," + code}}},
			kinds: []string{"x.csv/=affiliates"},
			checkFn: func(t *testing.T, b *Batch) {
				if got := b.Rows[Affiliates][0][:2]; !slices.Equal(got, []string{code, "G-7"}) {
					t.Errorf("affiliate = %q", got)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				if f.xlsx != nil {
					writeXLSX(t, filepath.Join(dir, f.name), f.xlsx...)
				} else {
					writeCSV(t, filepath.Join(dir, f.name), "utf-8", f.csv...)
				}
			}
			if tc.toml != "" {
				writeFile(t, filepath.Join(dir, "batch.toml"), tc.toml)
			}
			b, err := LoadDir(dir, Options{})
			if tc.errIs != nil {
				var fe *FileError
				if !errors.Is(err, tc.errIs) || !errors.As(err, &fe) {
					t.Fatalf("err = %v, want a *FileError wrapping %v", err, tc.errIs)
				}
				for _, s := range tc.errHas {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not mention %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkReconciles(t, b)
			var kinds []string
			for _, r := range b.Reports {
				kinds = append(kinds, r.SourceFile+"/"+r.SourceSheet+"="+string(r.Kind))
			}
			if diff := cmp.Diff(tc.kinds, kinds); diff != "" {
				t.Errorf("kinds (-want +got):\n%s", diff)
			}
			if tc.checkFn != nil {
				tc.checkFn(t, b)
			}
		})
	}
}

func TestUnreadableFiles(t *testing.T) {
	big := xsheet{name: "规上", rows: [][]any{{"统一社会信用代码", "年份"}}}
	for i := 0; i < 200; i++ {
		big.rows = append(big.rows, []any{codeN(t, i), "2022"})
	}
	for _, tc := range []struct {
		name  string
		write func(t *testing.T, path string)
		opts  Options
	}{
		{"random bytes named .xlsx", func(t *testing.T, p string) { writeFile(t, p, "\x00\x01\x02 this is not a workbook \xff") }, Options{}},
		{"a truncated workbook", func(t *testing.T, p string) {
			writeXLSX(t, p, big)
			data, _ := os.ReadFile(p)
			writeFile(t, p, string(data[:len(data)/2]))
		}, Options{}},
		{"a password-protected workbook", func(t *testing.T, p string) {
			f := excelize.NewFile()
			defer f.Close()
			f.SetCellStr("Sheet1", "A1", "统一社会信用代码")
			if err := f.SaveAs(p, excelize.Options{Password: "secret"}); err != nil {
				t.Fatal(err)
			}
		}, Options{}},
		{"a part larger than the zip-bomb limit", func(t *testing.T, p string) { writeXLSX(t, p, big) }, Options{MaxXLSXBytes: 4096}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeCSV(t, filepath.Join(dir, "a_good.csv"), "utf-8", "统一社会信用代码,集团编号", codeN(t, 1)+",G")
			tc.write(t, filepath.Join(dir, "坏文件.xlsx"))
			_, err := LoadDir(dir, tc.opts)
			var fe *FileError
			if !errors.Is(err, ErrUnreadable) || !errors.As(err, &fe) || fe.File != "坏文件.xlsx" {
				t.Fatalf("err = %v, want a *FileError for 坏文件.xlsx wrapping ErrUnreadable", err)
			}
		})
	}
	t.Run("the same workbook loads under the default limit", func(t *testing.T) {
		dir := t.TempDir()
		writeXLSX(t, filepath.Join(dir, "规上.xlsx"), big)
		b := mustLoad(t, dir, Options{})
		if len(b.Rows[AboveScale]) != 200 {
			t.Errorf("loaded %d rows, want 200", len(b.Rows[AboveScale]))
		}
	})
}

func TestNoInput(t *testing.T) {
	empty := t.TempDir()
	onlyText := t.TempDir()
	writeFile(t, filepath.Join(onlyText, "readme.txt"), "x")
	writeFile(t, filepath.Join(onlyText, "sub", "a.csv"), "统一社会信用代码\n")
	for _, tc := range []struct{ name, dir string }{
		{"a folder that does not exist", filepath.Join(empty, "missing")},
		{"an empty folder", empty},
		{"a folder with only other files and a subfolder", onlyText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := LoadDir(tc.dir, Options{}); !errors.Is(err, ErrNoInput) {
				t.Errorf("err = %v, want ErrNoInput", err)
			}
		})
	}
}

func TestUnknownUnitQuarantinesTheSheet(t *testing.T) {
	dir := t.TempDir()
	writeXLSX(t, filepath.Join(dir, "产值.xlsx"), xsheet{name: "Sheet1", rows: [][]any{
		{"统一社会信用代码", "期别", "工业总产值（当年价格）"},
		{codeN(t, 1), "2022年", "100"},
		{codeN(t, 2), "2022年", ""},
		{"合计", "", "100"},
	}})
	b := mustLoad(t, dir, Options{})
	if len(b.Rows[OutputValue]) != 0 {
		t.Errorf("loaded %v, want nothing: the unit is never guessed", b.Rows[OutputValue])
	}
	if len(b.Quarantine) != 2 {
		t.Fatalf("quarantine = %+v, want both data rows", b.Quarantine)
	}
	for _, q := range b.Quarantine {
		if q.Reason != "unknown_unit" || q.Column != "工业总产值（当年价格）" {
			t.Errorf("quarantined %+v, want unknown_unit on the value column", q)
		}
	}
	if r := reportFor(t, b, "产值.xlsx", "Sheet1", OutputValue); r.SkippedTotals != 1 || r.Unit != "" {
		t.Errorf("report %+v", r)
	}
	if !hasWarning(b, "产值.xlsx", "unit") {
		t.Errorf("no unit warning in %q", b.Warnings)
	}
}

func TestDuplicates(t *testing.T) {
	dir := t.TempDir()
	a, c2 := codeN(t, 1), codeN(t, 2)
	writeCSV(t, filepath.Join(dir, "a_参保.csv"), "utf-8",
		"统一社会信用代码,统计时点,参保人数",
		a+",2021年12月,10",   // 2: kept
		c2+",2021-12-31,5", // 3: conflicts with line 4
		c2+",2021年12月,6",   // 4: conflicts with line 3
		a+",2022年12月,11.5", // 5: not a whole number
	)
	writeCSV(t, filepath.Join(dir, "b_参保.csv"), "utf-8",
		"统一社会信用代码,统计时点,参保人数",
		a+",2021-12,10", // 2: the same as a_参保.csv line 2: dropped here
	)
	b := mustLoad(t, dir, Options{})
	if got := b.Rows[Headcount]; len(got) != 1 || !slices.Equal(got[0][:4], []string{a, "2021", "12", "10"}) || got[0][4] != "a_参保.csv" {
		t.Errorf("headcount rows = %q, want only a_参保.csv line 2", got)
	}
	q := quarantineByPlace(b)
	for _, place := range []string{"a_参保.csv::3:headcount", "a_参保.csv::4:headcount"} {
		if x := q[place]; x.Reason != "duplicate" || x.Column != "credit_code,year,month" {
			t.Errorf("%s: %+v, want duplicate", place, x)
		}
	}
	if x := q["a_参保.csv::5:headcount"]; x.Reason != "bad_number" || x.RawValue != "11.5" {
		t.Errorf("fractional persons: %+v", x)
	}
	if r := reportFor(t, b, "b_参保.csv", "", Headcount); r.DuplicatesDropped != 1 || r.RowsRead != 1 {
		t.Errorf("b report %+v: the dropped duplicate counts where it came from", r)
	}
	if r := reportFor(t, b, "a_参保.csv", "", Headcount); r.Loaded != 1 || r.Quarantined != 3 {
		t.Errorf("a report %+v", r)
	}
}

func TestEncodings(t *testing.T) {
	lines := []string{"统一社会信用代码,集团编号", codeN(t, 1) + ",集团甲"}
	for _, tc := range []struct {
		name, enc, force, want string
		errIs                  error
	}{
		{"GB18030 is detected", "gb18030", "", "gb18030", nil},
		{"a BOM means UTF-8", "utf-8-bom", "", "utf-8-bom", nil},
		{"valid UTF-8 is UTF-8", "utf-8", "", "utf-8", nil},
		{"GB18030 forced", "gb18030", "gb18030", "gb18030", nil},
		{"forcing UTF-8 on GB18030 text garbles the header", "gb18030", "utf-8", "", ErrUnrecognised},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeCSV(t, filepath.Join(dir, "关联.csv"), tc.enc, lines...)
			b, err := LoadDir(dir, Options{Encoding: tc.force})
			if tc.errIs != nil {
				if !errors.Is(err, tc.errIs) {
					t.Fatalf("err = %v, want %v", err, tc.errIs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Reports[0].Encoding != tc.want || b.Rows[Affiliates][0][1] != "集团甲" {
				t.Errorf("encoding %q, row %q", b.Reports[0].Encoding, b.Rows[Affiliates])
			}
		})
	}
}

// TestEveryKind loads one workbook with a sheet per kind, with Excel date cells where exports have them.
func TestEveryKind(t *testing.T) {
	dir := t.TempDir()
	c1, c2 := codeN(t, 1), codeN(t, 2)
	d := func(y, m, dd int) xdate { return xdate(time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)) }
	// 44378 is 2021-07-01 as an Excel serial.
	writeXLSX(t, filepath.Join(dir, "汇总.xlsx"),
		xsheet{name: "单位名录", rows: [][]any{
			{"统一社会信用代码", "单位详细名称", "国民经济行业代码", "单位所在地区划代码", "是否独立法人", "投产年月"},
			{c1, "甲", 610, "110108001000", "是", xcustom{44378, `yyyy"年"m"月"`}},
			{c2, "乙", "3911", "110228", "否", 202107},
		}},
		xsheet{name: "规上", rows: [][]any{{"统一社会信用代码", "统计年度", "纳入方式"}, {c1, "2021年", "新建投产"}}},
		xsheet{name: "参保", rows: [][]any{{"统一社会信用代码", "统计时点", "参保人数"}, {c1, d(2021, 12, 31), "1,024"}}},
		xsheet{name: "专精特新", rows: [][]any{
			{"统一社会信用代码", "级别", "认定日期", "认定年份", "有效期至"},
			{c1, `国家级专精特新“小巨人”`, d(2021, 7, 15), nil, "2024-07-14"},
			{c2, "创新型中小企业", nil, 2022, nil},
			{c2, "市级专精特新", nil, nil, nil},
		}},
		xsheet{name: "失信", rows: [][]any{{"统一社会信用代码", "列入日期", "移出日期"}, {c1, "2022年8月1日", d(2023, 2, 1)}}},
		xsheet{name: "禁限", rows: [][]any{
			{"行业代码", "管控类型", "适用区域"},
			{"261", "禁止类", "全市"},
			{"0610", "限制", "海淀区、朝阳"},
		}},
		xsheet{name: "工业软件", rows: [][]any{{"统一社会信用代码", "认定年份"}, {c1, ""}}},
		xsheet{name: "其他市级", rows: [][]any{{"统一社会信用代码", "方向", "资金名称", "年度"}, {c1, "方向十一", "某专项", ""}}},
		xsheet{name: "兑付", rows: [][]any{{"统一社会信用代码", "年度", "方向", "项目", "金额（万元）"}, {c1, 2022, "10", "D10-1", xnum(50)}}},
		xsheet{name: "关联", rows: [][]any{{"统一社会信用代码", "集团编号"}, {c1, "G1"}}},
	)
	b := mustLoad(t, dir, Options{})
	want := map[Kind][][]string{
		Enterprises: {
			{c1, "甲", "0610", "110108001000", "110108", "海淀区", "海淀区", "true", "是", "true", "2021-07-01", "true"},
			{c2, "乙", "3911", "110228", "110118", "密云区", "密云区", "true", "否", "false", "2021-07-01", "true"},
		},
		AboveScale: {{c1, "2021", "新建投产"}},
		Headcount:  {{c1, "2021", "12", "1024"}},
		Specialised: {{c1, "national", `国家级专精特新“小巨人”`, "2021-07-15", "2021-07-15", "2024-07-14"},
			{c2, "innovative", "创新型中小企业", "2022-12-31", "2022-01-01", ""}},
		Dishonesty: {{c1, "2022-08-01", "2023-02-01"}},
		Restricted: {
			{"261", "禁止", "全市", "true"},
			{"0610", "限制", "朝阳区、海淀区", "false"},
		},
		IndustrialSoftware: {{c1, ""}},
		OtherFunds:         {{c1, "11", "某专项", ""}},
		PriorAwards:        {{c1, "2022", "10", "D10-1", "500000.00"}},
		Affiliates:         {{c1, "G1"}},
	}
	for k, rows := range want {
		var got [][]string
		for _, r := range b.Rows[k] {
			got = append(got, r[:len(r)-3])
		}
		if diff := cmp.Diff(rows, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	// The 市级 row has neither 认定日期 nor 认定年份.
	if q := quarantineByPlace(b)["汇总.xlsx:专精特新:4:specialised"]; q.Reason != "missing_value" {
		t.Errorf("specialised without a date: %+v", q)
	}
	if len(b.Quarantine) != 1 {
		t.Errorf("quarantine %+v, want only the undated 专精特新 row", b.Quarantine)
	}
}

// FuzzDetectHeader feeds arbitrary sheets (rows by line, cells by tab) through header detection, kind
// recognition and row conversion: whatever a file holds, the loader must not panic.
func FuzzDetectHeader(f *testing.F) {
	for _, s := range []string{
		"2022年规模以上工业企业产值\n单位：千元\n统一社会信用代码\t期别\t工业总产值（当年价格）\t\n\t\t本年\t上年同期\n911101080000000011\t2022年\t1,234\t—",
		"统一社会信用代码\t单位详细名称\t行业代码(2011)\t区划代码\nx\ty\t610\t110108",
		"统一社会信用代码\t期别\t营业收入（万元）\t工业总产值（千元）\n合 计\t\t1\t2",
		"\t本年\n本期\t上年同期\n",
		"单位：亿元\n行业代码\t管控类型\t适用区域\n26\t禁止\t全市、海淀",
		"统一社会信用代码\t级别\t认定年份\n9.1E+17\t小巨人\t2021.0",
		"统一社会信用代码\t期别\t工业总产值（万元）\t工业总产值（万元）\t工业总产值（万元）\n\t\t本月\t本年累计\t上年同期累计\n#N/A\t2022年\t1\t2\t3\n注：\t\t\t\t",
		"统一社会信用代码\t期别\t营业收入\t\n\t\t1-3月\t增加值\nMA01AB3C-4\t2022Q1\t15%\t1",
		"",
	} {
		f.Add(s)
	}
	m := newMatcher()
	f.Fuzz(func(t *testing.T, s string) {
		var rows []sheetRow
		for i, line := range strings.Split(s, "\n") {
			rows = append(rows, sheetRow{num: i + 1, cells: strings.Split(line, "\t")})
		}
		h, ok, ms := m.detectHeader(rows, m.specs)
		_ = ms.String()
		if !ok {
			return
		}
		if h.index < 0 || h.dataStart <= h.index || h.dataStart > len(rows) {
			t.Fatalf("header %+v out of range for %d rows", h, len(rows))
		}
		chosen, _ := m.recognise(h, m.specs, "Sheet1", "f.xlsx")
		sd := &sheetData{name: "Sheet1", rows: rows}
		for _, s := range chosen {
			p := m.makePlan(s, rows, h)
			if p.stop != nil {
				continue // the sheet stops the run: no row of it is read
			}
			for idx := h.dataStart; idx < len(rows); idx++ {
				if blank, total := classify([]plan{p}, &rows[idx]); blank || total {
					continue
				}
				vals, probs := p.convert("f.xlsx", "Sheet1", sd, idx)
				if (vals == nil) == (len(probs) == 0) {
					t.Fatalf("row %d: values %q and problems %v", idx, vals, probs)
				}
				if vals != nil && len(vals) != len(Columns(s.kind)) {
					t.Fatalf("row %d: %d values for %s", idx, len(vals), s.kind)
				}
			}
		}
	})
}

func TestUnitSources(t *testing.T) {
	c1, c2 := codeN(t, 1), codeN(t, 2)
	for _, tc := range []struct {
		name  string
		sheet xsheet
		kind  Kind
		unit  string
		want  [][]string // credit_code, year, end_month, value_yuan, prev_value_yuan
		total int
	}{
		{
			name: "the unit in a merged parent over 本期 and 上年同期",
			sheet: xsheet{name: "营业收入", rows: [][]any{
				{"统一社会信用代码", "期别", "营业收入（万元）", nil},
				{nil, nil, "本期", "上年同期"},
				{c1, "2022年1—12月", "1", "2"},
			}, merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "D1"}}},
			kind: Revenue, unit: "万元",
			want: [][]string{{c1, "2022", "12", "10000.00", "20000.00"}},
		},
		{
			name: "the unit as a cell of its own in the header row, rounded half away from zero",
			sheet: xsheet{name: "Sheet1", rows: [][]any{
				{"统一社会信用代码", "期别", "工业总产值", "单位：元"},
				{c1, "2022年", "1.235"},
				{c2, "2022年", "-1.235"},
			}},
			kind: OutputValue, unit: "元",
			want: [][]string{{c1, "2022", "12", "1.24", ""}, {c2, "2022", "12", "-1.24", ""}},
		},
		{
			name: "a unit line under a title, a period typed as an Excel date, a # sub-total",
			sheet: xsheet{name: "产值", rows: [][]any{
				{"2022年一季度工业总产值"},
				{"计量单位：亿元"},
				{},
				{"统一社会信用代码", "期别", "工业总产值（当年价格）"},
				{c1, xdate(time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)), xnum(0.5)},
				{"#海淀区小计", nil, xnum(0.5)},
			}},
			kind: OutputValue, unit: "亿元", total: 1,
			want: [][]string{{c1, "2022", "3", "50000000.00", ""}},
		},
		{
			name: "the column's own unit agreeing with the unit line",
			sheet: xsheet{name: "Sheet1", rows: [][]any{
				{"单位：万元"},
				{"统一社会信用代码", "期别", "营业收入（万元）"},
				{c1, "2022Q1", "3"},
			}},
			kind: Revenue, unit: "万元",
			want: [][]string{{c1, "2022", "3", "30000.00", ""}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeXLSX(t, filepath.Join(dir, "f.xlsx"), tc.sheet)
			b := mustLoad(t, dir, Options{})
			var got [][]string
			for _, r := range b.Rows[tc.kind] {
				got = append(got, r[:5])
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if len(b.Quarantine) != 0 {
				t.Errorf("quarantine %+v", b.Quarantine)
			}
			r := reportFor(t, b, "f.xlsx", tc.sheet.name, tc.kind)
			if r.Unit != tc.unit || r.SkippedTotals != tc.total {
				t.Errorf("report %+v, want unit %s and %d totals", r, tc.unit, tc.total)
			}
		})
	}
}
