package epidemic

import (
	"slices"
	"time"

	"healthgrid/internal/access"
)

// A card's states: filed → reviewed | returned | duplicate; a correction
// card (订正) moves the card it corrects, filed, returned or reviewed, to
// corrected, and is itself filed for review.
const (
	StatusFiled     = "filed"
	StatusReviewed  = "reviewed"
	StatusReturned  = "returned"
	StatusDuplicate = "duplicate"
	StatusCorrected = "corrected"
)

// The actions on a card: the county CDC's review decisions, and the unit's
// correction.
const (
	actApprove   = "approve"
	actReturn    = "return"
	actDuplicate = "duplicate"
	actCorrect   = "correct"
)

// cardRule is one action of the card's workflow: the states it applies in,
// the state it leads to, and who may take it.
type cardRule struct {
	from []string
	to   string
	who  func(p *access.Principal, c *Card) bool
}

// reviewer: the county CDC (epidemic:write) over the card's placement.
func reviewer(p *access.Principal, c *Card) bool {
	return p.Can("epidemic:write") && p.Covers(c.regionPath)
}

// filer: the unit that filed the card, or someone with epidemic:report
// over its placement.
func filer(p *access.Principal, c *Card) bool {
	return p.Can("epidemic:report") && (p.UnitID != "" && p.UnitID == c.UnitID || p.Can("epidemic:read") && p.Covers(c.regionPath))
}

// cardFlow is the workflow as a table: it refuses what it does not hold, and
// gives each card the actions its caller may take.
var cardFlow = map[string]cardRule{
	actApprove: {from: []string{StatusFiled}, to: StatusReviewed, who: reviewer},
	actReturn:  {from: []string{StatusFiled}, to: StatusReturned, who: reviewer},
	// only a card 查重 flagged can be judged a duplicate
	actDuplicate: {from: []string{StatusFiled}, to: StatusDuplicate, who: func(p *access.Principal, c *Card) bool {
		return c.DuplicateOf != "" && reviewer(p, c)
	}},
	actCorrect: {from: []string{StatusFiled, StatusReturned, StatusReviewed}, to: StatusCorrected, who: filer},
}

var cardActionOrder = []string{actApprove, actReturn, actDuplicate, actCorrect}

// can reports whether action applies to a card in status.
func can(status, action string) bool { return slices.Contains(cardFlow[action].from, status) }

// cardActions is what p may do with c now, in cardActionOrder.
func cardActions(p *access.Principal, c *Card) []string {
	out := []string{}
	for _, a := range cardActionOrder {
		if r := cardFlow[a]; slices.Contains(r.from, c.Status) && r.who(p, c) {
			out = append(out, a)
		}
	}
	return out
}

// reviewLimit is how long the county CDC has to review a card: 2 hours for
// an urgent (甲-managed) one, 24 otherwise (docs/epidemic.md).
func reviewLimit(urgent bool) time.Duration {
	if urgent {
		return 2 * time.Hour
	}
	return 24 * time.Hour
}
