package app_test

import (
	"testing"

	"healthgrid/internal/app/apptest"
)

// inboxRows are the permission matrix's requests for the inbox: anyone
// signed in has one, empty or not.
var inboxRows = rows{
	"inbox": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/inbox", want: []int{200}}
	},
	"inbox-counts": func(*testing.T, *apptest.Env, string) call {
		return call{path: "/api/v1/inbox/counts", want: []int{200}}
	},
}
