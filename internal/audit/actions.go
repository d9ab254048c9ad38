package audit

import (
	"fmt"
	"regexp"
	"slices"
	"sync"
)

// actions is every declared action: a module lists the actions it writes
// once, at package level, so the list every client names them by (Actions)
// is complete the day a module is linked, and Write refuses a stray one.
var actions sync.Map // action → struct{}

// actionForm is a dotted lower-case name: "user.create", "auth.sms.send".
var actionForm = regexp.MustCompile(`^[a-z][a-z_]*(\.[a-z][a-z_]*)+$`)

// Declare lists actions a module writes to the audit log, e.g.
// var _ = audit.Declare("unit.create", "unit.update", "unit.delete").
// An action is declared once, by the module that owns it; the strings are
// stored in the chain, so a declared action is never renamed.
func Declare(names ...string) []string {
	for _, n := range names {
		if !actionForm.MatchString(n) {
			panic("audit: action " + n + " is not a dotted lower-case name")
		}
		if _, dup := actions.LoadOrStore(n, struct{}{}); dup {
			panic("audit: action " + n + " declared twice")
		}
	}
	return names
}

// Actions is every declared action, sorted.
func Actions() []string {
	var out []string
	actions.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	slices.Sort(out)
	return out
}

// declared refuses an action no linked module declared.
func declared(action string) error {
	if _, ok := actions.Load(action); !ok {
		return fmt.Errorf("audit: action %q is not declared (audit.Declare)", action)
	}
	return nil
}
