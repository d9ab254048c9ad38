package population

import (
	"context"
	"encoding/json"
	"fmt"
	"healthgrid/internal/access"
	"slices"
	"time"
)

// History actions.
const (
	ActCreated       = "created"
	ActMoved         = "moved"          // grid, household or building changed
	ActTagsChanged   = "tags_changed"   // stored tags added or removed
	ActStatusChanged = "status_changed" // active, moved_out, deceased
	ActUpdated       = "updated"        // other fields
	ActDeleted       = "deleted"
	ActRestored      = "restored" // a deleted resident created or imported again
	ActImported      = "imported"
	ActImportUpdated = "import_updated"
	ActTransferred   = "transferred" // moved to another region's grid by an approved transfer request
)

// Event is one entry of a resident's timeline.
type Event struct {
	At     time.Time      `json:"at"`
	Actor  string         `json:"actor"`
	Action string         `json:"action" enum:"created,moved,tags_changed,status_changed,updated,deleted,restored,imported,import_updated,transferred"`
	Detail map[string]any `json:"detail"`
}

// actorOf names the caller in history entries: the person's name when known.
func actorOf(p *access.Principal) actor {
	if p == nil {
		return actor{"system", "system"}
	}
	name := p.Name
	if name == "" {
		name = p.Username
	}
	return actor{p.UserID, name}
}

func fromTo(a, b string) map[string]string { return map[string]string{"from": a, "to": b} }

// changes are the history events between two states of a resident. Personal
// values (ID number, phone) are never written into history, only that they changed.
func changes(old, cur *rec) []event {
	var out []event
	moved := map[string]any{}
	if old.GridCode != cur.GridCode {
		moved["grid"] = fromTo(old.GridCode, cur.GridCode)
	}
	if old.HouseholdID != cur.HouseholdID {
		moved["household"] = fromTo(old.HouseholdID, cur.HouseholdID)
	}
	if old.BuildingID != cur.BuildingID {
		moved["building"] = fromTo(old.BuildingID, cur.BuildingID)
	}
	if len(moved) > 0 {
		out = append(out, event{cur.ID, ActMoved, moved})
	}
	var added, removed []string
	for _, t := range cur.Tags {
		if !slices.Contains(old.Tags, t) {
			added = append(added, t)
		}
	}
	for _, t := range old.Tags {
		if !slices.Contains(cur.Tags, t) {
			removed = append(removed, t)
		}
	}
	if len(added)+len(removed) > 0 {
		out = append(out, event{cur.ID, ActTagsChanged, map[string]any{"added": nonNil(added), "removed": nonNil(removed)}})
	}
	if old.Status != cur.Status {
		out = append(out, event{cur.ID, ActStatusChanged, map[string]any{"status": fromTo(old.Status, cur.Status)}})
	}
	var fields []string
	for _, f := range []struct {
		name string
		same bool
	}{{"name", old.Name == cur.Name}, {"phone", old.PhoneIdx == cur.PhoneIdx}, {"ethnicity", old.Ethnicity == cur.Ethnicity},
		{"address", old.Address == cur.Address}, {"residence_type", old.ResidenceType == cur.ResidenceType}} {
		if !f.same {
			fields = append(fields, f.name)
		}
	}
	if len(fields) > 0 {
		out = append(out, event{cur.ID, ActUpdated, map[string]any{"fields": fields}})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// merged folds several events into one of action (their details' keys are disjoint).
func merged(id, action string, evs []event) event {
	d := map[string]any{}
	for _, e := range evs {
		for k, v := range e.detail {
			d[k] = v
		}
	}
	return event{id, action, d}
}

// History is a resident's timeline, oldest first, if the resident is in scope.
func (s *Service) History(ctx context.Context, scope, id string) ([]Event, error) {
	if _, err := s.getRec(ctx, scope, id, true); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, "SELECT at, actor, action, detail FROM resident_history WHERE resident_id = ? ORDER BY at, id", id)
	if err != nil {
		return nil, fmt.Errorf("resident: history: %w", err)
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var raw string
		if err := rows.Scan(&e.At, &e.Actor, &e.Action, &raw); err != nil {
			return nil, err
		}
		if json.Unmarshal([]byte(raw), &e.Detail) != nil || e.Detail == nil {
			e.Detail = map[string]any{}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
