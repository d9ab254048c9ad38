package epidemic

import (
	"slices"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
)

// The verification of a risk person (排查) as a table: for each action, the
// states it applies in, the state it leads to and the permission it takes.
// Every action also needs the person in the caller's scope and placed in a
// grid (a pooled person is assigned first); anything else is refused with
// 409 and the reason. The same table gives each person's allowed_actions.

// Actions a caller takes on a person.
const (
	ActVisit  = "visit"  // the grid worker has been to the person (上门)
	ActVerify = "verify" // the outcome is known (核实)
	ActDecide = "decide" // a measure is decided (管控措施确定)
	ActReport = "report" // reported back up (反馈)
)

// The history's own lines, which no caller takes as a step.
const (
	ActAssign  = "assign"  // taken from a pool to a grid
	ActMerge   = "merge"   // merged into another record
	ActOverdue = "overdue" // the deadline passed, the township alerted
)

// Outcomes of a verification.
var Outcomes = []Named{
	{"found", "已找到（在辖区）"},
	{"not_found", "查无此人"},
	{"moved_out", "已离开本地"},
	{"already_controlled", "已落实管控"},
}

// OutcomeEnum is Outcomes' codes for a huma enum tag.
const OutcomeEnum = "found,not_found,moved_out,already_controlled"

type step struct {
	from []string
	to   string
	perm string
}

var flow = map[string]step{
	ActVisit:  {from: []string{StateAssigned}, to: StateVisited, perm: "epidemic:verify"},
	ActVerify: {from: []string{StateAssigned, StateVisited}, to: StateVerified, perm: "epidemic:verify"},
	ActDecide: {from: []string{StateVerified}, to: StateDecided, perm: "epidemic:write"},
	ActReport: {from: []string{StateVerified, StateDecided}, to: StateReported, perm: "epidemic:verify"},
}

// flowOrder is the order allowed_actions lists them in.
var flowOrder = []string{ActVisit, ActVerify, ActDecide, ActReport}

var (
	errWrongState = apperr.New(apperr.ErrConflict, "epidemic.person_wrong_state",
		"该人员当前状态不允许此操作 / the person's state does not allow this")
	errPooled = apperr.New(apperr.ErrConflict, "epidemic.person_pooled",
		"该人员尚未分配到网格，请先分配 / the person waits in a pool: assign them to a grid first")
	errMerged = apperr.New(apperr.ErrConflict, "epidemic.person_merged",
		"该记录已合并到另一人员 / this record was merged into another person")
)

// allowed is why p may not take action on person (nil: may).
func allowed(p *access.Principal, pr Person, action string) error {
	st, ok := flow[action]
	switch {
	case !ok || !p.Can(st.perm):
		return errWrongState
	case pr.MergedInto != "":
		return errMerged
	case pr.Pooled:
		return errPooled
	case !slices.Contains(st.from, pr.State):
		return errWrongState.With(apperr.P{"state": pr.State, "action": action},
			"状态“"+stateName(pr.State)+"”下不能执行此操作 / not allowed while "+pr.State)
	}
	return nil
}

// allowedActions are the actions p may take on pr now.
func allowedActions(p *access.Principal, pr Person) []string {
	out := []string{}
	for _, a := range flowOrder {
		if allowed(p, pr, a) == nil {
			out = append(out, a)
		}
	}
	return out
}

// verified reports whether a state is past the verification.
func verified(state string) bool {
	return state == StateVerified || state == StateDecided || state == StateReported
}

var stateNames = map[string]string{StateAssigned: "待核查", StateVisited: "已上门", StateVerified: "已核实",
	StateDecided: "已定措施", StateReported: "已反馈"}

func stateName(s string) string { return stateNames[s] }
