package testkit

import (
	"fmt"
	"testing"
)

// PanicTB is a testing.TB for fixtures built where no test is at hand (a
// table built before the test runs): its Fatal panics.
type PanicTB struct{ testing.TB }

// Helper does nothing.
func (PanicTB) Helper() {}

// Fatal panics with args.
func (PanicTB) Fatal(args ...any) { panic(fmt.Sprint(args...)) }

// Fatalf panics with the formatted message.
func (PanicTB) Fatalf(f string, args ...any) { panic(fmt.Sprintf(f, args...)) }
