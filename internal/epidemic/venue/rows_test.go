package venue_test

import (
	"time"

	"healthgrid/internal/epidemic/venue"
)

type venueRow = venue.Row

func rowOf(id, code string, in time.Time) venue.Row {
	return venue.Row{IDNumber: id, VenueCode: code, TimeIn: in.Format(time.RFC3339)}
}
