package epidemic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/bus"
)

// The actions measures write to the audit log.
var _ = audit.Declare("epidemic.measure.order", "epidemic.measure.extend", "epidemic.measure.change",
	"epidemic.measure.release", "epidemic.measure.assign", "epidemic.measure.checkin")

// States of a measure.
const (
	MeasureActive = "active"
	MeasureEnded  = "ended"
)

// Measure is a control measure ordered for a risk person: one protocol
// version laid on the calendar as stages (centralised isolation, then home
// monitoring, …). Kind is the stage in force today — before the start the
// first, after the end the last.
type Measure struct {
	ID              string     `json:"id"`
	PersonID        string     `json:"person_id"`
	PersonName      string     `json:"person_name"`
	Disease         string     `json:"disease"`
	Category        string     `json:"category"`
	GridCode        string     `json:"grid_code"`
	RegionCode      string     `json:"region_code"`
	Kind            string     `json:"kind" enum:"centralised_isolation,home_isolation,home_monitoring"`
	KindName        string     `json:"kind_name"`
	StartDate       string     `json:"start_date"`
	EndDate         string     `json:"end_date"`
	ProtocolID      string     `json:"protocol_id"`
	ProtocolVersion int        `json:"protocol_version"`
	TestDays        []string   `json:"test_days" doc:"every date a test is due, Beijing"`
	Stages          []Step     `json:"stages"`
	State           string     `json:"state" enum:"active,ended"`
	EndReason       string     `json:"end_reason,omitempty" enum:"completed,released,"`
	Stay            *Stay      `json:"stay,omitempty" doc:"the isolation site and room held"`
	CheckinsToday   int        `json:"checkins_today" doc:"check-ins recorded today, Beijing"`
	FeverToday      bool       `json:"fever_today" doc:"one of today's check-ins had a fever"`
	CreatedAt       time.Time  `json:"created_at"`
	EndedAt         *time.Time `json:"ended_at,omitempty"`
	regionPath      string
	checkedThrough  string
}

// Stay is the room a centralised isolation holds, until its stage's last day.
type Stay struct {
	SiteID   string `json:"site_id"`
	SiteName string `json:"site_name"`
	Room     string `json:"room"`
	Until    string `json:"until"`
}

// stageOn is the stage in force on day: before the first the first, after
// the last the last.
func stageOn(stages []Step, day string) Step {
	for _, st := range stages {
		if day <= st.End {
			return st
		}
	}
	return stages[len(stages)-1]
}

var (
	// ErrMeasureNotFound is a measure that does not exist or is out of scope.
	ErrMeasureNotFound = apperr.New(apperr.ErrNotFound, "epidemic.measure_not_found", "管控措施不存在 / measure not found")
	errMeasureOpen     = apperr.New(apperr.ErrConflict, "epidemic.measure_open",
		"此人已有进行中的管控措施 / the person is already under a measure")
	errMeasureEnded = apperr.New(apperr.ErrConflict, "epidemic.measure_ended", "管控措施已结束 / the measure has ended")
	errEpisodeEnded = apperr.New(apperr.ErrConflict, "epidemic.episode_ended",
		"此人本次管控已结束 / the person's episode has ended")
	errDate = apperr.New(apperr.ErrInvalid, "epidemic.measure_date", "日期格式应为 YYYY-MM-DD / the date must be YYYY-MM-DD")
)

// OrderInput orders a measure for a risk person.
type OrderInput struct {
	PersonID        string `json:"person_id" minLength:"1" maxLength:"40"`
	ProtocolVersion int    `json:"protocol_version,omitempty" minimum:"0" doc:"a version of the protocol for the person's disease and category; none: the one in force"`
	StartDate       string `json:"start_date,omitempty" maxLength:"10" doc:"YYYY-MM-DD, Beijing; none: today"`
	SiteID          string `json:"site_id,omitempty" maxLength:"40" doc:"an isolation site for the centralised stage"`
	Room            string `json:"room,omitempty" maxLength:"40" doc:"a room of the site; none: the first free one"`
}

// Order puts a risk person in the caller's scope under what the protocol
// (in force, or the version given) orders for their category, from the start
// date on; with a site, the centralised stage takes a room there.
func (s *Service) Order(ctx context.Context, p *access.Principal, in OrderInput) (Measure, error) {
	start := in.StartDate
	if start == "" {
		start = s.today()
	} else if _, err := parseDay("body.start_date", start); err != nil {
		return Measure{}, err
	}
	var id string
	err := s.retryRoom(ctx, func(ctx context.Context) error {
		person, err := s.Person(ctx, p.RegionPath, in.PersonID)
		if err != nil {
			return err
		}
		if person.Ended {
			return errEpisodeEnded
		}
		pr, err := s.protocolFor(ctx, person.Disease, person.Category, in.ProtocolVersion)
		if err != nil {
			return err
		}
		plan, err := pr.Plan(start)
		if err != nil {
			return err
		}
		if open, err := s.openMeasure(ctx, person.ID); err != nil || open != "" {
			return errors.Join(err, errMeasureOpen.With(apperr.P{"measure": open}, errMeasureOpen.Message))
		}
		now := s.now().UTC()
		id = uuid.Must(uuid.NewV7()).String()
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_measures (id, person_id, protocol_id, protocol_version, start_date,
			end_date, state, ordered_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)`, id, person.ID, pr.ID,
			pr.Version, start, plan[len(plan)-1].End, MeasureActive, p.UserID, now, now); err != nil {
			return fmt.Errorf("epidemic: order: %w", err)
		}
		if err := s.writeStages(ctx, id, plan); err != nil {
			return err
		}
		detail := map[string]any{"protocol_id": pr.ID, "version": pr.Version, "start": start, "end": plan[len(plan)-1].End}
		if err := s.record(ctx, id, person.ID, "order", "", detail); err != nil {
			return err
		}
		if in.SiteID != "" {
			if err := s.assign(ctx, p.RegionPath, id, in.SiteID, in.Room); err != nil {
				return err
			}
		}
		m, err := s.Measure(ctx, p.RegionPath, id)
		if err != nil {
			return err
		}
		s.publish(ctx, "epidemic.measure.started", m, person.Address)
		return nil
	})
	if err != nil {
		return Measure{}, err
	}
	return s.Measure(ctx, p.RegionPath, id)
}

// protocolFor is version of the protocol for category of disease, the one
// in force for 0.
func (s *Service) protocolFor(ctx context.Context, disease, category string, version int) (Protocol, error) {
	if version == 0 {
		return s.InForce(ctx, disease, category)
	}
	p, err := scanProtocol(s.db.QueryRow(ctx, "SELECT "+protocolCols+
		" FROM epi_protocols WHERE disease_code = ? AND category = ? AND version = ?", disease, category, version))
	if err != nil {
		return Protocol{}, s.db.ScanErr(err, ErrProtocolNotFound)
	}
	return p, nil
}

// openMeasure is the person's open measure, "" for none.
func (s *Service) openMeasure(ctx context.Context, personID string) (string, error) {
	var id string
	err := s.db.QueryRow(ctx, "SELECT id FROM epi_measures WHERE person_id = ? AND ended_at IS NULL", personID).Scan(&id)
	if err = s.db.ScanErr(err, ErrMeasureNotFound); errors.Is(err, ErrMeasureNotFound) {
		return "", nil
	}
	return id, err
}

// writeStages replaces the measure's stages from the first of plan on.
func (s *Service) writeStages(ctx context.Context, id string, plan []Step) error {
	if _, err := s.db.Exec(ctx, "DELETE FROM epi_measure_stages WHERE measure_id = ? AND start_date >= ?", id,
		plan[0].Start); err != nil {
		return err
	}
	for _, st := range plan {
		dates, _ := json.Marshal(orEmpty(st.TestDates))
		if _, err := s.db.Exec(ctx, `INSERT INTO epi_measure_stages (measure_id, start_date, end_date, kind, checkins_per_day,
			test_dates) VALUES (?,?,?,?,?,?)`, id, st.Start, st.End, st.Measure, st.CheckinsPerDay, string(dates)); err != nil {
			return fmt.Errorf("epidemic: stages: %w", err)
		}
	}
	return nil
}

// record writes a measure's history row and its audit record.
func (s *Service) record(ctx context.Context, measure, person, action, reason string, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	if reason != "" {
		detail["reason"] = reason
	}
	b, _ := json.Marshal(detail)
	user := ""
	if p := access.From(ctx); p != nil {
		user = p.UserID
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO epi_measure_events (id, measure_id, person_id, action, reason, detail, user_id, at)
		VALUES (?,?,?,?,?,?,?,?)`, uuid.Must(uuid.NewV7()).String(), measure, person, action, reason, string(b), user,
		s.now().UTC()); err != nil {
		return fmt.Errorf("epidemic: measure history: %w", err)
	}
	if action == "complete" {
		return nil // the sweep's: on the history, not an act of anyone's
	}
	detail["person_id"] = person
	return s.audit.Write(ctx, audit.Record{Action: "epidemic.measure." + action, ObjectType: "measure", ObjectID: measure,
		Detail: detail})
}

// MeasureEvent is one row of a measure's history.
type MeasureEvent struct {
	Action string         `json:"action" enum:"order,extend,change,release,assign,complete"`
	Reason string         `json:"reason,omitempty"`
	Detail map[string]any `json:"detail"`
	UserID string         `json:"user_id,omitempty"`
	At     time.Time      `json:"at"`
}

// started is what the bus carries of a measure starting or ending.
type started struct {
	MeasureID string `json:"measure_id"`
	PersonID  string `json:"person_id"`
	Kind      string `json:"kind"`
	Address   string `json:"address,omitempty"`
	StartDate string `json:"start_date"`
	EndDate   string `json:"end_date"`
	EndReason string `json:"end_reason,omitempty"`
}

// publish tells the bus of m once the transaction commits.
func (s *Service) publish(ctx context.Context, topic string, m Measure, address string) {
	if s.bus == nil {
		return
	}
	msg, _ := json.Marshal(started{MeasureID: m.ID, PersonID: m.PersonID, Kind: m.Kind, Address: address,
		StartDate: m.StartDate, EndDate: m.EndDate, EndReason: m.EndReason})
	s.db.AfterCommit(ctx, func(context.Context) { s.bus.Publish(topic, msg) })
}

// WithBus is the service publishing on b: for a test that listens.
func (s *Service) WithBus(b bus.Bus) *Service {
	c := *s
	c.bus = b
	return &c
}
