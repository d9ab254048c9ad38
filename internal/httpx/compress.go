package httpx

import (
	"net/http"

	"github.com/klauspost/compress/gzhttp"
)

// compressed are the answers worth gzipping on the fly: the API's JSON and
// CSV. The built console and app carry gzipped siblings of their own
// (Console), images and spreadsheets are compressed already, and an event
// stream must not be held back.
var compressed = []string{"application/json", "application/problem+json", "application/geo+json", "text/csv"}

// Compress gzips the answers of h that are worth it (1 KB or more, a type
// in compressed) for a client that takes gzip: a list of twenty cases is a
// fifth of its size on a phone's slow link.
func Compress(h http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(1024), gzhttp.ContentTypes(compressed))
	if err != nil {
		panic(err) // the options are constant
	}
	return wrap(h)
}
