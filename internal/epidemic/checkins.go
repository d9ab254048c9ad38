package epidemic

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/notify"
)

// Fever is the temperature (°C) from which a check-in alerts at once.
const Fever = 37.3

// CheckinInput is one daily check-in (健康打卡).
type CheckinInput struct {
	Temperature float64  `json:"temperature" minimum:"34" maximum:"43" doc:"°C"`
	Symptoms    []string `json:"symptoms,omitempty" maxItems:"20" doc:"e.g. 咳嗽, 乏力, 咽痛"`
	TestTaken   bool     `json:"test_taken,omitempty" doc:"a test sample was taken today"`
	Note        string   `json:"note,omitempty" maxLength:"500"`
}

// Checkin is a check-in as stored.
type Checkin struct {
	ID          string    `json:"id"`
	Day         string    `json:"day" doc:"Beijing"`
	Temperature float64   `json:"temperature"`
	Symptoms    []string  `json:"symptoms"`
	TestTaken   bool      `json:"test_taken"`
	Note        string    `json:"note"`
	Fever       bool      `json:"fever"`
	BySelf      bool      `json:"by_self" doc:"the person checked in from the app"`
	CreatedAt   time.Time `json:"created_at"`
}

var (
	errTemperature = apperr.New(apperr.ErrInvalid, "epidemic.temperature", "体温应在 34–43 °C 之间 / temperature must be 34–43 °C")
	errSymptom     = apperr.New(apperr.ErrInvalid, "epidemic.symptom", "症状每项 1–40 字 / each symptom is 1–40 characters")
	errNotToday    = apperr.New(apperr.ErrConflict, "epidemic.measure_not_running",
		"今天不在管控期内 / the measure does not run today")
)

// Checkin records a check-in for a measure in the caller's scope (staff).
func (s *Service) Checkin(ctx context.Context, p *access.Principal, id string, in CheckinInput) (Checkin, error) {
	return s.checkin(ctx, p, id, in, func(m Measure) bool { return access.Scope(p.RegionPath).Covers(m.regionPath) }, false)
}

// checkin validates in and records it for measure id if mine says it is the
// caller's to record; a fever alerts the person's grid and township at once.
func (s *Service) checkin(ctx context.Context, p *access.Principal, id string, in CheckinInput, mine func(Measure) bool,
	self bool) (Checkin, error) {
	if math.IsNaN(in.Temperature) || in.Temperature < 34 || in.Temperature > 43 {
		return Checkin{}, errTemperature.Field("body.temperature")
	}
	for i, sy := range in.Symptoms {
		if in.Symptoms[i] = strings.TrimSpace(sy); in.Symptoms[i] == "" || len([]rune(in.Symptoms[i])) > 40 {
			return Checkin{}, errSymptom.Field(fmt.Sprintf("body.symptoms[%d]", i))
		}
	}
	c := Checkin{ID: uuid.Must(uuid.NewV7()).String(), Day: s.today(), Temperature: math.Round(in.Temperature*10) / 10,
		Symptoms: orEmpty(in.Symptoms), TestTaken: in.TestTaken, Note: in.Note, BySelf: self, CreatedAt: s.now().UTC()}
	c.Fever = c.Temperature >= Fever
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		m, err := s.Measure(ctx, "", id)
		if err != nil || !mine(m) {
			return ErrMeasureNotFound
		}
		if m.State != MeasureActive || c.Day < m.StartDate || c.Day > m.EndDate {
			return errNotToday
		}
		symptoms, _ := json.Marshal(c.Symptoms)
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_checkins (id, measure_id, day, temperature, symptoms, test_taken, note, fever,
			by_self, user_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, c.ID, id, c.Day, c.Temperature, string(symptoms),
			c.TestTaken, c.Note, c.Fever, self, p.UserID, c.CreatedAt); err != nil {
			return fmt.Errorf("epidemic: checkin: %w", err)
		}
		if c.Fever {
			if err := s.alert(ctx, m, "发热预警", fmt.Sprintf("%s 体温 %.1f °C（%s）", m.PersonName, c.Temperature,
				nameOf(Measures, m.Kind))); err != nil {
				return err
			}
		}
		return s.audit.Write(ctx, audit.Record{Action: "epidemic.measure.checkin", ObjectType: "measure", ObjectID: id,
			Detail: map[string]any{"fever": c.Fever, "self": self}, ScopePath: m.regionPath})
	})
	return c, err
}

// alert tells the grid worker(s) of the person's grid and their township's
// epidemic staff, in the transaction ctx carries.
func (s *Service) alert(ctx context.Context, m Measure, title, body string) error {
	paths := []string{m.regionPath}
	if sc := access.Scope(m.regionPath); sc.Level() > access.Township {
		paths = append(paths, string(sc.Head(access.Township)))
	}
	_, err := s.alerts.Alert(ctx, notify.Query{RegionPaths: paths, Perms: []string{"epidemic:verify", "epidemic:write"}},
		notify.Note{Kind: "epidemic_measure", Title: title, Body: body, Link: "/epidemic/measures/" + m.ID}, false)
	return err
}

// checkins are a measure's check-ins, the latest first.
func (s *Service) checkins(ctx context.Context, id string) ([]Checkin, error) {
	rows, err := s.db.Query(ctx, `SELECT id, day, temperature, symptoms, test_taken, note, fever, by_self, created_at
		FROM epi_checkins WHERE measure_id = ? ORDER BY created_at DESC, id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("epidemic: checkins: %w", err)
	}
	defer rows.Close()
	out := []Checkin{}
	for rows.Next() {
		var c Checkin
		var symptoms string
		if err := rows.Scan(&c.ID, &c.Day, &c.Temperature, &symptoms, &c.TestTaken, &c.Note, &c.Fever, &c.BySelf,
			&c.CreatedAt); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(symptoms), &c.Symptoms)
		out = append(out, c)
	}
	return out, rows.Err()
}

// OwnMeasures are the open measures of the resident the caller's account is
// bound to (the app).
func (s *Service) OwnMeasures(ctx context.Context, p *access.Principal) ([]MeasureDetail, error) {
	resident, err := s.accounts.ResidentOf(ctx, p.UserID)
	if err != nil || resident == "" {
		return []MeasureDetail{}, err
	}
	ids, err := s.column(ctx, "SELECT m.id"+measureFrom+" WHERE p.resident_id = ? AND m.ended_at IS NULL ORDER BY m.created_at",
		resident)
	if err != nil {
		return nil, err
	}
	out := []MeasureDetail{}
	for _, id := range ids {
		d, err := s.MeasureDetail(ctx, "", id)
		if err != nil {
			return nil, err
		}
		d.History = []MeasureEvent{} // the staff's record, not the person's
		out = append(out, d)
	}
	return out, nil
}

// OwnCheckin records a check-in from the app, for a measure of the resident
// the caller's account is bound to; anyone else's answers 404.
func (s *Service) OwnCheckin(ctx context.Context, p *access.Principal, id string, in CheckinInput) (Checkin, error) {
	resident, err := s.accounts.ResidentOf(ctx, p.UserID)
	if err != nil {
		return Checkin{}, err
	}
	var owner string
	if err := s.db.QueryRow(ctx, "SELECT COALESCE(p.resident_id, '')"+measureFrom+" WHERE m.id = ?", id).Scan(&owner); err != nil {
		return Checkin{}, s.db.ScanErr(err, ErrMeasureNotFound)
	}
	return s.checkin(ctx, p, id, in, func(Measure) bool { return resident != "" && owner == resident }, true)
}
