package idempotency

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
)

// inMemory is how much of a body is held in memory; a longer one (a photo,
// a video) goes to a temporary file while the request runs.
const inMemory = 1 << 20

var errTooLarge = errors.New("idempotency: body too large")

// body is a request body read ahead of the handler: the fingerprint needs
// all of it before the request may run.
type body struct {
	io.ReadSeeker
	file *os.File
}

// Close removes the temporary file, if any.
func (b *body) Close() error {
	if b.file == nil {
		return nil
	}
	b.file.Close()
	return os.Remove(b.file.Name())
}

// spool reads r (at most limit bytes) into memory or, past inMemory, into a
// temporary file.
func spool(r io.Reader, limit int64) (*body, error) {
	var buf bytes.Buffer
	n, err := io.CopyN(&buf, r, inMemory+1)
	if err != nil && err != io.EOF {
		return nil, err
	}
	if n > limit {
		return nil, errTooLarge
	}
	if n <= inMemory {
		return &body{ReadSeeker: bytes.NewReader(buf.Bytes())}, nil
	}
	f, err := os.CreateTemp("", "healthgrid-idem-*")
	if err != nil {
		return nil, err
	}
	b := &body{ReadSeeker: f, file: f}
	m, err := io.Copy(f, io.MultiReader(&buf, io.LimitReader(r, limit-n+1)))
	switch {
	case err != nil:
		b.Close()
		return nil, err
	case m > limit:
		b.Close()
		return nil, errTooLarge
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// fingerprint is what makes two requests the same request: the method, the
// path and query, and the body — a JSON body by its values (key order and
// spacing aside), a multipart body by its parts (the boundary, which a
// browser draws anew for each send, aside). It reads b and rewinds it.
func fingerprint(r *http.Request, b *body) (string, error) {
	h := sha256.New()
	head := func() { fmt.Fprintf(h, "%s %s?%s\n", r.Method, r.URL.Path, r.URL.RawQuery) }
	head()
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch {
	case mt == "multipart/form-data" && params["boundary"] != "":
		// a body that is not multipart after all is hashed as it is (the
		// handler will refuse it)
		if hashParts(h, b, params["boundary"]) != nil {
			h.Reset()
			head()
			if _, err = b.Seek(0, io.SeekStart); err == nil {
				_, err = io.Copy(h, b)
			}
		}
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		err = hashJSON(h, b)
	default:
		_, err = io.Copy(h, b)
	}
	if err != nil {
		return "", err
	}
	if _, err := b.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashJSON hashes a JSON body by its values; a body that is not JSON is
// hashed as it is (the handler will refuse it).
func hashJSON(h hash.Hash, b io.ReadSeeker) error {
	raw, err := io.ReadAll(b)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if d.Decode(&v) == nil && d.Decode(new(any)) == io.EOF {
		if canon, err := json.Marshal(v); err == nil {
			raw = canon
		}
	}
	h.Write(raw)
	return nil
}

// hashParts hashes each part's name, file name, type and content.
func hashParts(h hash.Hash, b io.Reader, boundary string) error {
	mr := multipart.NewReader(b, boundary)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "part %q %q %q\n", p.FormName(), p.FileName(), p.Header.Get("Content-Type"))
		c := sha256.New()
		if _, err := io.Copy(c, p); err != nil {
			return err
		}
		h.Write(c.Sum(nil))
	}
}
