package epidemic

import (
	"context"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/pii"
)

// States of a risk person's verification (排查), in order.
const (
	StateAssigned = "assigned" // placed in a grid (or a pool), waiting for a visit
	StateVisited  = "visited"
	StateVerified = "verified" // outcome found, not_found, moved_out or already_controlled
	StateDecided  = "decided"  // a measure decided
	StateReported = "reported" // reported back up
)

// Person is a risk person as lists show them: ID and phone masked.
type Person struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	IDNumber     string     `json:"id_number" doc:"masked"`
	Phone        string     `json:"phone" doc:"masked"`
	Sex          string     `json:"sex,omitempty" enum:"male,female,"`
	BirthDate    string     `json:"birth_date,omitempty"`
	Address      string     `json:"address"`
	Origin       string     `json:"origin,omitempty" doc:"where they came from (来源地)"`
	Disease      string     `json:"disease"`
	Category     string     `json:"category" enum:"confirmed,asymptomatic,close_contact,secondary_contact,risk_area,inbound,fever_clinic,other"`
	CategoryName string     `json:"category_name"`
	ResidentID   string     `json:"resident_id,omitempty" doc:"the platform's resident the ID number matched"`
	GridCode     string     `json:"grid_code" doc:"the grid the person was placed in; empty while in a pool"`
	RegionCode   string     `json:"region_code" doc:"the grid, or the region whose pool holds the person"`
	Pooled       bool       `json:"pooled" doc:"waiting in a township's (or higher) pool to be assigned by hand"`
	HandoverTo   string     `json:"handover_to,omitempty" doc:"outside the city: where the hand-over (协查函) goes"`
	State        string     `json:"state" enum:"assigned,visited,verified,decided,reported"`
	Outcome      string     `json:"outcome,omitempty" enum:"found,not_found,moved_out,already_controlled,"`
	Deadline     *time.Time `json:"deadline,omitempty"`
	MergeOf      string     `json:"merge_of,omitempty" doc:"a person this one may be (same name and birth date or phone, no ID number to tell): offered for merge, never merged silently"`
	Destination  string     `json:"destination,omitempty" doc:"moved_out: where the person went"`
	Overdue      bool       `json:"overdue" doc:"past the deadline and not verified (the township has been alerted)"`
	MergedInto   string     `json:"merged_into,omitempty" doc:"this record was merged into that person"`
	Ended        bool       `json:"ended" doc:"the episode is over"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	regionPath   string
	idIdx        string
}

const personCols = `id, name, id_enc, phone_enc, sex, birth_date, address, origin, disease_code, category,
	COALESCE(resident_id, ''), grid_code, region_path, pooled, handover_to, state, outcome, deadline, COALESCE(merge_of, ''),
	ended_at IS NOT NULL, created_at, updated_at, id_idx, destination, overdue_at IS NOT NULL, COALESCE(merged_into, '')`

// scanPerson reads a person, their numbers masked.
func (s *Service) scanPerson(row interface{ Scan(...any) error }) (Person, error) {
	var p Person
	var idEnc, phoneEnc string
	if err := row.Scan(&p.ID, &p.Name, &idEnc, &phoneEnc, &p.Sex, &p.BirthDate, &p.Address, &p.Origin, &p.Disease,
		&p.Category, &p.ResidentID, &p.GridCode, &p.regionPath, &p.Pooled, &p.HandoverTo, &p.State, &p.Outcome,
		&p.Deadline, &p.MergeOf, &p.Ended, &p.CreatedAt, &p.UpdatedAt, &p.idIdx, &p.Destination, &p.Overdue,
		&p.MergedInto); err != nil {
		return Person{}, err
	}
	p.IDNumber, p.Phone = s.masked(idEnc, pii.MaskID), s.masked(phoneEnc, pii.MaskPhone)
	p.CategoryName, p.RegionCode = nameOf(Categories, p.Category), access.Scope(p.regionPath).Code()
	return p, nil
}

// masked opens a sealed number and masks it; "" for none.
func (s *Service) masked(sealed string, mask func(string) string) string {
	if sealed == "" {
		return ""
	}
	plain, err := s.pii.Open(sealed)
	if err != nil {
		return "****"
	}
	return mask(plain)
}

// Person is a risk person in the caller's scope: placed in it (a grid or a
// pool of its subtree).
func (s *Service) Person(ctx context.Context, scope, id string) (Person, error) {
	p, err := s.scanPerson(s.db.QueryRow(ctx, "SELECT "+personCols+" FROM epi_persons WHERE id = ?", id))
	if err != nil {
		return Person{}, s.db.ScanErr(err, ErrPersonNotFound)
	}
	if !access.Scope(scope).Covers(p.regionPath) {
		return Person{}, ErrPersonNotFound
	}
	return p, nil
}
