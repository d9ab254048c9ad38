package apptest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/auth"
	"healthgrid/internal/epidemic"
	"healthgrid/internal/population"
	"healthgrid/internal/testkit"
)

// CardBody is a valid report card of a measles case (24-hour reporting) of
// the person with idNumber, diagnosed an hour before now, as JSON fields.
func CardBody(idNumber, cardNo string, now time.Time) map[string]any {
	return map[string]any{"card_no": cardNo, "report_type": "initial", "name": "张三", "id_number": idNumber,
		"sex": sexOf(idNumber), "work_unit": "忻州市第一中学", "class": "高一(3)班", "phone": "13912345678", "belongs": "local_county",
		"address": "秀容街道东大街12号", "occupation": "student", "classification": "confirmed", "onset_date": "2026-11-20",
		"diagnosed_at": now.Add(-time.Hour).Format(time.RFC3339), "disease": "B06", "reporting_unit": "忻州市人民医院",
		"doctor": "李医生"}
}

func sexOf(idNumber string) string {
	if (idNumber[16]-'0')%2 == 1 {
		return "male"
	}
	return "female"
}

// NewPatient registers a resident of grid with the n-th ID number and
// answers that number and the resident's id.
func (e *Env) NewPatient(t testing.TB, grid string) (idNumber, residentID string) {
	t.Helper()
	n := 5000 + e.Unique()
	r, err := e.App.People.Create(context.Background(), e.System(t), population.Input{Name: fmt.Sprintf("患者%d", n),
		IDNumber: IDNumber(n), GridCode: grid})
	if err != nil {
		t.Fatal(err)
	}
	return IDNumber(n), r.ID
}

// NewCard files a throw-away report card as the county's CDC account (its
// unit, its region) for a new resident of grid, and answers its id.
func (e *Env) NewCard(t testing.TB, county, grid string) string {
	t.Helper()
	idNumber, _ := e.NewPatient(t, grid)
	p := e.System(t)
	p = &access.Principal{UserID: p.UserID, Username: "cdc", Perms: p.Perms, Roles: p.Roles,
		RegionPath: e.City.Path(county), UnitID: e.City.Units["health_commission:"+county]}
	diag := e.Clock.Now().Add(-time.Hour)
	in := epidemic.CardInput{CardNo: fmt.Sprintf("C%d", e.Unique()), ReportType: "initial", Name: "张三", IDNumber: idNumber,
		Sex: sexOf(idNumber), Belongs: "local_county", Address: "东大街12号", Occupation: "farmer", Classification: "confirmed",
		OnsetDate: "2026-11-20", DiagnosedAt: &diag, Disease: "B06", ReportingUnit: "县医院", Doctor: "李医生"}
	c, err := e.App.Epidemic.FileReport(context.Background(), p, in)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// NewReporter is a throw-away hospital account (hospital_reporter) of a new
// unit in region, with a phone: its client and its unit's id.
func (e *Env) NewReporter(t testing.TB, region string) (*testkit.Client, string) {
	t.Helper()
	unit, n := e.NewUnit(t, region), e.Unique()
	name, phone := fmt.Sprintf("hosp%d", n), Phone(n)
	if _, err := e.App.Auth.CreateUser(context.Background(), e.System(t), auth.UserInput{Username: name, Name: "报卡员",
		Phone: &phone, Roles: []string{"hospital_reporter"}, RegionCode: region, UnitID: unit, Password: Password}, true); err != nil {
		t.Fatal(err)
	}
	return e.Login(t, name), unit
}
