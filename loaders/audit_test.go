package loaders

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	xunicode "golang.org/x/text/encoding/unicode"
)

// These tests walk inputs.md line by line: each names the sentence it holds the loader to.

// placeOf says where one input row landed: "L" loaded, "Q:<reason>" quarantined, "" nowhere (a total,
// a dropped duplicate, or lost).
func placeOf(b *Batch, k Kind, file, sheet string, row int) string {
	n := len(Columns(k))
	for _, r := range b.Rows[k] {
		if r[n-3] == file && r[n-2] == sheet && r[n-1] == strconv.Itoa(row) {
			return "L"
		}
	}
	for _, q := range b.Quarantine {
		if q.Kind == k && q.SourceFile == file && q.SourceSheet == sheet && q.SourceRow == row {
			return "Q:" + q.Reason
		}
	}
	return ""
}

// rowAt returns the loaded values of one source row as column → value.
func rowAt(t *testing.T, b *Batch, k Kind, file, sheet string, row int) map[string]string {
	t.Helper()
	g := rowsByPlace(b, k)[file+":"+sheet+":"+strconv.Itoa(row)]
	if g == nil {
		t.Fatalf("%s %s:%s row %d not loaded; quarantine %+v", k, file, sheet, row, b.Quarantine)
	}
	return g
}

// "The same key twice within one kind: both rows are quarantined as duplicate, unless the values are equal
// (then one is kept and the other counted in duplicates_dropped)", with the key of every kind.
func TestDuplicateKeysOfEveryKind(t *testing.T) {
	c := func(n int) string { return codeN(t, n) }
	// L loaded, D dropped as an equal duplicate, Q quarantined as duplicate. A row that differs from a
	// loaded one only in one key column must load: that column is part of the key.
	type line struct {
		csv, want string
	}
	for _, tc := range []struct {
		name, file, header string
		kind               Kind
		lines              []line
	}{
		{"enterprises: the code", "单位名录.csv", "统一社会信用代码,单位详细名称,行业代码,区划代码", Enterprises, []line{
			{c(1) + ",甲,3911,110108", "L"}, {c(1) + ",甲,3911,110108", "D"},
			{c(2) + ",乙,3911,110108", "Q"}, {c(2) + ",乙二,3911,110108", "Q"},
			{c(3) + ",甲,3911,110108", "L"},
		}},
		{"above_scale: code and year", "规上.csv", "统一社会信用代码,年份,纳入方式", AboveScale, []line{
			{c(1) + ",2021,新建投产", "L"}, {c(1) + ",2021年,新建投产", "D"},
			{c(2) + ",2021,其他", "Q"}, {c(2) + ",2021,新建投产", "Q"},
			{c(1) + ",2022,新建投产", "L"},
		}},
		{"output_value: code and period", "工业总产值.csv", "统一社会信用代码,期别,工业总产值（千元）", OutputValue, []line{
			{c(1) + ",2022年,1", "L"}, {c(1) + ",2022年1-12月,1", "D"},
			{c(2) + ",2022年,1", "Q"}, {c(2) + ",2022年,2", "Q"},
			{c(1) + ",2022Q1,1", "L"}, {c(1) + ",2021年,1", "L"}, {c(3) + ",2022年,1", "L"},
		}},
		{"revenue: code and period", "营业收入.csv", "统一社会信用代码,期别,营业收入（万元）", Revenue, []line{
			{c(1) + ",2022年,1", "L"}, {c(1) + ",2022年1—12月,1.0", "D"},
			{c(2) + ",2022年,1", "Q"}, {c(2) + ",2022年,", "Q"},
			{c(1) + ",2022-03,1", "L"},
		}},
		{"headcount: code and month", "参保.csv", "统一社会信用代码,统计时点,参保人数", Headcount, []line{
			{c(1) + ",2021年12月,10", "L"}, {c(1) + ",2021-12-31,10", "D"},
			{c(2) + ",2021-12,5", "Q"}, {c(2) + ",2021-12,6", "Q"},
			{c(1) + ",2021-11,10", "L"}, {c(1) + ",2020-12,10", "L"},
		}},
		{"specialised: code, level and recognition date", "专精特新.csv", "统一社会信用代码,级别,认定日期,有效期至", Specialised, []line{
			{c(1) + ",小巨人,2021-07-15,2024-07-14", "L"}, {c(1) + ",国家级专精特新“小巨人”,2021年7月15日,2024-07-14", "D"},
			{c(2) + ",小巨人,2021-07-15,2024-07-14", "Q"}, {c(2) + ",小巨人,2021-07-15,2025-07-14", "Q"},
			{c(1) + ",创新型中小企业,2021-07-15,2024-07-14", "L"}, {c(1) + ",小巨人,2022-07-15,2024-07-14", "L"},
		}},
		{"dishonesty: code and 列入日期", "失信.csv", "统一社会信用代码,列入日期,移出日期", Dishonesty, []line{
			{c(1) + ",2022-01-01,", "L"}, {c(1) + ",2022年1月1日,", "D"},
			{c(2) + ",2022-01-01,2023-01-01", "Q"}, {c(2) + ",2022-01-01,", "Q"},
			{c(1) + ",2022-02-01,", "L"},
		}},
		{"restricted: prefix, type and scope", "禁限.csv", "行业代码,管控类型,适用区域", Restricted, []line{
			{"2611,禁止,全市", "L"}, {"2611,禁止类,北京市", "D"},
			{"2611,限制,全市", "L"}, {"2612,禁止,全市", "L"},
			{"2611,禁止,海淀区、朝阳区", "L"}, {"2611,禁止,\"朝阳,海淀\"", "D"},
		}},
		{"industrial_software: the code", "工业软件.csv", "统一社会信用代码,认定年份", IndustrialSoftware, []line{
			{c(1) + ",2021", "L"}, {c(1) + ",2021年", "D"},
			{c(2) + ",2021", "Q"}, {c(2) + ",2022", "Q"},
			{c(3) + ",", "L"},
		}},
		{"other_funds: code, direction and 资金名称", "其他市级资金.csv", "统一社会信用代码,方向,资金名称,年度", OtherFunds, []line{
			{c(1) + ",方向10,某资金,2021", "L"}, {c(1) + ",10,某资金,2021", "D"},
			{c(2) + ",10,某资金,2021", "Q"}, {c(2) + ",10,某资金,2022", "Q"},
			{c(1) + ",11,某资金,2021", "L"}, {c(1) + ",10,另一资金,2021", "L"},
		}},
		{"prior_awards: code, 年度, 方向 and 项目", "已兑付奖励.csv", "统一社会信用代码,年度,方向,项目,金额（万元）", PriorAwards, []line{
			{c(1) + ",2022,10,D10-1,50", "L"}, {c(1) + ",2022年,方向10,D10-1,50.00", "D"},
			{c(2) + ",2022,10,D10-1,50", "Q"}, {c(2) + ",2022,10,D10-1,60", "Q"},
			{c(1) + ",2021,10,D10-1,50", "L"}, {c(1) + ",2022,11,D10-1,50", "L"}, {c(1) + ",2022,10,D10-2,50", "L"},
		}},
		{"affiliates: the code", "关联企业.csv", "统一社会信用代码,集团编号", Affiliates, []line{
			{c(1) + ",G1", "L"}, {c(1) + ",G1", "D"},
			{c(2) + ",G1", "Q"}, {c(2) + ",G2", "Q"},
			{c(3) + ",G1", "L"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			csv := []string{tc.header}
			for _, l := range tc.lines {
				csv = append(csv, l.csv)
			}
			writeCSV(t, filepath.Join(dir, tc.file), "utf-8", csv...)
			b := mustLoad(t, dir, Options{})
			if len(b.Reports) != 1 || b.Reports[0].Kind != tc.kind {
				t.Fatalf("reports %+v, want one %s", b.Reports, tc.kind)
			}
			dropped := 0
			for i, l := range tc.lines {
				got := placeOf(b, tc.kind, tc.file, "", i+2)
				want := map[string]string{"L": "L", "D": "", "Q": "Q:duplicate"}[l.want]
				if l.want == "D" {
					dropped++
				}
				if got != want {
					t.Errorf("line %d %q landed %q, want %q", i+2, l.csv, got, want)
				}
			}
			if r := b.Reports[0]; r.DuplicatesDropped != dropped || r.RowsRead != len(tc.lines) {
				t.Errorf("report %+v, want %d read and %d dropped", r, len(tc.lines), dropped)
			}
		})
	}
}

// "Totals and sub-totals: rows whose first text cell is 合计, 合 计, 总计, 其中, or starts with #. ... skip
// them, count them, never load them as data."
func TestTotalsRows(t *testing.T) {
	dir := t.TempDir()
	c1, c2 := codeN(t, 1), codeN(t, 2)
	writeCSV(t, filepath.Join(dir, "规上.csv"), "gb18030",
		"序号,统一社会信用代码,年份",
		"1,"+c1+",2021", // 2
		"合计,,",          // 3
		",合 计,",         // 4
		"总计,,2021",      // 5
		",其中：海淀区,",      // 6
		"#海淀区,,",        // 7
		"2,"+c2+",2021", // 8
		"3,总　计,",        // 9: an ideographic space inside
		"",              // 10: blank
		"＃ 小计,,",        // 11: a full-width #
	)
	b := mustLoad(t, dir, Options{})
	r := reportFor(t, b, "规上.csv", "", AboveScale)
	if diff := cmp.Diff(SheetReport{SourceFile: "规上.csv", Kind: AboveScale, RowsRead: 9, Loaded: 2, SkippedTotals: 7,
		Encoding: "gb18030"}, r); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	for _, row := range []int{2, 8} {
		if got := placeOf(b, AboveScale, "规上.csv", "", row); got != "L" {
			t.Errorf("line %d: %q, want loaded", row, got)
		}
	}
}

// "source_row is the physical row a person sees": leading blank rows of a sheet count, and a CSV record
// with a quoted multi-line field is numbered by the line it starts on.
func TestSourceRowIsThePhysicalRow(t *testing.T) {
	c1, c2, c3 := codeN(t, 1), codeN(t, 2), codeN(t, 3)
	t.Run("xlsx with blank rows above the title", func(t *testing.T) {
		dir := t.TempDir()
		writeXLSX(t, filepath.Join(dir, "关联.xlsx"), xsheet{name: "关联企业", rows: [][]any{
			{}, {}, // 1, 2: empty
			{nil, nil, "在京关联企业名单"},    // 3: a title not in column A
			{nil, "统一社会信用代码", "集团编号"}, // 4
			{nil, c1, "G1"}, // 5
			{},              // 6
			{nil, c2, "G2"}, // 7
		}})
		b := mustLoad(t, dir, Options{})
		for _, row := range []int{5, 7} {
			if got := placeOf(b, Affiliates, "关联.xlsx", "关联企业", row); got != "L" {
				t.Errorf("row %d: %q, want loaded; rows %q", row, got, b.Rows[Affiliates])
			}
		}
		if r := b.Reports[0]; r.RowsRead != 2 {
			t.Errorf("report %+v, want 2 rows read", r)
		}
	})
	t.Run("CSV with a quoted multi-line field and blank lines", func(t *testing.T) {
		dir := t.TempDir()
		writeCSV(t, filepath.Join(dir, "关联.csv"), "utf-8",
			"统一社会信用代码,集团编号,备注", // 1
			"",                       // 2
			c1+",G1,\"第一行",           // 3
			"第二行\"",                  // 4
			c2+",G2,",                // 5
			"\""+c3+"\",\"G\"\"3\",", // 6: quoted fields with an escaped quote
		)
		b := mustLoad(t, dir, Options{})
		for _, row := range []int{3, 5, 6} {
			if got := placeOf(b, Affiliates, "关联.csv", "", row); got != "L" {
				t.Errorf("line %d: %q, want loaded; rows %q", row, got, b.Rows[Affiliates])
			}
		}
		if g := rowAt(t, b, Affiliates, "关联.csv", "", 6); g["group_id"] != `G"3` {
			t.Errorf("group %q", g["group_id"])
		}
	})
}

// A CSV whose quoted field never closes would otherwise swallow every later line into one cell: rows
// would be lost without a trace. inputs.md "Fail closed": it is quarantined from that record (field_count),
// each line on its own so that every enterprise on them can be named; the records before it load.
func TestUnterminatedQuoteQuarantinesFromThatRecord(t *testing.T) {
	for _, eol := range []string{"\r\n", "\n", "\r"} {
		text := strings.Join([]string{
			"统一社会信用代码,集团编号",
			codeN(t, 1) + ",G1",
			codeN(t, 2) + ",\"集团甲",
			codeN(t, 3) + ",G3",
			codeN(t, 4) + ",G4",
		}, eol) + eol
		sd, err := readCSV([]byte(text), "")
		if err != nil {
			t.Fatalf("%q: %v", eol, err)
		}
		var got []string
		for _, r := range sd.rows {
			got = append(got, fmt.Sprintf("%d %s %s", r.num, r.cells[0], r.bad))
		}
		want := []string{"1 统一社会信用代码 ", "2 " + codeN(t, 1) + " ",
			"3 " + codeN(t, 2) + " field_count", "4 " + codeN(t, 3) + " field_count", "5 " + codeN(t, 4) + " field_count"}
		if !slices.Equal(got, want) {
			t.Errorf("line ends %q: rows\n%q\nwant\n%q", eol, got, want)
		}
	}
}

// A quote inside a quoted field that is neither doubled nor followed by the delimiter leaves where the
// record ends uncertain (encoding/csv would read on): the run stops naming the line.
func TestStrayQuoteInsideAQuotedFieldStops(t *testing.T) {
	dir := t.TempDir()
	writeCSV(t, filepath.Join(dir, "关联.csv"), "utf-8",
		"统一社会信用代码,集团编号",
		codeN(t, 1)+",\"集团\"甲,乙\"",
		codeN(t, 2)+",G2",
	)
	_, err := LoadDir(dir, Options{})
	var fe *FileError
	if !errors.Is(err, ErrUnreadable) || !errors.As(err, &fe) || fe.File != "关联.csv" || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err = %v, want ErrUnreadable for 关联.csv naming line 2", err)
	}
}

// "A file that cannot be opened (corrupt, encrypted, not a spreadsheet) fails the batch with a clear
// message": a binary file or a workbook saved under a .csv name is not read as GB18030 text.
func TestBinaryCSVIsUnreadable(t *testing.T) {
	for _, tc := range []struct{ name, data string }{
		{"a workbook renamed to .csv", "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"},
		{"binary data", "\x00\x01\x02\xff\xfe\x00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "名录.csv"), tc.data)
			_, err := LoadDir(dir, Options{})
			var fe *FileError
			if !errors.Is(err, ErrUnreadable) || !errors.As(err, &fe) || fe.File != "名录.csv" {
				t.Fatalf("err = %v, want ErrUnreadable naming 名录.csv", err)
			}
		})
	}
}

// "decide by content": UTF-16 with a byte-order mark (Excel's "Unicode text") is read as such.
func TestUTF16CSV(t *testing.T) {
	dir := t.TempDir()
	text := "统一社会信用代码,集团编号\r\n" + codeN(t, 1) + ",集团甲\r\n"
	data, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "关联.csv"), string(data))
	b := mustLoad(t, dir, Options{})
	if b.Reports[0].Encoding != "utf-16" || len(b.Rows[Affiliates]) != 1 || b.Rows[Affiliates][0][1] != "集团甲" {
		t.Errorf("report %+v rows %q", b.Reports[0], b.Rows[Affiliates])
	}
}

// A workbook with a chart sheet next to its data is a real export: the chart sheet is skipped with a
// warning, not a reason to refuse the file.
func TestChartSheetIsSkipped(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "关联.xlsx")
	f := excelize.NewFile()
	f.SetCellStr("Sheet1", "A1", "统一社会信用代码")
	f.SetCellStr("Sheet1", "B1", "集团编号")
	f.SetCellStr("Sheet1", "A2", codeN(t, 1))
	f.SetCellStr("Sheet1", "B2", "G1")
	if err := f.AddChartSheet("图表", &excelize.Chart{Type: excelize.Col, Series: []excelize.ChartSeries{
		{Name: "Sheet1!$B$1", Categories: "Sheet1!$A$2", Values: "Sheet1!$B$2"}}}); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	b := mustLoad(t, dir, Options{})
	if len(b.Rows[Affiliates]) != 1 || !hasWarning(b, "图表", "skipped") {
		t.Errorf("rows %q warnings %q", b.Rows[Affiliates], b.Warnings)
	}
}

// "Dates as text ... or as Excel date cells (a serial number with a date format: read the raw value and
// the cell's format, not the displayed text)", for every date column of inputs.md.
func TestExcelDateCellsInEveryDateColumn(t *testing.T) {
	c1 := codeN(t, 1)
	d := func(y, m, dd int) xdate { return xdate(time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)) }
	serial := func(y, m, dd int) float64 {
		return float64(time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	}
	dir := t.TempDir()
	writeXLSX(t, filepath.Join(dir, "汇总.xlsx"),
		xsheet{name: "单位名录", rows: [][]any{
			{"统一社会信用代码", "单位详细名称", "行业代码", "区划代码", "投产年月"},
			{c1, "甲", "3911", "110108", d(2021, 7, 1)},
			{codeN(t, 2), "乙", "3911", "110108", xcustom{serial(2019, 11, 1), "[$-804]yyyy年m月;@"}},
			{codeN(t, 3), "丙", "3911", "110108", xcustom{serial(2018, 3, 1), "mmm-yy"}},
		}},
		xsheet{name: "参保", rows: [][]any{{"统一社会信用代码", "统计时点", "参保人数"}, {c1, d(2021, 12, 31), xnum(12)}}},
		xsheet{name: "专精特新", rows: [][]any{
			{"统一社会信用代码", "级别", "认定日期", "有效期至"},
			{c1, "小巨人", d(2021, 7, 15), d(2024, 7, 14)},
		}},
		xsheet{name: "失信", rows: [][]any{{"统一社会信用代码", "列入日期", "移出日期"}, {c1, d(2022, 8, 1), d(2023, 2, 1)}}},
		xsheet{name: "规上", rows: [][]any{{"统一社会信用代码", "年份"}, {c1, xcustom{serial(2021, 1, 1), "yyyy"}}}},
		xsheet{name: "产值", rows: [][]any{{"统一社会信用代码", "期别", "工业总产值（万元）"}, {c1, d(2022, 3, 31), xnum(1)}}},
	)
	b := mustLoad(t, dir, Options{})
	for _, tc := range []struct {
		kind  Kind
		sheet string
		row   int
		want  map[string]string
	}{
		{Enterprises, "单位名录", 2, map[string]string{"start_month": "2021-07-01"}},
		{Enterprises, "单位名录", 3, map[string]string{"start_month": "2019-11-01"}},
		{Enterprises, "单位名录", 4, map[string]string{"start_month": "2018-03-01"}},
		{Headcount, "参保", 2, map[string]string{"year": "2021", "month": "12", "persons": "12"}},
		{Specialised, "专精特新", 2, map[string]string{"recognized_on": "2021-07-15", "valid_until": "2024-07-14"}},
		{Dishonesty, "失信", 2, map[string]string{"listed_on": "2022-08-01", "removed_on": "2023-02-01"}},
		{AboveScale, "规上", 2, map[string]string{"year": "2021"}},
		{OutputValue, "产值", 2, map[string]string{"year": "2022", "end_month": "3", "value_yuan": "10000.00"}},
	} {
		g := rowAt(t, b, tc.kind, "汇总.xlsx", tc.sheet, tc.row)
		for k, v := range tc.want {
			if g[k] != v {
				t.Errorf("%s row %d %s = %q, want %q", tc.sheet, tc.row, k, g[k], v)
			}
		}
	}
}

// A workbook saved in the 1904 date system (Excel for Mac) counts its serials from 1904-01-01: the same
// date has a serial 1,462 smaller, and reading it as 1900-based would shift every date by four years.
func TestDate1904Workbook(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "失信.xlsx")
	f := excelize.NewFile()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetSheetRow("Sheet1", "A1", &[]any{"统一社会信用代码", "列入日期"})
	f.SetCellStr("Sheet1", "A2", codeN(t, 1))
	// 2022-08-01 is 44774 in the 1900 system, 43312 in the 1904 system.
	f.SetCellFloat("Sheet1", "B2", 43312, -1, 64)
	f.SetCellStyle("Sheet1", "B2", "B2", style)
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	b := mustLoad(t, dir, Options{})
	if g := rowAt(t, b, Dishonesty, "失信.xlsx", "Sheet1", 2); g["listed_on"] != "2022-08-01" {
		t.Errorf("listed_on = %q, want 2022-08-01", g["listed_on"])
	}
}

// "Identifier columns (信用代码, 行业代码, 区划代码) must be read as text: Excel may have turned them into
// numbers (leading zeros lost: a 行业代码 of 610 is 0610; scientific notation)."
func TestIdentifiersStoredAsNumbers(t *testing.T) {
	dir := t.TempDir()
	writeXLSX(t, filepath.Join(dir, "单位名录.xlsx"), xsheet{name: "名录", rows: [][]any{
		{"统一社会信用代码", "单位详细名称", "行业代码", "区划代码"},
		{codeN(t, 1), "甲", 610, 110108},                    // 2
		{codeN(t, 2), "乙", xnum(3911), xnum(110108001000)}, // 3: a 12-digit 统计用区划代码 as a number
		{codeN(t, 3), "丙", xnum(610), 110115403},           // 4
		{xraw("9.11101080000001E+17"), "丁", 3911, 110108},  // 5
		{codeN(t, 5), "戊", 3911, xraw("1.10108001E+11")},   // 6: a 12-digit code that lost digits
		{xnum(911101080000000000), "己", 3911, 110108},      // 7: an all-digit code Excel made a number
	}})
	b := mustLoad(t, dir, Options{})
	for _, tc := range []struct {
		row  int
		want map[string]string
	}{
		{2, map[string]string{"industry_code": "0610", "region_code": "110108", "district": "海淀区"}},
		{3, map[string]string{"industry_code": "3911", "region_code": "110108001000", "area_code": "110108"}},
		{4, map[string]string{"industry_code": "0610", "area_code": "110115403", "district": "北京经济技术开发区", "scope_district": "大兴区"}},
	} {
		g := rowAt(t, b, Enterprises, "单位名录.xlsx", "名录", tc.row)
		for k, v := range tc.want {
			if g[k] != v {
				t.Errorf("row %d %s = %q, want %q", tc.row, k, g[k], v)
			}
		}
	}
	q := quarantineByPlace(b)
	if x := q["单位名录.xlsx:名录:5:enterprises"]; x.Reason != "bad_code" {
		t.Errorf("scientific credit code: %+v", x)
	}
	if x := q["单位名录.xlsx:名录:6:enterprises"]; x.Reason == "" {
		t.Errorf("scientific 区划代码 loaded: %+v", rowsByPlace(b, Enterprises)["单位名录.xlsx:名录:6"])
	}
	if x := q["单位名录.xlsx:名录:7:enterprises"]; x.Reason != "bad_code" {
		t.Errorf("a credit code stored as a number must never load as a (possibly wrong) code: %+v %v", x,
			rowsByPlace(b, Enterprises)["单位名录.xlsx:名录:7"])
	}
}

// prior_awards: "金额（万元） (or another money unit)"; a money column without a unit quarantines the sheet.
func TestPriorAwardsMoneyUnits(t *testing.T) {
	c1 := codeN(t, 1)
	for _, tc := range []struct {
		name  string
		lines []string
		want  string // amount_yuan, or "Q:<reason>"
	}{
		{"万元 in the header", []string{"统一社会信用代码,年度,方向,项目,金额（万元）", c1 + ",2022,10,D10-1,50"}, "500000.00"},
		{"元 in the header", []string{"统一社会信用代码,年度,方向,项目,金额（元）", c1 + ",2022,10,D10-1,\"500,000\""}, "500000.00"},
		{"千元 after a slash", []string{"统一社会信用代码,年度,方向,项目,金额/千元", c1 + ",2022,10,D10-1,500"}, "500000.00"},
		{"a unit line", []string{"金额单位：万元", "统一社会信用代码,年度,方向,项目,金额", c1 + ",2022,方向10,D10-1,50"}, "500000.00"},
		{"no unit anywhere", []string{"统一社会信用代码,年度,方向,项目,金额", c1 + ",2022,10,D10-1,50"}, "Q:unknown_unit"},
		{"no 金额 column at all", []string{"统一社会信用代码,年度,方向,项目", c1 + ",2022,10,D10-1"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeCSV(t, filepath.Join(dir, "已兑付奖励.csv"), "utf-8", tc.lines...)
			b := mustLoad(t, dir, Options{})
			row := len(tc.lines)
			got := placeOf(b, PriorAwards, "已兑付奖励.csv", "", row)
			if strings.HasPrefix(tc.want, "Q:") {
				if got != tc.want {
					t.Errorf("landed %q, want %q", got, tc.want)
				}
				return
			}
			if g := rowAt(t, b, PriorAwards, "已兑付奖励.csv", "", row); g["amount_yuan"] != tc.want {
				t.Errorf("amount_yuan = %q, want %q", g["amount_yuan"], tc.want)
			}
		})
	}
}

// 是否独立法人: "是/否 or 法人/产业活动单位/个体; empty means 是; any other value is quarantined".
func TestLegalPersonValues(t *testing.T) {
	header := "统一社会信用代码,单位详细名称,行业代码,区划代码,是否独立法人"
	for _, tc := range []struct{ value, want string }{
		{"是", "true"}, {"否", "false"}, {"法人", "true"}, {"产业活动单位", "false"}, {"个体", "false"}, {"", "true"},
		{" 是 ", "true"},
		{"其他", "Q:bad_legal_person"}, {"不详", "Q:bad_legal_person"}, {"Y", "Q:bad_legal_person"},
		{"1", "Q:bad_legal_person"}, {"0", "Q:bad_legal_person"},
	} {
		t.Run(fmt.Sprintf("%q", tc.value), func(t *testing.T) {
			dir := t.TempDir()
			writeCSV(t, filepath.Join(dir, "单位名录.csv"), "utf-8", header, codeN(t, 1)+",甲,3911,110108,"+tc.value)
			b := mustLoad(t, dir, Options{})
			got := placeOf(b, Enterprises, "单位名录.csv", "", 2)
			if got == "L" {
				got = rowAt(t, b, Enterprises, "单位名录.csv", "", 2)["is_legal_person"]
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// "A sheet's kind is recognised from its header row ... among the fitting kinds the one matching the most
// columns wins. A remaining tie is settled by the longest keyword found in the sheet name, then the file
// name."
func TestRecognitionOrder(t *testing.T) {
	code := codeN(t, 1)
	for _, tc := range []struct {
		name, file, sheet string
		header, row       []any
		want              Kind
	}{
		{"more matching columns beat a keyword in the name", "其他市级资金.xlsx", "其他市级",
			[]any{"统一社会信用代码", "方向", "年度", "项目"}, []any{code, "10", "2022", "D10-1"}, PriorAwards},
		{"the longest keyword in the sheet name", "名单.xlsx", "其他市级兑付",
			[]any{"统一社会信用代码", "方向", "年度"}, []any{code, "10", "2022"}, OtherFunds},
		{"the sheet name before the file name", "已获奖励.xlsx", "其他市级",
			[]any{"统一社会信用代码", "方向", "年度"}, []any{code, "10", "2022"}, OtherFunds},
		{"the file name when the sheet name has no keyword", "已获奖励.xlsx", "Sheet1",
			[]any{"统一社会信用代码", "方向", "年度"}, []any{code, "10", "2022"}, PriorAwards},
		{"USCC", "x.xlsx", "Sheet1", []any{"USCC", "集团编号"}, []any{code, "G"}, Affiliates},
		{"USCC in lower case and full width", "x.xlsx", "Sheet1", []any{"ｕｓｃｃ", "集团编号"}, []any{code, "G"}, Affiliates},
		{"lower-case uscc alias", "x.xlsx", "Sheet1", []any{"uscc", "集团编号"}, []any{code, "G"}, Affiliates},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeXLSX(t, filepath.Join(dir, tc.file), xsheet{name: tc.sheet, rows: [][]any{tc.header, tc.row}})
			b := mustLoad(t, dir, Options{})
			if len(b.Reports) != 1 || b.Reports[0].Kind != tc.want || b.Reports[0].Loaded != 1 {
				t.Errorf("reports %+v, want one loaded %s row", b.Reports, tc.want)
			}
		})
	}
}

// "A CSV, or an xlsx none of whose sheets fits any kind, is an error (exit 65) naming the file and the
// columns it lacked", even when the header has nothing in common with any kind.
func TestUnrecognisedNamesWhatIsLacking(t *testing.T) {
	dir := t.TempDir()
	writeCSV(t, filepath.Join(dir, "杂项.csv"), "utf-8", "名称,地址,电话", "甲,北京,123")
	_, err := LoadDir(dir, Options{})
	if !errors.Is(err, ErrUnrecognised) || !strings.Contains(err.Error(), "杂项.csv") || !strings.Contains(err.Error(), "统一社会信用代码") {
		t.Fatalf("err = %v, want ErrUnrecognised naming 杂项.csv and the missing 统一社会信用代码", err)
	}
}

// batch.toml "names kinds explicitly": a sheet it names that does not have that kind's columns is an
// error naming the sheet and what it lacks, never silently skipped.
func TestBatchTomlSheetThatDoesNotFit(t *testing.T) {
	dir := t.TempDir()
	writeXLSX(t, filepath.Join(dir, "名单汇总.xlsx"),
		xsheet{name: "工业软件", rows: [][]any{{"统一社会信用代码", "认定年份"}, {codeN(t, 1), "2022"}}},
		xsheet{name: "关联", rows: [][]any{{"统一社会信用代码", "集团"}, {codeN(t, 1), "G1"}}},
	)
	writeFile(t, filepath.Join(dir, "batch.toml"), "[files]\n\"名单汇总.xlsx#关联\" = \"affiliates\"\n")
	_, err := LoadDir(dir, Options{})
	if !errors.Is(err, ErrUnrecognised) || !strings.Contains(err.Error(), "关联") || !strings.Contains(err.Error(), "集团编号") {
		t.Fatalf("err = %v, want ErrUnrecognised naming sheet 关联 and the missing 集团编号", err)
	}
}

// "Two-row headers with merged cells" also arrive as CSV, where there are no merges: the parent sits in
// the first column of its span and the others are empty. GB18030, a title and a unit line as well.
func TestTwoRowHeaderInCSV(t *testing.T) {
	dir := t.TempDir()
	c1, c2 := codeN(t, 1), codeN(t, 2)
	writeCSV(t, filepath.Join(dir, "主要指标.csv"), "gb18030",
		"2022年规模以上工业企业主要指标,,,,,,", // 1
		",,,,,,", // 2
		"序号,统一社会信用代码,期别,营业收入（万元）,,工业总产值（当年价格）（千元）,", // 3
		",,,本期,上年同期,本年累计,上年同期",                      // 4
		"1,"+c1+",2022年1-12月,\"1,000\",900,５,４",     // 5
		"2,"+c2+",2022年1-12月,—,-,…,",                // 6
		"合计,,,1000,900,5,4",                         // 7
	)
	b := mustLoad(t, dir, Options{})
	rev := rowAt(t, b, Revenue, "主要指标.csv", "", 5)
	out := rowAt(t, b, OutputValue, "主要指标.csv", "", 5)
	if rev["value_yuan"] != "10000000.00" || rev["prev_value_yuan"] != "9000000.00" {
		t.Errorf("revenue %v", rev)
	}
	if out["value_yuan"] != "5000.00" || out["prev_value_yuan"] != "4000.00" {
		t.Errorf("output value %v", out)
	}
	if g := rowAt(t, b, Revenue, "主要指标.csv", "", 6); g["value_yuan"] != "" || g["prev_value_yuan"] != "" {
		t.Errorf("missing figures %v", g)
	}
	for _, k := range []Kind{Revenue, OutputValue} {
		if r := reportFor(t, b, "主要指标.csv", "", k); r.RowsRead != 3 || r.Loaded != 2 || r.SkippedTotals != 1 {
			t.Errorf("%s report %+v", k, r)
		}
	}
	if f := b.Files[0]; f.Rows != 3 {
		t.Errorf("file rows %d, want 3: a wide row counts once", f.Rows)
	}
}

// A unit written in a row of its own right under the column names (营业收入 over 万元) is part of the
// header: it gives the column's unit and is not a data row.
func TestUnitRowUnderTheHeader(t *testing.T) {
	dir := t.TempDir()
	writeXLSX(t, filepath.Join(dir, "营业收入.xlsx"), xsheet{name: "Sheet1", rows: [][]any{
		{"统一社会信用代码", "期别", "营业收入"},
		{nil, nil, "（万元）"},
		{codeN(t, 1), "2022年", xnum(2)},
	}})
	b := mustLoad(t, dir, Options{})
	if g := rowAt(t, b, Revenue, "营业收入.xlsx", "Sheet1", 3); g["value_yuan"] != "20000.00" {
		t.Errorf("value %q", g["value_yuan"])
	}
	if r := b.Reports[0]; r.RowsRead != 1 || r.Unit != "万元" {
		t.Errorf("report %+v: the unit row is not a row read", r)
	}
}

// Every file of the committed fixture batch reconciles file by file too: InputFile.Rows is the sum of its
// sheets' rows read (a sheet read as two kinds counted once).
func TestFileRowsAreSheetRows(t *testing.T) {
	b := mustLoad(t, fixtureDir, Options{})
	for _, f := range b.Files {
		seen := map[string]int{}
		for _, r := range b.Reports {
			if r.SourceFile == f.Name {
				seen[r.SourceSheet] = max(seen[r.SourceSheet], r.RowsRead)
			}
		}
		sum := 0
		for _, n := range seen {
			sum += n
		}
		if sum != f.Rows {
			t.Errorf("%s: %d rows, sheets say %d", f.Name, f.Rows, sum)
		}
	}
}

// industrial_software needs only the code column; a list of codes with a name and 认定年份 is exactly
// what inputs.md describes and loads as it whatever the file is called, while a sheet that also has a
// required column of another kind (here 期别) is that kind lacking a column, an error.
func TestIndustrialSoftwareRecognition(t *testing.T) {
	code := codeN(t, 1)
	t.Run("code, name and 认定年份 under a neutral file name", func(t *testing.T) {
		dir := t.TempDir()
		writeCSV(t, filepath.Join(dir, "名单.csv"), "utf-8", "序号,统一社会信用代码,企业名称,认定年份", "1,"+code+",甲,2022")
		b := mustLoad(t, dir, Options{})
		if len(b.Rows[IndustrialSoftware]) != 1 || b.Rows[IndustrialSoftware][0][1] != "2022" {
			t.Errorf("rows %q reports %+v", b.Rows[IndustrialSoftware], b.Reports)
		}
	})
	t.Run("a 产值 extract without its value column is not a 工业软件 list", func(t *testing.T) {
		dir := t.TempDir()
		writeCSV(t, filepath.Join(dir, "名单.csv"), "utf-8", "统一社会信用代码,企业名称,期别", code+",甲,2022年")
		if _, err := LoadDir(dir, Options{}); !errors.Is(err, ErrUnrecognised) {
			t.Fatalf("err = %v, want ErrUnrecognised", err)
		}
	})
}

// Systems that export identifiers to CSV protect them from Excel as ="0610" or with a leading apostrophe:
// the text inside is the identifier.
func TestProtectedIdentifierText(t *testing.T) {
	dir := t.TempDir()
	c1 := codeN(t, 1)
	writeCSV(t, filepath.Join(dir, "单位名录.csv"), "utf-8",
		"统一社会信用代码,单位详细名称,行业代码,区划代码",
		"=\""+c1+"\",甲,=\"0610\",=\"110108\"",
		"'"+codeN(t, 2)+",乙,'0610,'110108",
	)
	b := mustLoad(t, dir, Options{})
	for _, row := range []int{2, 3} {
		g := rowAt(t, b, Enterprises, "单位名录.csv", "", row)
		if g["industry_code"] != "0610" || g["district"] != "海淀区" || g["code_check_ok"] != "true" {
			t.Errorf("line %d: %v", row, g)
		}
	}
}

// batch.toml naming a sheet the file does not have is a warning (the sheet is recognised as usual).
func TestBatchTomlUnknownSheetWarns(t *testing.T) {
	dir := t.TempDir()
	writeXLSX(t, filepath.Join(dir, "关联.xlsx"), xsheet{name: "Sheet1", rows: [][]any{{"统一社会信用代码", "集团编号"}, {codeN(t, 1), "G1"}}})
	writeFile(t, filepath.Join(dir, "batch.toml"), "[files]\n\"关联.xlsx#关联企业\" = \"affiliates\"\n")
	b := mustLoad(t, dir, Options{})
	if !hasWarning(b, "batch.toml", "关联企业") || len(b.Rows[Affiliates]) != 1 {
		t.Errorf("warnings %q rows %q", b.Warnings, b.Rows[Affiliates])
	}
}

// "xlsx reading has size limits so a zip bomb cannot exhaust memory or disk": the whole workbook is
// bounded too, not only each part.
func TestZipBombTotalLimit(t *testing.T) {
	var sheets []xsheet
	for s := 0; s < 12; s++ {
		sh := xsheet{name: fmt.Sprintf("规上%d", s), rows: [][]any{{"统一社会信用代码", "年份"}}}
		for i := 0; i < 100; i++ {
			// Numbers, not strings, so that the shared strings part stays small; the row fails to
			// convert, which does not matter here.
			sh.rows = append(sh.rows, []any{xnum(s*1000 + i), xnum(2022)})
		}
		sheets = append(sheets, sh)
	}
	dir := t.TempDir()
	writeXLSX(t, filepath.Join(dir, "规上.xlsx"), sheets...)
	// Each sheet part is under 16 KiB; the twelve sheets together exceed 4 × 16 KiB.
	_, err := LoadDir(dir, Options{MaxXLSXBytes: 16 << 10})
	if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "the workbook would unzip") {
		t.Fatalf("err = %v, want ErrUnreadable for the whole workbook's size", err)
	}
	if b := mustLoad(t, dir, Options{}); len(b.Quarantine) != 1200 {
		t.Errorf("%d rows read under the default limit, want 1200", len(b.Quarantine))
	}
}

// FuzzReadCSV feeds arbitrary bytes through CSV decoding: it must not panic, a file it accepts has its
// records numbered by strictly increasing physical lines within the file, and every record it returns
// came from a line that exists.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"统一社会信用代码,集团编号\r\n911101080000000011,G1\r\n",
		"a,\"b\nc\",d\n\"e\"\"f\",g\n",
		"a,\"b\n",
		"a,\"b\"c,d\n",
		"x,=\"0610\",'0610\n",
		"\xef\xbb\xbfa,b\n",
		"\xff\xfea\x00,\x00b\x00",
		"\xcd\xb3\xd2\xbb,\xb4\xfa\xc2\xeb\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sd, err := readCSV(data, "")
		if err != nil {
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("error %v is not ErrUnreadable", err)
			}
			return
		}
		text, _, _ := decodeText(data, "")
		lines := strings.Count(text, "\n") + 1
		prev := 0
		for _, r := range sd.rows {
			if r.num <= prev || r.num > lines {
				t.Fatalf("record at line %d after line %d (file has %d lines)", r.num, prev, lines)
			}
			prev = r.num
		}
	})
}

// "a sheet with both columns loads both", also when one figure is in the wide layout and the other a
// single column.
func TestWideOutputNextToLongRevenue(t *testing.T) {
	dir := t.TempDir()
	c1 := codeN(t, 1)
	writeXLSX(t, filepath.Join(dir, "指标.xlsx"), xsheet{name: "Sheet1", rows: [][]any{
		{"统一社会信用代码", "期别", "工业总产值（千元）", nil, "营业收入（千元）"},
		{nil, nil, "本年", "上年同期", nil},
		{c1, "2022年", xnum(2), xnum(1), xnum(3)},
	}, merges: [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "D1"}, {"E1", "E2"}}})
	b := mustLoad(t, dir, Options{})
	if g := rowAt(t, b, OutputValue, "指标.xlsx", "Sheet1", 3); g["value_yuan"] != "2000.00" || g["prev_value_yuan"] != "1000.00" {
		t.Errorf("output value %v", g)
	}
	if g := rowAt(t, b, Revenue, "指标.xlsx", "Sheet1", 3); g["value_yuan"] != "3000.00" || g["prev_value_yuan"] != "" {
		t.Errorf("revenue %v", g)
	}
}

// The unit may be stated in the title above the header; a figure in a title is never a unit.
func TestUnitInTheTitle(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"2022年企业营业收入（万元）", "Q:"},
		{"2022年企业营业收入（单位：万元）", "Q:"},
		{"营业收入超过1亿元的企业", "Q:unknown_unit"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			dir := t.TempDir()
			writeCSV(t, filepath.Join(dir, "营业收入.csv"), "utf-8", tc.title, "统一社会信用代码,期别,营业收入", codeN(t, 1)+",2022年,2")
			b := mustLoad(t, dir, Options{})
			got := placeOf(b, Revenue, "营业收入.csv", "", 3)
			if tc.want == "Q:" {
				if g := rowAt(t, b, Revenue, "营业收入.csv", "", 3); g["value_yuan"] != "20000.00" {
					t.Errorf("value %q", g["value_yuan"])
				}
				return
			}
			if got != tc.want {
				t.Errorf("landed %q, want %q", got, tc.want)
			}
		})
	}
}

// "inside an xlsx that has a recognised sheet, other sheets are skipped with a warning (cover sheets,
// 填表说明)": a 填表说明 listing the column names is such a sheet, even though a cell of it names the
// one column a 工业软件 list needs.
func TestCoverSheetNamingColumnsIsSkipped(t *testing.T) {
	dir := t.TempDir()
	writeXLSX(t, filepath.Join(dir, "2022年营业收入.xlsx"),
		xsheet{name: "填表说明", rows: [][]any{
			{"指标", "说明"},
			{"统一社会信用代码", "18位，不得为空"},
			{"期别", "填写累计期，如2022年1-12月"},
			{"营业收入", "单位：万元"},
		}},
		xsheet{name: "数据", rows: [][]any{{"统一社会信用代码", "期别", "营业收入（万元）"}, {codeN(t, 1), "2022年", xnum(1)}}},
	)
	b := mustLoad(t, dir, Options{})
	if len(b.Reports) != 2 || b.Reports[0].SourceSheet != "填表说明" || b.Reports[0].Kind != "" || b.Reports[0].SkippedReason == "" ||
		b.Reports[1].Kind != Revenue || len(b.Quarantine) != 0 {
		t.Errorf("reports %+v quarantine %+v, want the cover sheet's skipped report, then the data's", b.Reports, b.Quarantine)
	}
	if !hasWarning(b, "填表说明", "skipped") {
		t.Errorf("warnings %q", b.Warnings)
	}
}

// Statistical forms print a row of column labels under the header (甲 | 乙 | 1 | 2 …). It belongs to the
// header: not a row read, not quarantined.
func TestColumnNumberRowUnderTheHeader(t *testing.T) {
	dir := t.TempDir()
	writeXLSX(t, filepath.Join(dir, "工业总产值.xlsx"), xsheet{name: "Sheet1", rows: [][]any{
		{"统一社会信用代码", "单位详细名称", "期别", "工业总产值（千元）"},
		{"甲", "乙", "丙", "1"},
		{codeN(t, 1), "某公司", "2022年", xnum(2)},
	}})
	b := mustLoad(t, dir, Options{})
	if g := rowAt(t, b, OutputValue, "工业总产值.xlsx", "Sheet1", 3); g["value_yuan"] != "2000.00" {
		t.Errorf("value %q", g["value_yuan"])
	}
	if r := b.Reports[0]; r.RowsRead != 1 || r.Quarantined != 0 {
		t.Errorf("report %+v: the column-number row is part of the header", r)
	}
}
