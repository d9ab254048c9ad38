package imports

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"healthgrid/internal/pii"
	"healthgrid/internal/population"
)

// writeReport writes the job's rejected rows to an xlsx — line, column,
// reason, then the row's values with ID and phone numbers masked — and
// returns its path. It is written beside and renamed into place, so a crash
// never leaves half a report under the final name.
func (s *Service) writeReport(ctx context.Context, j *jobRow) (string, error) {
	if err := os.MkdirAll(s.jobTmp(j.id), 0o700); err != nil {
		return "", fmt.Errorf("imports: report: %w", err)
	}
	f := excelize.NewFile(excelize.Options{TmpDir: s.jobTmp(j.id)})
	defer f.Close()
	const sheet = "错误报告"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return "", err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return "", err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	sw.SetColWidth(1, 2, 10)
	sw.SetColWidth(3, 3, 48)
	sw.SetColWidth(4, 3+len(residentColumns), 16)
	sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	head := []any{"行号", "列", "原因"}
	for _, h := range headers() {
		head = append(head, h)
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{StyleID: bold}); err != nil {
		return "", err
	}
	row := 1
	err = s.rowErrors(ctx, j.id, func(e rowError) error {
		row++
		vals := make([]any, 0, 3+len(residentColumns))
		vals = append(vals, e.Line, e.Column, e.Reason)
		for _, v := range e.values {
			vals = append(vals, v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, vals)
	})
	if err != nil {
		return "", fmt.Errorf("imports: report: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return "", err
	}
	path := filepath.Join(s.dir(), j.id+"-errors.xlsx")
	if err := writeFile(path, f); err != nil {
		return "", fmt.Errorf("imports: report: %w", err)
	}
	return path, nil
}

// writeFile saves f at path (0600) through a temporary name.
func writeFile(path string, f *excelize.File) error {
	tmp := path + ".part"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if err := f.Write(out); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// templateHelp explains each column on the template's second sheet, with
// an example value; the lists come from population's dictionaries.
func templateHelp() [][]string {
	id17 := "14090219900101123"
	var tags, res []string
	for _, t := range population.Tags {
		tags = append(tags, t.Label)
	}
	for _, r := range population.ResidenceTypes {
		res = append(res, r.Label+"("+r.Code+")")
	}
	return [][]string{
		{"姓名", "name", "必填", "居民姓名", "张三"},
		{"身份证号", "id_number", "必填", "18位公民身份号码,校验位须正确;出生日期和性别由号码得出。请把本列设为“文本”格式,否则Excel会把号码变成科学计数法并丢失末几位", id17 + string(pii.IDCheckDigit(id17))},
		{"手机号", "phone", "选填", "11位手机号码,可带+86、空格或短横线;同样请设为“文本”格式", "13800138000"},
		{"民族", "ethnicity", "选填", "民族名称(汉族、回族…,也可省略“族”字)或GB/T 3304两位代码(01 汉族、03 回族…),见“民族代码”页", "汉族"},
		{"网格编码", "grid_code", "必填", "15位网格编码(所在村/社区的12位统计区划代码+3位网格序号),须在您的管辖范围内", "140902001002001"},
		{"地址", "address", "选填", "现居住地址", "秀容街道东大街12号"},
		{"居住类型", "residence_type", "选填", "以下之一:" + strings.Join(res, "、"), population.ResidenceTypes[0].Label},
		{"标签", "tags", "选填", "重点人群标签,多个用“;”或“、”分隔:" + strings.Join(tags, "、") + "。年龄类标签(65岁及以上、0-6岁)按出生日期自动判定,无需填写", "高血压患者;独居老人"},
	}
}

// WriteTemplate writes the residents template: the headers and an example
// row on the first sheet, what each column takes on the second, the
// ethnicity codes on the third.
func WriteTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const data, help, codes = "居民信息", "填写说明", "民族代码"
	if err := f.SetSheetName("Sheet1", data); err != nil {
		return err
	}
	for _, name := range []string{help, codes} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text, so long numbers stay as typed
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	last, _ := excelize.ColumnNumberToName(len(residentColumns))
	rows := templateHelp()
	f.SetColStyle(data, "A:"+last, text)
	f.SetColWidth(data, "A", last, 18)
	for i, h := range rows {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellStr(data, col+"1", h[0])
		f.SetCellStr(data, col+"2", h[4])
	}
	f.SetCellStyle(data, "A1", last+"1", bold)
	f.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	for i, v := range []string{"列名", "英文别名", "是否必填", "说明", "示例"} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellStr(help, col+"1", v)
	}
	for r, h := range rows {
		for c, v := range h {
			col, _ := excelize.ColumnNumberToName(c + 1)
			f.SetCellStr(help, fmt.Sprintf("%s%d", col, r+2), v)
		}
	}
	f.SetCellStr(help, fmt.Sprintf("A%d", len(rows)+3),
		"列的顺序不限,表头可用中文列名或英文别名;不认识的列会使整个文件被拒绝。空行自动跳过。同一文件中重复的身份证号,后出现的行被拒绝。"+
			"支持 .xlsx(读取第一个工作表)和 CSV(UTF-8 或 GBK/GB18030 编码)。")
	f.SetCellStyle(help, "A1", "E1", bold)
	f.SetCellStyle(help, "A2", fmt.Sprintf("E%d", len(rows)+3), wrap)
	f.SetColWidth(help, "A", "C", 12)
	f.SetColWidth(help, "D", "D", 70)
	f.SetColWidth(help, "E", "E", 22)
	f.SetCellStr(codes, "A1", "代码")
	f.SetCellStr(codes, "B1", "民族")
	for i, e := range population.Ethnicities {
		f.SetCellStr(codes, fmt.Sprintf("A%d", i+2), e.Code)
		f.SetCellStr(codes, fmt.Sprintf("B%d", i+2), e.Name)
	}
	f.SetCellStyle(codes, "A1", "B1", bold)
	f.SetColWidth(codes, "B", "B", 20)
	f.SetActiveSheet(0)
	return f.Write(w)
}
