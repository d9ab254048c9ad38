package epidemic

import (
	"time"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// The actions report cards write to the audit log.
var _ = audit.Declare("epidemic.report.file", "epidemic.report.review", "epidemic.report.reveal")

// Occupations are the national list of 人群分类 the card asks, in its order.
var Occupations = []Named{
	{"kindergarten", "幼托儿童"}, {"scattered_child", "散居儿童"}, {"student", "学生（大中小学）"}, {"teacher", "教师"},
	{"nanny", "保育员及保姆"}, {"food_service", "餐饮食品业"}, {"public_service", "商业服务"}, {"medical", "医务人员"},
	{"worker", "工人"}, {"migrant_worker", "民工"}, {"farmer", "农民"}, {"herdsman", "牧民"}, {"fisherman", "渔（船）民"},
	{"seafarer_driver", "海员及长途驾驶员"}, {"cadre", "干部职员"}, {"retired", "离退人员"}, {"unemployed", "家务及待业"},
	{"other", "其他"}, {"unknown", "不详"},
}

// Belongs are where a patient belongs (病人属于), seen from the reporting unit.
var Belongs = []Named{{"local_county", "本县区"}, {"local_city", "本市其他县区"}, {"local_province", "本省其它地市"},
	{"other_province", "外省"}, {"hk_mo_tw", "港澳台"}, {"foreign", "外籍"}}

// Classifications are a case's classification (病例分类).
var Classifications = []Named{{"suspected", "疑似病例"}, {"clinical", "临床诊断病例"}, {"confirmed", "确诊病例"},
	{"carrier", "病原携带者"}}

// Courses are a case's course where the disease has one (急性/慢性).
var Courses = []Named{{"acute", "急性"}, {"chronic", "慢性"}}

// ReportStatuses are a card's states (report_flow.go).
var ReportStatuses = []Named{{StatusFiled, "待审核"}, {StatusReviewed, "已审核"}, {StatusReturned, "已退回"},
	{StatusDuplicate, "重卡"}, {StatusCorrected, "已订正"}}

var reportVocabulary = ReportVocabulary{Occupations: Occupations, Belongs: Belongs, Classifications: Classifications,
	Courses: Courses, Statuses: ReportStatuses}

// ReportVocabulary is the card's code lists, for the filing form.
type ReportVocabulary struct {
	Occupations     []Named `json:"occupations"`
	Belongs         []Named `json:"belongs"`
	Classifications []Named `json:"classifications"`
	Courses         []Named `json:"courses"`
	Statuses        []Named `json:"report_statuses"`
}

// CardInput is a report card as a hospital or clinic files it. Dates are
// YYYY-MM-DD (Beijing); diagnosed_at is a time, to the hour.
type CardInput struct {
	CardNo         string     `json:"card_no" minLength:"1" maxLength:"30" doc:"the unit's card number (卡片编号)"`
	ReportType     string     `json:"report_type" enum:"initial,correction" doc:"初次报告 or 订正报告"`
	Corrects       string     `json:"corrects,omitempty" maxLength:"40" doc:"a correction: the id of the card it corrects"`
	Name           string     `json:"name" minLength:"1" maxLength:"50"`
	ParentName     string     `json:"parent_name,omitempty" maxLength:"50" doc:"患儿家长姓名: required under 14"`
	IDNumber       string     `json:"id_number,omitempty" maxLength:"30" doc:"GB 11643 ID number; sealed, masked on output"`
	Sex            string     `json:"sex" enum:"male,female"`
	BirthDate      string     `json:"birth_date,omitempty" maxLength:"10" doc:"YYYY-MM-DD; or age and age_unit"`
	Age            *int       `json:"age,omitempty" minimum:"0" maximum:"150"`
	AgeUnit        string     `json:"age_unit,omitempty" enum:"year,month,day,"`
	WorkUnit       string     `json:"work_unit,omitempty" maxLength:"100" doc:"work unit or school (工作单位/学校)"`
	Class          string     `json:"class,omitempty" maxLength:"50" doc:"a pupil's class (班级)"`
	Phone          string     `json:"phone,omitempty" maxLength:"20" doc:"sealed, masked on output"`
	Belongs        string     `json:"belongs" enum:"local_county,local_city,local_province,other_province,hk_mo_tw,foreign"`
	Address        string     `json:"address" minLength:"1" maxLength:"200" doc:"current address down to the village and house number"`
	AddressCode    string     `json:"address_code,omitempty" maxLength:"15" doc:"the address's grid, or its village or township: places the card there"`
	Lng            *float64   `json:"lng,omitempty" minimum:"73" maximum:"136" doc:"WGS-84: the address's point, with lat"`
	Lat            *float64   `json:"lat,omitempty" minimum:"3" maximum:"54"`
	Occupation     string     `json:"occupation" enum:"kindergarten,scattered_child,student,teacher,nanny,food_service,public_service,medical,worker,migrant_worker,farmer,herdsman,fisherman,seafarer_driver,cadre,retired,unemployed,other,unknown"`
	Classification string     `json:"classification" enum:"suspected,clinical,confirmed,carrier"`
	Course         string     `json:"course,omitempty" enum:"acute,chronic," doc:"only where the disease has it (has_course)"`
	OnsetDate      string     `json:"onset_date,omitempty" maxLength:"10" doc:"YYYY-MM-DD; required but for a carrier"`
	DiagnosedAt    *time.Time `json:"diagnosed_at" doc:"the diagnosis, to the hour"`
	DeathDate      string     `json:"death_date,omitempty" maxLength:"10"`
	Disease        string     `json:"disease" minLength:"1" maxLength:"20"`
	Subtype        string     `json:"subtype,omitempty" maxLength:"20" doc:"required where the disease has subtypes"`
	ReportingUnit  string     `json:"reporting_unit" minLength:"1" maxLength:"100"`
	Doctor         string     `json:"doctor" minLength:"1" maxLength:"50"`
	Note           string     `json:"note,omitempty" maxLength:"500"`
}

// Card is a report card as lists and the detail show it: ID and phone
// masked (revealed by POST …/reveal, audited).
type Card struct {
	ID                 string     `json:"id"`
	CardNo             string     `json:"card_no"`
	ReportType         string     `json:"report_type" enum:"initial,correction"`
	Corrects           string     `json:"corrects,omitempty"`
	CorrectedBy        string     `json:"corrected_by,omitempty"`
	Name               string     `json:"name"`
	ParentName         string     `json:"parent_name,omitempty"`
	IDNumber           string     `json:"id_number" doc:"masked"`
	Phone              string     `json:"phone" doc:"masked"`
	Sex                string     `json:"sex" enum:"male,female"`
	BirthDate          string     `json:"birth_date,omitempty"`
	Age                *int       `json:"age,omitempty"`
	AgeUnit            string     `json:"age_unit,omitempty"`
	WorkUnit           string     `json:"work_unit,omitempty"`
	Class              string     `json:"class,omitempty"`
	Belongs            string     `json:"belongs"`
	Address            string     `json:"address"`
	AddressCode        string     `json:"address_code,omitempty"`
	Occupation         string     `json:"occupation"`
	OccupationName     string     `json:"occupation_name"`
	Classification     string     `json:"classification" enum:"suspected,clinical,confirmed,carrier"`
	ClassificationName string     `json:"classification_name"`
	Course             string     `json:"course,omitempty"`
	OnsetDate          string     `json:"onset_date,omitempty"`
	DiagnosedAt        time.Time  `json:"diagnosed_at"`
	DeathDate          string     `json:"death_date,omitempty"`
	Disease            string     `json:"disease"`
	DiseaseName        string     `json:"disease_name"`
	Subtype            string     `json:"subtype,omitempty"`
	ReportingUnit      string     `json:"reporting_unit"`
	Doctor             string     `json:"doctor"`
	Note               string     `json:"note,omitempty"`
	UnitID             string     `json:"unit_id,omitempty" doc:"the filing account's unit"`
	FiledAt            time.Time  `json:"filed_at"`
	GridCode           string     `json:"grid_code" doc:"the grid the card was placed in; empty in a pool"`
	RegionCode         string     `json:"region_code" doc:"the grid, or the region whose pool holds the card"`
	Pooled             bool       `json:"pooled"`
	ResidentID         string     `json:"resident_id,omitempty" doc:"the resident the ID number matched"`
	PersonID           string     `json:"person_id,omitempty" doc:"the risk person the case became"`
	Urgent             bool       `json:"urgent" doc:"甲 or managed as 甲: 2-hour report, 2-hour review, an urgent alert"`
	ReportHours        int        `json:"report_hours"`
	OnTime             bool       `json:"on_time" doc:"filed within report_hours of diagnosed_at"`
	Status             string     `json:"status" enum:"filed,reviewed,returned,duplicate,corrected"`
	ReviewDue          time.Time  `json:"review_due"`
	ReviewedAt         *time.Time `json:"reviewed_at,omitempty"`
	ReviewOnTime       *bool      `json:"review_on_time,omitempty"`
	ReturnReason       string     `json:"return_reason,omitempty"`
	DuplicateOf        string     `json:"duplicate_of,omitempty" doc:"查重: an earlier card of the same person and disease, for the CDC to judge"`
	DupResolution      string     `json:"dup_resolution,omitempty" enum:"kept,duplicate," doc:"the reviewer's word on duplicate_of"`
	EventID            string     `json:"event_id,omitempty" doc:"the event the urgent case opened"`
	Actions            []string   `json:"actions" doc:"what the caller may do with the card now: approve, return, duplicate, correct"`
	UpdatedAt          time.Time  `json:"updated_at"`
	regionPath         string
	unitPath           string
	idIdx              string
}

// Errors of the report cards.
var (
	ErrReportNotFound = apperr.New(apperr.ErrNotFound, "epidemic.report_not_found", "报告卡不存在 / report card not found")
	errCardNoTaken    = apperr.New(apperr.ErrConflict, "epidemic.card_no_taken",
		"本单位已有该编号的初次报告卡 / the unit already filed an initial card with this number")
	errReviewState = apperr.New(apperr.ErrConflict, "epidemic.report_state",
		"报告卡当前状态不允许此操作 / the card's state does not allow this")
)
