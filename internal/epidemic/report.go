package epidemic

import (
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"healthgrid/internal/access"
	"healthgrid/internal/audit"
	"healthgrid/internal/china"
)

var _ = audit.Declare("epidemic.screening.export", "epidemic.screening.handover_export")

// Handover is a person outside the city: the hand-over (协查函) to where
// the list says they are.
type Handover struct {
	PersonID    string `json:"person_id"`
	Name        string `json:"name"`
	IDNumber    string `json:"id_number" doc:"masked"`
	Phone       string `json:"phone" doc:"masked"`
	Address     string `json:"address"`
	Origin      string `json:"origin,omitempty"`
	Destination string `json:"destination" doc:"the region code outside the city the hand-over goes to"`
	Category    string `json:"category"`
}

// Handovers are the list's persons outside the city, in the caller's
// scope, in destination order.
func (s *Service) Handovers(ctx context.Context, scope, id string) ([]Handover, error) {
	if _, err := s.Screening(ctx, scope, id); err != nil {
		return nil, err
	}
	out := []Handover{}
	err := s.eachPerson(ctx, scope, id, " AND p.handover_to <> ''", "p.handover_to, p.id", func(p Person) error {
		out = append(out, Handover{PersonID: p.ID, Name: p.Name, IDNumber: p.IDNumber, Phone: p.Phone, Address: p.Address,
			Origin: p.Origin, Destination: p.HandoverTo, Category: p.CategoryName})
		return nil
	})
	return out, err
}

// eachPerson calls fn with each person of the list in scope that the extra
// condition selects, in order.
func (s *Service) eachPerson(ctx context.Context, scope, id, extra, order string, fn func(Person) error) error {
	cond, args := access.Scope(scope).Subtree("p.region_path")
	rows, err := s.db.Query(ctx, "SELECT "+prefixed+` FROM epi_persons p WHERE p.id IN (SELECT person_id FROM
		epi_person_sources WHERE kind = 'screening' AND ref = ?) AND p.merged_into IS NULL AND `+cond+extra+
		" ORDER BY "+order, append([]any{id}, args...)...)
	if err != nil {
		return fmt.Errorf("epidemic: persons of a list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := s.scanPerson(rows)
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// sheet is a streamed sheet of a workbook.
type sheet struct {
	sw  *excelize.StreamWriter
	row int
}

func newSheet(f *excelize.File, name string, first bool, head []any) (*sheet, error) {
	if first {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	sw.SetColWidth(1, len(head), 16)
	sh := &sheet{sw: sw}
	return sh, sh.add(head, excelize.RowOpts{StyleID: bold})
}

func (sh *sheet) add(vals []any, opts ...excelize.RowOpts) error {
	sh.row++
	cell, _ := excelize.CoordinatesToCellName(1, sh.row)
	return sh.sw.SetRow(cell, vals, opts...)
}

var personHead = []any{"姓名", "身份证号", "手机号", "类别", "网格编码", "所在区域", "状态", "核查结果", "去向", "期限", "逾期", "地址", "来源地"}

func personRow(p Person) []any {
	deadline := ""
	if p.Deadline != nil {
		deadline = p.Deadline.In(china.Zone).Format("2006-01-02 15:04")
	}
	overdue := ""
	if p.Overdue && !verified(p.State) {
		overdue = "是"
	}
	return []any{p.Name, p.IDNumber, p.Phone, p.CategoryName, p.GridCode, p.RegionCode, stateName(p.State),
		nameOf(Outcomes, p.Outcome), p.Destination, deadline, overdue, p.Address, p.Origin}
}

// FeedbackReport writes the feedback report upward (反馈报表) of a list as the
// caller sees it: its progress by child region, then its persons (numbers
// masked), then its hand-overs. Audited as an export.
func (s *Service) FeedbackReport(ctx context.Context, caller *access.Principal, id string, w io.Writer) (string, error) {
	scope := caller.RegionPath
	sc, err := s.Screening(ctx, scope, id)
	if err != nil {
		return "", err
	}
	pr, err := s.Progress(ctx, scope, id, "")
	if err != nil {
		return "", err
	}
	f := excelize.NewFile()
	defer f.Close()
	sum, err := newSheet(f, "进度", true, []any{"区域编码", "区域", "接收", "已分配网格", "待分配", "已核实", "逾期", "完成率"})
	if err != nil {
		return "", err
	}
	for _, it := range append(pr.Items, RegionCounts{RegionCode: pr.RegionCode, RegionName: "本级待分配", Counts: pr.Here},
		RegionCounts{RegionCode: pr.RegionCode, RegionName: "合计", Counts: pr.Total}) {
		if err := sum.add([]any{it.RegionCode, it.RegionName, it.Received, it.Distributed, it.Pool, it.Verified, it.Overdue,
			fmt.Sprintf("%.1f%%", it.Rate*100)}); err != nil {
			return "", err
		}
	}
	if err := sum.sw.Flush(); err != nil {
		return "", err
	}
	people, err := newSheet(f, "人员", false, personHead)
	if err != nil {
		return "", err
	}
	n := 0
	if err := s.eachPerson(ctx, scope, id, "", "p.region_path, p.state, p.id", func(p Person) error {
		n++
		return people.add(personRow(p))
	}); err != nil {
		return "", err
	}
	if err := people.sw.Flush(); err != nil {
		return "", err
	}
	if err := s.audit.Write(ctx, audit.Record{Action: "epidemic.screening.export", ObjectType: "epidemic_screening",
		ObjectID: id, Detail: map[string]any{"rows": n, "region": access.Scope(scope).Code()}}); err != nil {
		return "", err
	}
	return sc.Name + "-反馈.xlsx", f.Write(w)
}

// HandoverLetters writes the list's hand-overs (协查函) as a printable
// workbook: a letter heading, then a row per person, by destination.
// Audited as an export.
func (s *Service) HandoverLetters(ctx context.Context, caller *access.Principal, id string, w io.Writer) (string, error) {
	sc, err := s.Screening(ctx, caller.RegionPath, id)
	if err != nil {
		return "", err
	}
	hs, err := s.Handovers(ctx, caller.RegionPath, id)
	if err != nil {
		return "", err
	}
	f := excelize.NewFile()
	defer f.Close()
	sh, err := newSheet(f, "协查函", true, []any{"协查函"})
	if err != nil {
		return "", err
	}
	intro := fmt.Sprintf("因疫情防控需要，现将“%s”名单中下列 %d 名人员的信息推送贵地，请协助开展排查管控并反馈结果。", sc.Name, len(hs))
	if err := sh.add([]any{intro}); err != nil {
		return "", err
	}
	if err := sh.add([]any{"序号", "协查地（区划代码）", "姓名", "身份证号", "手机号", "人员类别", "地址", "来源地"},
		excelize.RowOpts{}); err != nil {
		return "", err
	}
	for i, h := range hs {
		if err := sh.add([]any{i + 1, h.Destination, h.Name, h.IDNumber, h.Phone, h.Category, h.Address, h.Origin}); err != nil {
			return "", err
		}
	}
	if err := sh.sw.Flush(); err != nil {
		return "", err
	}
	if err := s.audit.Write(ctx, audit.Record{Action: "epidemic.screening.handover_export", ObjectType: "epidemic_screening",
		ObjectID: id, Detail: map[string]any{"rows": len(hs)}}); err != nil {
		return "", err
	}
	return sc.Name + "-协查函.xlsx", f.Write(w)
}
