package booking

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// Offer is a service residents may book.
type Offer struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Active      bool   `json:"active" doc:"inactive services are kept for the bookings that name them but not offered"`
	Sort        int    `json:"sort"`
}

// OfferInput is a service to add or the new state of one.
type OfferInput struct {
	Code        string `json:"-"` // from the path: upper-case letters, digits and -, e.g. HOME-VISIT
	Name        string `json:"name" minLength:"1" maxLength:"50"`
	Description string `json:"description,omitempty" maxLength:"500" text:"multiline"`
	Active      bool   `json:"active"`
	Sort        int    `json:"sort,omitempty" minimum:"0" maximum:"9999"`
}

var codeRule = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,29}$`)

// Offers lists the catalogue, in display order; all of it, or only what
// is offered.
func (s *Service) Offers(ctx context.Context, activeOnly bool) ([]Offer, error) {
	q := "SELECT code, name, description, active, sort FROM booking_services"
	if activeOnly {
		q += " WHERE active = TRUE"
	}
	rows, err := s.db.Query(ctx, q+" ORDER BY sort, code")
	if err != nil {
		return nil, fmt.Errorf("booking: services: %w", err)
	}
	defer rows.Close()
	out := []Offer{}
	for rows.Next() {
		var o Offer
		if err := rows.Scan(&o.Code, &o.Name, &o.Description, &o.Active, &o.Sort); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// offer is one service of the catalogue.
func (s *Service) offer(ctx context.Context, code string) (Offer, error) {
	var o Offer
	err := s.db.QueryRow(ctx, "SELECT code, name, description, active, sort FROM booking_services WHERE code = ?", code).
		Scan(&o.Code, &o.Name, &o.Description, &o.Active, &o.Sort)
	return o, s.db.ScanErr(err, ErrServiceNotFound)
}

// SaveOffer adds a service, or replaces the one with its code.
func (s *Service) SaveOffer(ctx context.Context, in OfferInput) (Offer, error) {
	in.Code, in.Name, in.Description = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	var bad apperr.Invalid
	if !codeRule.MatchString(in.Code) {
		bad = append(bad, errBadCode.At("path.code"))
	}
	if in.Name == "" {
		bad = append(bad, apperr.Required.On("body.name", "名称不能为空 / name is required"))
	}
	if len(bad) > 0 {
		return Offer{}, bad
	}
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO booking_services (code, name, description, active, sort, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?) ON CONFLICT (code) DO UPDATE SET name = excluded.name, description = excluded.description,
			active = excluded.active, sort = excluded.sort, updated_at = excluded.updated_at`,
			in.Code, in.Name, in.Description, in.Active, in.Sort, now, now); err != nil {
			return fmt.Errorf("booking: save service: %w", err)
		}
		return s.audit.Write(ctx, audit.Record{Action: "booking.service_save", ObjectType: "booking_service", ObjectID: in.Code,
			Detail: map[string]any{"name": in.Name, "active": in.Active}})
	})
	if err != nil {
		return Offer{}, err
	}
	return s.offer(ctx, in.Code)
}
