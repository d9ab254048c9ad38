package epidemic

import (
	"context"
	"fmt"
)

// CaseCounts is told, in the transaction of every write of a card, when the
// card starts or stops counting as a case: the early warning's daily counts
// (warning) stay right when a card is returned, judged a duplicate or
// corrected. nil: nobody counts.
type CaseCounts interface {
	CountCase(ctx context.Context, c CountedCase, delta int64) error
}

// CountedCase is a card as the daily counts see it: its disease, where it
// was placed and the day it was diagnosed — no personal data.
type CountedCase struct {
	ID         string
	Disease    string
	RegionPath string // the placement: a grid's path, or a pool's region
	GridCode   string
	Day        string // the diagnosis day, Beijing (YYYY-MM-DD)
	Urgent     bool   // 甲 or managed as 甲: its signal is raised at once
}

// countsAsCase reports whether a card in status with classification is a
// case of the daily counts: filed or reviewed (not returned, not a
// duplicate, not corrected — its correction counts instead), and a case,
// suspected or diagnosed, not a carrier.
func countsAsCase(status, classification string) bool {
	return (status == StatusFiled || status == StatusReviewed) && classification != "carrier"
}

// countCase moves the counts by delta for c, when something counts.
func (s *Service) countCase(ctx context.Context, c CountedCase, delta int64) error {
	if s.counts == nil || delta == 0 {
		return nil
	}
	if err := s.counts.CountCase(ctx, c, delta); err != nil {
		return fmt.Errorf("epidemic: count card %s: %w", c.ID, err)
	}
	return nil
}

// counted is card c as the daily counts see it.
func (c *Card) counted() CountedCase {
	return CountedCase{ID: c.ID, Disease: c.Disease, RegionPath: c.regionPath, GridCode: c.GridCode,
		Day: day(c.DiagnosedAt), Urgent: c.Urgent}
}

// moveCount is the delta of a card's count when it goes from status before
// to after.
func moveCount(classification, before, after string) int64 {
	return b2i(countsAsCase(after, classification)) - b2i(countsAsCase(before, classification))
}
