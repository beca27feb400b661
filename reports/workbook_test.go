package reports

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func TestWorkbookHasTheSheetsInOrder(t *testing.T) {
	d := sampleData()
	d.Extra = []Sheet{{Name: "变化", Title: "变化", Columns: []Column{{Header: "统一社会信用代码"}, {Header: "所属区"}},
		Rows: [][]any{{Code("91110108MA01AAAA1X"), "海淀区"}}, DistrictColumn: 1}}
	f := writeBook(t, d)
	want := []string{"汇总", "方向10", "方向11", "待复核", "数据质量", "说明", "变化"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
}

func TestRosterSheetsShowEveryRowWithTypedCells(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	for _, dir := range []int{10, 11} {
		sheet := fmt.Sprintf("方向%d", dir)
		t.Run(sheet, func(t *testing.T) {
			l := readList(t, f, sheet)
			if diff := cmp.Diff(append(slices.Clone(RosterHeaders), RosterExtraHeaders...), l.headers); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
			want := expectedRoster(d, dir)
			if len(l.rows) != len(want) {
				t.Fatalf("%d data rows, want %d", len(l.rows), len(want))
			}
			for i, r := range want {
				row := i + 3
				c := func(col int) string { return cellName(col, row) }
				if got := raw(t, f, sheet, c(1)); got != strconv.Itoa(i+1) || !isNumber(t, f, sheet, c(1)) {
					t.Errorf("row %d 序号 = %q", row, got)
				}
				for col, want := range map[int]string{2: r.CreditCode, 3: r.Name, 5: r.IndustryCode, 7: r.Category} {
					if got := raw(t, f, sheet, c(col)); got != want || !isText(t, f, sheet, c(col)) {
						t.Errorf("row %d column %d = %q, want text %q", row, col, got, want)
					}
				}
				if got := numFmt(t, f, sheet, c(2)); got != "@" {
					t.Errorf("credit code format %q, want @", got)
				}
				checkMoney := func(col int, want *decimal.Decimal) {
					if want == nil {
						if got := raw(t, f, sheet, c(col)); got != "" {
							t.Errorf("row %d column %d = %q, want empty", row, col, got)
						}
						return
					}
					got, err := decimal.NewFromString(raw(t, f, sheet, c(col)))
					if err != nil || !isNumber(t, f, sheet, c(col)) {
						t.Fatalf("row %d column %d is not a number: %v", row, col, err)
					}
					if !got.Equal(*want) {
						t.Errorf("row %d column %d = %s 万元, want %s", row, col, got, want)
					}
					if fm := numFmt(t, f, sheet, c(col)); fm != "#,##0.00" {
						t.Errorf("row %d column %d format %q", row, col, fm)
					}
				}
				shown := func(y *decimal.Decimal) *decimal.Decimal {
					if y == nil {
						return nil
					}
					v := y.Shift(-4).Truncate(2) // figures beside thresholds are truncated
					return &v
				}
				paid := r.Paid.Shift(-4)
				checkMoney(9, shown(r.Prev))
				checkMoney(10, shown(r.Cur))
				checkMoney(11, shown(r.Net))
				checkMoney(16, &paid)
				if r.Growth != nil {
					got, _ := decimal.NewFromString(raw(t, f, sheet, c(12)))
					if !got.Equal(r.Growth.Truncate(4)) || numFmt(t, f, sheet, c(12)) != "0.00%" {
						t.Errorf("row %d growth %s format %q, want %s as 0.00%%", row, got, numFmt(t, f, sheet, c(12)), r.Growth.Truncate(4))
					}
				}
				if r.HeadcountCur != nil && raw(t, f, sheet, c(14)) != strconv.FormatInt(*r.HeadcountCur, 10) {
					t.Errorf("row %d 参保人数（本年末） = %q", row, raw(t, f, sheet, c(14)))
				}
				if got := raw(t, f, sheet, c(8)); got != measure(r.Measure) {
					t.Errorf("row %d 考核指标 = %q", row, got)
				}
				if got := raw(t, f, sheet, c(17)); got != r.Remarks {
					t.Errorf("row %d 备注 = %q, want %q", row, got, r.Remarks)
				}
				if got := raw(t, f, sheet, c(18)); got != roundName(r.Round) {
					t.Errorf("row %d 批次 = %q, want %q", row, got, roundName(r.Round))
				}
			}
		})
	}
}

func TestRowsOfOneRoundStayTogether(t *testing.T) {
	f := writeBook(t, sampleData())
	l := readList(t, f, SheetD11)
	var rounds []string
	for _, r := range l.rows {
		if n := len(rounds); n == 0 || rounds[n-1] != r[17] {
			rounds = append(rounds, r[17])
		}
	}
	if diff := cmp.Diff([]string{"第一批", "第二批"}, rounds); diff != "" {
		t.Errorf("rounds in row order, each run once (-want +got):\n%s", diff)
	}
}

// hiddenColumns reads which columns of a sheet are hidden.
func hiddenColumns(t *testing.T, f *excelize.File, sheet string, headers []string) []string {
	t.Helper()
	var out []string
	for i, h := range headers {
		visible, err := f.GetColVisible(sheet, colName(i+1))
		if err != nil {
			t.Fatal(err)
		}
		if !visible {
			out = append(out, h)
		}
	}
	return out
}

func TestColumnsTheRulesNeverFillAreHidden(t *testing.T) {
	tests := []struct {
		name       string
		rounds     []int
		sheet      string
		wantHidden []string
	}{
		{"direction 10 compares no net, growth, headcount or tier", []int{1, 2}, SheetD10,
			[]string{"净增量（万元）", "增速", "参保人数（上年末）", "参保人数（本年末）", "档位"}},
		{"direction 11 over both rounds fills every column", []int{1, 2}, SheetD11, nil},
		{"the Q1 round alone compares no headcount", []int{1}, SheetD11, []string{"参保人数（上年末）", "参保人数（本年末）"}},
		{"a round-2 run has no direction-10 rule: every figure column is hidden", []int{2}, SheetD10,
			[]string{"考核指标", "上年值（万元）", "本年值（万元）", "净增量（万元）", "增速", "参保人数（上年末）", "参保人数（本年末）", "档位"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleData()
			d.Run.Rounds = tt.rounds
			f := writeBook(t, d)
			l := readList(t, f, tt.sheet)
			if diff := cmp.Diff(append(slices.Clone(RosterHeaders), RosterExtraHeaders...), l.headers); diff != "" {
				t.Errorf("row 2 keeps outputs.md's headers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantHidden, hiddenColumns(t, f, tt.sheet, l.headers)); diff != "" {
				t.Errorf("hidden columns (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTitlesNameCityYearRoundAndPeriods(t *testing.T) {
	tests := []struct {
		name      string
		rounds    []int
		flag      int
		sheet     string
		title     []string
		headers   map[int]string // column index → header
		notInHead []string
	}{
		{name: "direction 10, default workbook", rounds: []int{1, 2}, sheet: SheetD10,
			title:   []string{"北京市2022年度", "拟奖励名单", "方向10·第一批", "本年值为2021年", "上年值为2020年"},
			headers: map[int]string{colPrev: "上年值（万元）", colCur: "本年值（万元）"}},
		{name: "direction 11 holds both rounds", rounds: []int{1, 2}, sheet: SheetD11,
			title: []string{"北京市2022年度", "拟奖励名单", "方向11·第一批、第二批", "第一批：本年值为2022年1-3月，上年值为2021年1-3月",
				"第二批：本年值为2022年，上年值为2021年，参保人数为2021年末和2022年末"}},
		{name: "--round 1 names the periods in the headers", rounds: []int{1}, flag: 1, sheet: SheetD11,
			title:   []string{"方向11·第一批"},
			headers: map[int]string{colPrev: "上年值：2021年1-3月（万元）", colCur: "本年值：2022年1-3月（万元）"}},
		{name: "--round 2 names the year ends of 参保人数", rounds: []int{2}, flag: 2, sheet: SheetD11,
			title:     []string{"方向11·第二批"},
			headers:   map[int]string{colHeadPrev: "参保人数（2021年末）", colHeadCur: "参保人数（2022年末）", colPrev: "上年值：2021年（万元）"},
			notInHead: []string{"第一批"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleData()
			d.Run.Rounds, d.Run.RoundFlag = tt.rounds, tt.flag
			var keep []RosterRow
			for _, r := range d.Roster {
				if slices.Contains(tt.rounds, r.Round) {
					keep = append(keep, r)
				}
			}
			d.Roster = keep
			f := writeBook(t, d)
			l := readList(t, f, tt.sheet)
			for _, w := range tt.title {
				if !strings.Contains(l.title, w) {
					t.Errorf("title %q lacks %q", l.title, w)
				}
			}
			for _, w := range tt.notInHead {
				if strings.Contains(l.title, w) {
					t.Errorf("title %q names %q", l.title, w)
				}
			}
			if regexp.MustCompile(`\d+月\d+日|2023`).MatchString(l.title) {
				t.Errorf("title %q must not carry a date", l.title)
			}
			for i, h := range tt.headers {
				if l.headers[i] != h {
					t.Errorf("header %d = %q, want %q", i, l.headers[i], h)
				}
			}
		})
	}
}

// signOffTexts are the lines a list ends with, in order.
var signOffTexts = []string{"公示期：", "经办人（签字）", "审核人（签字）", "负责人（签字）", "单位（盖章）"}

func TestListSheetsEndWithTotalAndSignOff(t *testing.T) {
	d := sampleData()
	books := []struct {
		write  func(io.Writer, *Data) error
		sheet  string
		amount string
	}{
		{Write, SheetD10, "奖励金额（万元）"},
		{Write, SheetD11, "奖励金额（万元）"},
		{WritePublic, SheetPublic, "奖励金额（万元）"},
		{WritePayment, SheetPayment, "金额（万元）"},
		{WritePayment, SheetPayment, "金额（元）"},
	}
	for _, b := range books {
		t.Run(b.sheet+" "+b.amount, func(t *testing.T) {
			f, _ := writeWith(t, d, b.write)
			l := readList(t, f, b.sheet)
			if l.totalRow == 0 {
				t.Fatalf("%s has no 合计 row", b.sheet)
			}
			col := column(t, l.headers, b.amount)
			sum := decimal.Zero
			for _, r := range l.rows {
				sum = sum.Add(dec(r[col]))
			}
			if got := dec(cell(l.total, col)); !got.Equal(sum) {
				t.Errorf("合计 %s, the rows sum to %s", got, sum)
			}
			if !isNumber(t, f, b.sheet, cellName(col+1, l.totalRow)) {
				t.Error("合计 is not a number")
			}
			if formula, _ := f.GetCellFormula(b.sheet, cellName(col+1, l.totalRow)); formula != "" {
				t.Errorf("合计 is a formula %q: a reader without recalculation sees nothing", formula)
			}
			var after string
			for _, r := range l.after {
				after += strings.Join(r, "|") + "\n"
			}
			last := -1
			for _, s := range signOffTexts {
				i := strings.Index(after, s)
				if i < 0 {
					t.Errorf("no %q after the 合计 row:\n%s", s, after)
				}
				if s != signOffTexts[0] && i < last {
					t.Errorf("%q comes before the line above it", s)
				}
				last = i
			}
			if !strings.Contains(after, "日期：______年____月____日") {
				t.Errorf("signatures carry no date to fill in:\n%s", after)
			}
		})
	}
}

func TestEveryPageCarriesTheRunAndTheHeaderRows(t *testing.T) {
	d := sampleData()
	for _, w := range []func(io.Writer, *Data) error{Write, WritePublic, WritePayment} {
		f, _ := writeWith(t, d, w)
		titles := map[string]string{}
		for _, n := range f.GetDefinedName() {
			if n.Name == "_xlnm.Print_Titles" {
				titles[n.Scope] = n.RefersTo
			}
		}
		for _, sheet := range f.GetSheetList() {
			t.Run(sheet, func(t *testing.T) {
				pl, err := f.GetPageLayout(sheet)
				if err != nil {
					t.Fatal(err)
				}
				if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 9 {
					t.Errorf("page layout %+v, want landscape A4 (size 9)", pl)
				}
				if pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
					t.Errorf("fit to %v wide × %v tall, want 1 × 0", pl.FitToWidth, pl.FitToHeight)
				}
				props, _ := f.GetSheetProps(sheet)
				if props.FitToPage == nil || !*props.FitToPage {
					t.Error("fit-to-page is off, so the fit-to-width setting would be ignored")
				}
				hf, err := f.GetHeaderFooter(sheet)
				if err != nil || hf == nil {
					t.Fatalf("no header/footer: %v", err)
				}
				for _, want := range []string{"&P", "&N", "运行编号 20230131T0030-abc123"} {
					if !strings.Contains(hf.OddFooter, want) {
						t.Errorf("footer %q lacks %q", hf.OddFooter, want)
					}
				}
				if !strings.Contains(hf.OddHeader, "2023年1月31日") {
					t.Errorf("run date missing from header %q", hf.OddHeader)
				}
				if titles[sheet] == "" || !strings.HasPrefix(titles[sheet], "'"+sheet+"'!$1:") {
					t.Errorf("print titles %q", titles[sheet])
				}
			})
		}
		for _, sheet := range []string{SheetD10, SheetD11, SheetReview, SheetNotes, SheetPublic, SheetPayment} {
			if _, err := f.GetSheetIndex(sheet); err != nil || !slices.Contains(f.GetSheetList(), sheet) {
				continue
			}
			if titles[sheet] != "'"+sheet+"'!$1:$2" {
				t.Errorf("%s repeats %q, want the title and header rows $1:$2", sheet, titles[sheet])
			}
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "A3" {
				t.Errorf("%s panes %+v (%v), want rows 1-2 frozen", sheet, panes, err)
			}
		}
	}
}

// visibleUnits is the total width of a sheet's printed columns.
func visibleUnits(t *testing.T, f *excelize.File, sheet string) float64 {
	t.Helper()
	rows, _ := f.GetRows(sheet)
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	total := 0.0
	for c := 1; c <= n; c++ {
		visible, _ := f.GetColVisible(sheet, colName(c))
		if !visible {
			continue
		}
		w, err := f.GetColWidth(sheet, colName(c))
		if err != nil {
			t.Fatal(err)
		}
		total += w
	}
	return total
}

func TestSheetsPrintAtALegibleScale(t *testing.T) {
	if minScale*10 < 8 {
		t.Fatalf("10-point text at %.0f%% prints below 8 points", minScale*100)
	}
	wide := sampleData()
	long := strings.Repeat("北京市海淀区某某高新技术产业集团股份有限公司", 3)
	for i := range wide.Roster {
		wide.Roster[i].Name = long
		wide.Roster[i].Category = "软件信息服务业企业全年稳运行稳就业奖励"
		wide.Roster[i].IndustryName = "其他未列明专用设备制造与相关技术服务"
		wide.Roster[i].Remarks = "含专精特新奖励20万元；差额补齐：本年已兑付12.5万元；档位金额为假设值，待核定"
		wide.Roster[i].District = "北京经济技术开发区"
		big := dec("987654321098.76")
		wide.Roster[i].Prev, wide.Roster[i].Cur, wide.Roster[i].Net = &big, &big, &big
	}
	for name, d := range map[string]*Data{"sample": sampleData(), "long names and large figures": wide} {
		for _, w := range []func(io.Writer, *Data) error{Write, WritePublic, WritePayment} {
			f, _ := writeWith(t, d, w)
			for _, sheet := range f.GetSheetList() {
				if got := visibleUnits(t, f, sheet); got > pageUnits {
					t.Errorf("%s %s: printed columns %.0f units wide, over the %.0f that print at %.0f%%",
						name, sheet, got, pageUnits, minScale*100)
				}
			}
		}
	}
}

func TestPublicListShowsOnlyWhatMayBePublished(t *testing.T) {
	d := sampleData()
	f, _ := writeWith(t, d, WritePublic)
	if diff := cmp.Diff([]string{SheetPublic}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	l := readList(t, f, SheetPublic)
	if diff := cmp.Diff(PublicHeaders, l.headers); diff != "" {
		t.Fatalf("headers (-want +got):\n%s", diff)
	}
	want := sortedRoster(d.Roster)
	if len(l.rows) != len(want) {
		t.Fatalf("%d rows, want the %d paid now", len(l.rows), len(want))
	}
	for i, r := range want {
		got := l.rows[i]
		if got[1] != r.Name || got[2] != r.CreditCode || got[4] != awardItem(r.Rule) || !dec(got[5]).Equal(r.Paid.Shift(-4)) {
			t.Errorf("row %d = %q, want %s %s %s %s", i+3, got, r.Name, r.CreditCode, awardItem(r.Rule), r.Paid.Shift(-4))
		}
	}
	// No statistical figure and no remark anywhere on the sheet.
	rows, _ := f.GetRows(SheetPublic, excelize.Options{RawCellValue: true})
	var secret []string
	for _, r := range d.Roster {
		for _, y := range []*decimal.Decimal{r.Prev, r.Cur, r.Net} {
			if y != nil {
				secret = append(secret, y.Shift(-4).Truncate(2).String())
			}
		}
		if r.Remarks != "" {
			secret = append(secret, r.Remarks)
		}
	}
	for _, row := range rows {
		for _, v := range row {
			for _, s := range secret {
				if v == s {
					t.Errorf("公示名单 shows %q, a statistical figure or remark", v)
				}
			}
		}
	}
}

func TestPaymentListPaysTheRegisteredName(t *testing.T) {
	d := sampleData()
	d.Roster[0].Name = "北京　全角空格（ＡＢＣ）科技有限公司" // as registered: full-width characters kept
	f, _ := writeWith(t, d, WritePayment)
	l := readList(t, f, SheetPayment)
	if diff := cmp.Diff(PaymentHeaders, l.headers); diff != "" {
		t.Fatalf("headers (-want +got):\n%s", diff)
	}
	names := map[string]string{}
	for _, r := range d.Roster {
		names[r.CreditCode] = r.Name
	}
	for i, r := range l.rows {
		if r[1] != names[r[2]] {
			t.Errorf("row %d payee %q, want the register's %q byte for byte", i+3, r[1], names[r[2]])
		}
		yuan, wan := dec(r[5]), dec(r[6])
		if !yuan.Shift(-4).Equal(wan) {
			t.Errorf("row %d: %s 元 is not %s 万元", i+3, yuan, wan)
		}
		for _, c := range []int{7, 8, 9} {
			if cell(r, c) != "" {
				t.Errorf("row %d column %s = %q, want blank (from the 承诺书)", i+3, l.headers[c], r[c])
			}
		}
	}
	var after string
	for _, r := range l.after {
		after += strings.Join(r, "|")
	}
	for _, want := range []string{"承诺书", "二（一）6", "区主管部门核对"} {
		if !strings.Contains(after, want) {
			t.Errorf("no note saying the bank columns come from the 承诺书 (%q):\n%s", want, after)
		}
	}
}

func TestFiguresBesideThresholdsNeverCrossThemByRounding(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	tests := []struct {
		name       string
		code       string
		wantInText []string
		notInText  []string
	}{
		{"a net of 999,999,999元 shows 99,999.99万元 and a shortfall of 0.01万元", "91110108MA01LLLL2B",
			[]string{"净增量 99,999.99万元", "门槛 100,000.00万元（10亿元，含）", "差 0.01万元"}, []string{"100,000.00万元，门槛"}},
		{"a growth of 14.999999999% shows 14.99% and a shortfall of 0.01 point", "91110105MA02GGGG7U",
			[]string{"增速 14.99%", "门槛 15%（含）", "差 0.01 个百分点"}, []string{"15.00%"}},
	}
	l := readList(t, f, SheetReview)
	detail := column(t, l.headers, "详情")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var text string
			for _, r := range l.rows {
				if r[2] == tt.code {
					text = r[detail]
				}
			}
			for _, w := range tt.wantInText {
				if !strings.Contains(text, w) {
					t.Errorf("详情 %q lacks %q", text, w)
				}
			}
			for _, w := range tt.notInText {
				if strings.Contains(text, w) {
					t.Errorf("详情 %q shows %q", text, w)
				}
			}
		})
	}
	// The cells hold what they show: the near miss's growth cell in the roster format reads 14.99%.
	near := sampleData()
	near.Roster = []RosterRow{{Enterprise: haidian("91110108MA01QQQQ6F", "x"), Rule: ruleD112, Tier: "B1", Paid: dec("2000000"),
		// The database keeps the ratio to six decimals, rounded: 0.150000 for 14.9999999%.
		Figures: Figures{Prev: decp("1000000000"), Cur: decp("1149999999.99"), Net: decp("149999999.99"), Growth: decp("0.150000")}}}
	g := writeBook(t, near)
	if got := raw(t, g, SheetD11, cellName(12, 3)); got != "0.1499" {
		t.Errorf("growth cell %q, want 0.1499 (shown 14.99%%), from net / prev", got)
	}
	if got := raw(t, g, SheetD11, cellName(11, 3)); got != "14999.99" {
		t.Errorf("net cell %q, want 14999.99", got)
	}
}

func TestReviewSheetLetsAPersonDecideWithoutTheDatabase(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	l := readList(t, f, SheetReview)
	if diff := cmp.Diff(ReviewHeaders, l.headers[:len(ReviewHeaders)]); diff != "" {
		t.Fatalf("headers (-want +got):\n%s", diff)
	}
	tests := []struct {
		code, kind, amount string
		detail             []string
	}{
		{"91110108MA01FFFF6T", "待复核", "1000",
			[]string{"集团内其他企业工业总产值下降合计70,000.00万元，达到本企业净增量120,000.00万元的50%（60,000.00万元）",
				"91110108MA01GGGG7U 关联甲有限公司：2021年 200,000.00万元 → 2022年 150,000.00万元，下降 50,000.00万元",
				"91110108MA01HHHH8V 关联乙有限公司：2021年 100,000.00万元 → 2022年 80,000.00万元，下降 20,000.00万元",
				"91110108MA01JJJJ9W （不在单位名录）：2021年 无数据"}},
		{"91110105MA02KKKK1A", "待复核", "70",
			[]string{"数据行无法读取：工业总产值 工业总产值.xlsx（工作表 产值）第 12 行，列“本年”，原值“1,2O5.30”",
				"若同意，本次兑付 40.00万元"}},
		{"91110108MA01MMMM3C", "数据缺失", "1000",
			[]string{"缺少2022年末参保人数，应来自参保人数：参保人数.csv", "如补齐的数据满足条件，本次可兑付 1,000.00万元（档位 A2）"}},
		{"91110108MA01NNNN4D", "数据缺失", "",
			[]string{"缺少2022年1-3月工业总产值，应来自工业总产值：产值.csv", "金额无法测算"}},
		{"91110105MA02PPPP5E", "复核结论未采用", "",
			[]string{"复核结论未采用：同意，核定金额 30.00万元，复核人 张三，2023-02-03（复核结论.xlsx（工作表 待复核）第 5 行）：该组合已不是待复核"}},
	}
	detail, amount := column(t, l.headers, "详情"), column(t, l.headers, "测算金额（万元）")
	byCode := map[string][]string{}
	for _, r := range l.rows {
		byCode[r[2]] = r
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			r := byCode[tt.code]
			if r == nil {
				t.Fatalf("%s not on 待复核", tt.code)
			}
			if r[1] != tt.kind {
				t.Errorf("类型 %q, want %q", r[1], tt.kind)
			}
			if cell(r, amount) != tt.amount {
				t.Errorf("测算金额 %q, want %q", cell(r, amount), tt.amount)
			}
			for _, w := range tt.detail {
				if !strings.Contains(r[detail], w) {
					t.Errorf("详情 lacks %q:\n%s", w, r[detail])
				}
			}
			for _, c := range []string{"结论", "核定金额（万元）", "复核人", "复核日期", "说明"} {
				if v := cell(r, column(t, l.headers, c)); v != "" {
					t.Errorf("%s is pre-filled with %q: staff fill it in", c, v)
				}
			}
		})
	}
	// What needs a 结论 comes first.
	var kinds []string
	for _, r := range l.rows {
		if len(kinds) == 0 || kinds[len(kinds)-1] != r[1] {
			kinds = append(kinds, r[1])
		}
	}
	if diff := cmp.Diff([]string{"待复核", "复核结论未采用", "数据缺失", "临界未达"}, kinds); diff != "" {
		t.Errorf("kinds in order (-want +got):\n%s", diff)
	}
}

func TestSummaryStatesWhatTheTotalsRestOn(t *testing.T) {
	d := sampleData()
	c := CaveatsOf(d)
	want := Caveats{AssumedTierItems: 2, AssumedTierWan: dec("2400"), AssumedSectorItems: 1, ReviewItems: 2,
		ReviewWan: dec("1040"), GapItems: 2, GapWan: dec("1000"), GapUnknown: 1, NearMisses: 2, StaleResolutions: 1,
		DeclaredEmpty: []string{"affiliates"}}
	if diff := cmp.Diff(want, c, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("caveats (-want +got):\n%s", diff)
	}
	f := writeBook(t, d)
	rows, _ := f.GetRows(SheetSummary)
	var text string
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, w := range []string{
		"档位金额为假设值的奖励 2 项，计 2,400.00万元，已计入上表合计",
		"行业范围为假设值（先进制造业行业目录）的方向10奖励 1 项",
		"待复核（数据存疑暂缓兑付或关联企业波动）2 项，若复核同意计 1,040.00万元，未计入上表合计",
		"数据缺失（缺少统计数据，尚未评审）2 项，如补齐的数据满足条件计 1,000.00万元（另有 1 项缺少考核指标，金额无法测算）",
		"本批数据声明为空的数据类别（batch.toml，影响兑付对象）：在京关联企业（affiliates）",
		"临界未达 2 项",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("汇总 lacks %q", w)
		}
	}
}

func TestSummaryTotalsAreValuesMatchingTheRoster(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	rows, _ := f.GetRows(SheetSummary, excelize.Options{RawCellValue: true})
	total := decimal.Zero
	for _, r := range d.Roster {
		total = total.Add(r.Paid)
	}
	var totals []string
	for i, row := range rows {
		if len(row) > 0 && row[0] == "合计" {
			totals = append(totals, row[len(row)-1])
			if !isNumber(t, f, SheetSummary, cellName(len(row), i+1)) {
				t.Errorf("total in row %d is not a number", i+1)
			}
		}
	}
	if len(totals) != 3 {
		t.Fatalf("want 3 total rows (rule, tier, district), got %d", len(totals))
	}
	for _, v := range totals {
		if got := dec(v); !got.Equal(total.Shift(-4)) {
			t.Errorf("total %s 万元, want %s", got, total.Shift(-4))
		}
	}
	want := map[string]bool{"D10-1": false, "D10-3": false, "D11-1": false, "D11-2": false, "海淀区": false, "朝阳区": false, "区未知": false}
	for _, row := range rows {
		for _, v := range row {
			if _, ok := want[v]; ok {
				want[v] = true
			}
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("汇总 has no row for %s", k)
		}
	}
}

func TestSummaryChartSitsBelowTheTablesOnAPageOfItsOwn(t *testing.T) {
	f, b := writeWith(t, sampleData(), Write)
	rows, _ := f.GetRows(SheetSummary)
	x := sheetXML(t, b, f, SheetSummary)
	from := regexp.MustCompile(`<drawing [^>]*id="rId\d+"`)
	if !from.MatchString(x) {
		t.Fatal("汇总 has no chart")
	}
	brk := regexp.MustCompile(`<rowBreaks[^>]*><brk id="(\d+)"`).FindStringSubmatch(x)
	if brk == nil {
		t.Fatal("no page break before the chart")
	}
	if id, _ := strconv.Atoi(brk[1]); id < len(rows) {
		t.Errorf("page break after row %s, but the tables and notes run to row %d", brk[1], len(rows))
	}
	// The chart's anchor is below the last written row and no wider than the printed columns.
	zr := zipFiles(t, b)
	drawing := string(zr["xl/drawings/drawing1.xml"])
	m := regexp.MustCompile(`<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>`).FindStringSubmatch(drawing)
	if m == nil {
		t.Fatalf("no anchor in %s", drawing)
	}
	if row, _ := strconv.Atoi(m[2]); m[1] != "0" || row < len(rows) {
		t.Errorf("chart anchored at column %s row %d, want column A below row %d", m[1], row+1, len(rows))
	}
	ext := regexp.MustCompile(`<a:ext cx="(\d+)"`).FindStringSubmatch(drawing)
	if ext == nil {
		t.Fatalf("no chart size in %s", drawing)
	}
	widthPx, _ := strconv.Atoi(ext[1])
	widthPx /= 9525 // EMU per pixel
	if tables := visibleUnits(t, f, SheetSummary) * unitPx; float64(widthPx) > tables {
		t.Errorf("chart %d px wide, tables %.0f px: the page fit would shrink them", widthPx, tables)
	}
}

func zipFiles(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	zr, err := zipReader(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		x, _ := io.ReadAll(rc)
		rc.Close()
		out[zf.Name] = x
	}
	return out
}

func TestQualitySheetNamesTheEnterpriseAndWhatItHeld(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	rows, _ := f.GetRows(SheetQuality)
	var files, quarantined []string
	section := 0
	for _, r := range rows[2:] {
		switch {
		case len(r) == 0:
			section++
		case section == 0:
			files = append(files, r[0]+"|"+cell(r, 3)+"|"+cell(r, 10))
		case len(r) > 3 && r[3] != "行号":
			quarantined = append(quarantined, strings.Join([]string{r[0], r[3], r[4], cell(r, 5), cell(r, 8), cell(r, 9)}, "|"))
		}
	}
	wantFiles := []string{"产值.csv|20|", "参保人数.csv|5|", "单位名录.xlsx|10|", "说明.docx|0|不是数据文件"}
	slices.Sort(wantFiles)
	slices.Sort(files)
	if diff := cmp.Diff(wantFiles, files); diff != "" {
		t.Errorf("per-file counts with skipped files (-want +got):\n%s", diff)
	}
	want := []string{
		"产值.csv|12|91110105MA02KKKK1A|暂缓企业|数值无法识别|暂缓兑付：D10-3",
		"单位名录.xlsx|7|（无法识别）||统一社会信用代码格式不符|企业无法识别，未暂缓任何评审",
	}
	if diff := cmp.Diff(want, quarantined); diff != "" {
		t.Errorf("quarantined rows (-want +got):\n%s", diff)
	}
}

func TestNotesListParametersTiersRoundsAndInputs(t *testing.T) {
	d := sampleData()
	f := writeBook(t, d)
	rows, _ := f.GetRows(SheetNotes)
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{d.Run.ID, "20230131T0030-abc123", "2022", d.Inputs[0].SHA256, d.Run.PolicySHA256,
		"临界未达比例（near_miss_share）", "D11-1 A1", "D11-1 A4", "净增量≥50亿元且<100亿元；增速≥20%；奖励2000万元",
		"本次评审批次|第一批、第二批（本批数据所及的全部批次）", "D11-2 工业企业一季度稳增长奖励|第一批；工业总产值；本年值 2022年1-3月；上年值 2021年1-3月",
		"声明为空的数据类别（batch.toml empty）|在京关联企业（affiliates）"} {
		if !strings.Contains(text, want) {
			t.Errorf("说明 lacks %q", want)
		}
	}
	for i, r := range rows {
		if len(r) < 4 {
			continue
		}
		assumed := r[3] != ""
		switch {
		case strings.Contains(r[1], "advanced_prefixes"), r[1] == "D11-1 A4":
			if !assumed {
				t.Errorf("row %d %s is assumed but not marked", i+1, r[1])
			}
		case strings.Contains(r[1], "near_miss_share"), r[1] == "D11-1 A1":
			if assumed {
				t.Errorf("row %d %s is marked assumed", i+1, r[1])
			}
		}
		if r[1] == "运行时间" {
			if fm := numFmt(t, f, SheetNotes, cellName(3, i+1)); !strings.Contains(fm, `"年"`) {
				t.Errorf("run time format %q is not a Chinese date format", fm)
			}
			if !isNumber(t, f, SheetNotes, cellName(3, i+1)) || r[2] != "2023年1月31日 08:30:00" {
				t.Errorf("run time reads %q, want a date cell 2023年1月31日 08:30:00", r[2])
			}
		}
		if strings.Contains(r[1], "eval_date_d10") && r[2] != "2022年6月30日" {
			t.Errorf("evaluation date reads %q", r[2])
		}
	}
}

func TestTextThatLooksLikeAFormulaStaysText(t *testing.T) {
	d := sampleData()
	want := map[string]bool{"=1+1": false, "+86科技有限公司": false, "@SUM(A1)": false, "-负号制造有限公司": false}
	for _, w := range []func(io.Writer, *Data) error{Write, WritePublic, WritePayment} {
		f, _ := writeWith(t, d, w)
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for c, v := range row {
					ref := cellName(c+1, r+1)
					if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
						t.Errorf("%s!%s holds a formula %q", sheet, ref, formula)
					}
					if _, ok := want[v]; ok {
						want[v] = true
						if !isText(t, f, sheet, ref) {
							t.Errorf("%s!%s %q is not a text cell", sheet, ref, v)
						}
					}
				}
			}
		}
	}
	for name, seen := range want {
		if !seen {
			t.Errorf("name %q does not read back exactly as typed", name)
		}
	}
}

func TestLongTextNeverBreaksAWorkbook(t *testing.T) {
	d := sampleData()
	huge := strings.Repeat("超长", 600_000) // 1.2 million characters, over a cell's 32,767
	d.Quarantine[0].RawValue = huge
	d.Quarantine[0].Column = huge
	d.Review[1].Holds[0].RawValue = huge
	d.Review[1].Holds[0].Detail = huge
	d.Roster[0].Name = strings.Repeat("名", 500)
	d.Roster[0].Remarks = huge
	for _, w := range []func(io.Writer, *Data) error{Write, WritePublic, WritePayment} {
		f, _ := writeWith(t, d, w)
		for _, sheet := range f.GetSheetList() {
			if got := visibleUnits(t, f, sheet); got > pageUnits {
				t.Errorf("%s: %.0f units wide", sheet, got)
			}
		}
	}
	f := writeBook(t, d)
	rows, _ := f.GetRows(SheetQuality)
	found := false
	for _, r := range rows {
		for _, v := range r {
			if strings.Contains(v, "…（共1200000字）") {
				found = true
			}
		}
	}
	if !found {
		t.Error("a raw value of 1.2 million characters is not shortened with its length")
	}
}

func TestSameDataGivesIdenticalCells(t *testing.T) {
	a := sampleData()
	b := sampleData()
	// Same inputs in another order and another run: only the run id and time may differ.
	slices.Reverse(b.Roster)
	slices.Reverse(b.Review)
	slices.Reverse(b.Rules)
	b.Run.ID = "20230201T000000Z-ffffff"
	b.Run.StartedAt = b.Run.StartedAt.Add(25 * time.Hour)
	for _, w := range []func(io.Writer, *Data) error{Write, WritePublic, WritePayment} {
		fa, _ := writeWith(t, a, w)
		fb, _ := writeWith(t, b, w)
		ca, cb := allCells(t, fa), allCells(t, fb)
		for _, c := range []map[string][][]string{ca, cb} {
			for i, r := range c[SheetNotes] {
				if len(r) > 2 && (r[1] == "运行编号" || r[1] == "运行时间" || r[1] == "页脚运行编号") {
					c[SheetNotes][i] = nil
				}
			}
		}
		if diff := cmp.Diff(ca, cb); diff != "" {
			t.Errorf("cells differ (-first +second):\n%s", diff)
		}
	}
}

func TestSplitByDistrictWritesEachDocumentPerDistrict(t *testing.T) {
	d := sampleData()
	d.Extra = []Sheet{
		{Name: "变化", Title: "变化", Columns: []Column{{Header: "统一社会信用代码"}, {Header: "所属区"}},
			Rows: [][]any{{Code("91110108MA01AAAA1X"), "海淀区"}, {Code("91110105MA02CCCC3Z"), "朝阳区"}}, DistrictColumn: 1},
		{Name: "全市附表", Title: "全市附表", Columns: []Column{{Header: "项目"}}, Rows: [][]any{{"x"}}, DistrictColumn: -1},
	}
	dir := t.TempDir()
	files, err := WriteFiles(dir, d, Options{SplitByDistrict: true})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range files.All() {
		names = append(names, filepath.Base(p))
	}
	want := []string{
		"高精尖资金免申即享奖励名单-2022.xlsx", "高精尖资金免申即享公示名单-2022.xlsx", "高精尖资金免申即享拨付清单-2022.xlsx",
		// District code 110000 (unknown) sorts first; a district with rows to pay gets all three.
		"高精尖资金免申即享奖励名单-2022-区未知.xlsx", "高精尖资金免申即享公示名单-2022-区未知.xlsx", "高精尖资金免申即享拨付清单-2022-区未知.xlsx",
		"高精尖资金免申即享奖励名单-2022-朝阳区.xlsx", "高精尖资金免申即享公示名单-2022-朝阳区.xlsx", "高精尖资金免申即享拨付清单-2022-朝阳区.xlsx",
		"高精尖资金免申即享奖励名单-2022-海淀区.xlsx", "高精尖资金免申即享公示名单-2022-海淀区.xlsx", "高精尖资金免申即享拨付清单-2022-海淀区.xlsx",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(want) {
		t.Errorf("%d files in the folder, want %d (no temporary files left)", len(entries), len(want))
	}
	for _, district := range []string{"朝阳区", "海淀区", "区未知"} {
		f, err := excelize.OpenFile(filepath.Join(dir, DistrictFileName(FileName(2022), district)))
		if err != nil {
			t.Fatal(err)
		}
		var got, wantCodes []string
		for _, sheet := range []string{"方向10", "方向11"} {
			for _, r := range readList(t, f, sheet).rows {
				got = append(got, sheet+" "+r[1]+" "+r[3])
			}
		}
		for _, dir := range []int{10, 11} {
			for _, r := range expectedRoster(d, dir) {
				if districtName(r.Enterprise) == district {
					wantCodes = append(wantCodes, fmt.Sprintf("方向%d %s %s", dir, r.CreditCode, district))
				}
			}
		}
		if diff := cmp.Diff(wantCodes, got); diff != "" {
			t.Errorf("%s roster (-want +got):\n%s", district, diff)
		}
		if l := readList(t, f, SheetD10); !strings.Contains(l.title, "·"+district) {
			t.Errorf("%s title %q does not name the district", district, l.title)
		}
		rows, _ := f.GetRows(SheetQuality)
		for _, r := range rows {
			for _, v := range r {
				if strings.Contains(v, "HYPERLINK") {
					t.Errorf("%s workbook shows a quarantined row whose enterprise cannot be told", district)
				}
			}
		}
		sheets := f.GetSheetList()
		if sheets[len(sheets)-1] != "变化" {
			t.Errorf("%s sheets %v: want 变化 last and 全市附表 left out", district, sheets)
		}
		for _, r := range readRows(t, f, "变化")[2:] {
			if r[1] != district {
				t.Errorf("%s 变化 shows a row of %s", district, r[1])
			}
		}
		f.Close()
		p, err := excelize.OpenFile(filepath.Join(dir, DistrictFileName(PublicFileName(2022), district)))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range readList(t, p, SheetPublic).rows {
			if r[3] != district {
				t.Errorf("%s 公示名单 lists %s of %s", district, r[2], r[3])
			}
		}
		p.Close()
	}
}

func readRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestMoneyConversionIsExactAtTwoDecimals(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"whole amount", "300", "300"},
		{"cents that floats cannot hold", "0.1", "0.1"},
		{"third decimal rounds half away from zero", "1234.565", "1234.57"},
		{"large amount keeps every cent", "98765432109.99", "98765432109.99"},
		{"negative", "-0.005", "-0.01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := wanCell(dec(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if s := strconv.FormatFloat(got, 'f', -1, 64); s != tt.want {
				t.Errorf("%s written as %s, want %s", tt.in, s, tt.want)
			}
		})
	}
	if _, err := wanCell(dec("123456789012345678.12")); err == nil {
		t.Error("an amount beyond float64's exact digits must fail, not be written rounded")
	}
}

func TestShownFiguresAndShortfalls(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"a figure truncates toward zero", figureText(dec("999999999")), "99,999.99万元"},
		{"a negative figure truncates toward zero", figureText(dec("-12345.678")), "-1.23万元"},
		{"a shortfall of one yuan rounds away from zero", shortfallText(dec("999999999"), dec("1000000000")), "0.01万元"},
		{"an award shows its cents", amountText(dec("123456.785")), "12.35万元"},
		{"a growth cell holds net / prev truncated, not the stored ratio",
			decimal.Decimal(growthOf(Figures{Net: decp("149999999.99"), Prev: decp("1000000000"), Growth: decp("0.150000")}).(Percent)).String(), "0.1499"},
		{"without a base the stored ratio is shown", decimal.Decimal(growthOf(Figures{Growth: decp("0.2")}).(Percent)).String(), "0.2"},
		{"short run id", ShortRunID("20261203T052733Z-e083db"), "20261203T0527-e083db"},
		{"a run id of another shape is kept", ShortRunID("run-1"), "run-1"},
		{"long text is clipped with its length", clip("一二三四五", 2), "一二…（共5字）"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestTextWidthAndWrapping(t *testing.T) {
	tests := []struct {
		in       string
		width    float64
		wantMin  float64
		wantMax  float64
		wantLine float64
	}{
		{"0610", 6, 3.5, 4, 1},
		{"海淀区", 8, 4.9, 5, 1},
		{"91110108MA01AAAA1X", 20, 17, 19, 1},
		{"软件信息服务业企业一季度稳运行奖励", 8, 27, 29, 5},
		{"a\nbb", 10, 1.5, 2, 2},
		{"北京经济技术开发区", 7, 14, 15, 3},
	}
	for _, tt := range tests {
		if got := units(tt.in); got < tt.wantMin || got > tt.wantMax {
			t.Errorf("units(%q) = %v, want %v–%v", tt.in, got, tt.wantMin, tt.wantMax)
		}
		if got := lineCount(tt.in, tt.width, 1); got != tt.wantLine {
			t.Errorf("lineCount(%q, %v) = %v, want %v", tt.in, tt.width, got, tt.wantLine)
		}
	}
}

// bigData is n direction-11 roster rows over the 16 districts, for the streaming benchmark.
func bigData(n int) *Data {
	d := sampleData()
	d.Roster = make([]RosterRow, n)
	for i := range d.Roster {
		dist := 1 + i%16
		d.Roster[i] = RosterRow{
			Enterprise: firm(fmt.Sprintf("911101%02dMA%08d", dist, i), fmt.Sprintf("测试企业%06d有限公司", i),
				fmt.Sprintf("1101%02d", dist), fmt.Sprintf("第%d区", dist), "3911", "计算机整机制造"),
			Rule: ruleD112, Tier: "B1", Paid: dec("2000000"),
			Figures: Figures{Prev: decp("1000000000"), Cur: decp("1200000000.50"), Net: decp("200000000.50"),
				Growth: decp("0.2000000005"), HeadcountPrev: intp(100), HeadcountCur: intp(120)},
		}
	}
	return d
}

func BenchmarkWrite100kRosterRows(b *testing.B) {
	d := bigData(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}
