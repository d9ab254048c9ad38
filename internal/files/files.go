// Package files keeps the photos and short videos that events carry
// (attachments). An upload is checked by its content (magic bytes, not its
// name) and its size, its bytes go to a Store — a folder in the data
// directory by default, an S3-compatible bucket at scale — and its row
// here says what it is. It is its uploader's alone until a report or an
// action links it to an event; from then on whoever may read the event may
// read it. Unlinked uploads are deleted after a day.
package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"healthgrid/internal/access"
	"healthgrid/internal/apperr"
	"healthgrid/internal/db"
	"healthgrid/internal/pii"
)

// errLinkRace is attachments another report or action took meanwhile.
var errLinkRace = apperr.New(apperr.ErrConflict, "attachment.taken", "")

// ErrNotFound is an attachment that does not exist or the caller may not read.
var ErrNotFound = apperr.New(apperr.ErrNotFound, "attachment.not_found", "attachment")

// Limits are the largest files accepted, in bytes.
type Limits struct {
	Image, Video int64
}

// Body is the largest request body an upload may come in: the larger
// limit, and a megabyte for the multipart form around it.
func (l Limits) Body() int64 { return max(l.Image, l.Video) + 1<<20 }

// DefaultLimits: a phone's photo is a few MB; half a minute of 1080p video is about 50 MB.
var DefaultLimits = Limits{Image: 10 << 20, Video: 50 << 20}

func (l Limits) of(t Type) int64 {
	if t.Video {
		return l.Video
	}
	return l.Image
}

// UnlinkedTTL is how long an upload no report or action has taken is kept.
const UnlinkedTTL = 24 * time.Hour

// Events decides who may read an event, and so its attachments;
// event.Service implements it with the workflow's own scope rules.
type Events interface {
	Readable(ctx context.Context, caller *access.Principal, eventID string) error
}

// Attachment is an uploaded photo or video.
type Attachment struct {
	ID          string    `json:"id"`
	Name        string    `json:"name" doc:"the file's name as uploaded"`
	ContentType string    `json:"content_type" enum:"image/jpeg,image/png,image/webp,image/heic,image/heif,video/mp4,video/quicktime" doc:"told by the content, not the name"`
	Size        int64     `json:"size" doc:"bytes"`
	SHA256      string    `json:"sha256" doc:"hex"`
	URL         string    `json:"url" doc:"GET it with the session or a bearer token; images and videos show inline, ?download=true saves"`
	UploadedBy  string    `json:"uploaded_by" doc:"the uploader's name"`
	CreatedAt   time.Time `json:"created_at"`
	// EntryID is the event timeline entry the attachment came with, once linked.
	EntryID string `json:"-"`

	uploaderID, key, eventID string
	owner, markedKey         string // another record's that holds it (Hold), and its watermarked copy
	served                   string // "mark" when the watermarked copy is what is read
}

// Service keeps attachments.
type Service struct {
	db     *db.DB
	store  Store
	marker *marker
	limits Limits
	events Events
	now    func() time.Time
}

// Deps are what the attachments service is built on.
type Deps struct {
	DB     *db.DB
	Store  Store // where the bytes go
	Limits Limits
	// Events tells who may read a linked attachment: the event workflow's
	// rule, which keeps its attachments here (the app binds the two late)
	Events Events
	// WatermarkFont is a font file with Chinese glyphs for watermarks; ""
	// looks for one on the system (see marker)
	WatermarkFont string
	Now           func() time.Time
}

// New is the attachments service.
func New(d Deps) *Service {
	return &Service{db: d.DB, store: d.Store, marker: &marker{path: d.WatermarkFont}, limits: d.Limits, events: d.Events,
		now: d.Now}
}

// Upload keeps the file name read from r as an unlinked attachment of the
// caller; ID and mobile numbers in the name are masked for good (a name is
// shown, never revealed). Its type is told by its first bytes; a file of another type, or
// larger than its type's limit, is refused (422 on body.file) and nothing
// is kept.
func (s *Service) Upload(ctx context.Context, caller *access.Principal, name string, r io.Reader) (Attachment, error) {
	name = cleanName(pii.MaskText(name))
	head := make([]byte, SniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Attachment{}, broken(name, err)
	}
	t, err := Detect(name, head[:n])
	if err != nil {
		return Attachment{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	a := Attachment{ID: uuid.Must(uuid.NewV7()).String(), Name: name, ContentType: t.ContentType,
		UploadedBy: caller.Name, CreatedAt: now, uploaderID: caller.UserID}
	a.key = now.Format("2006/01/02/") + a.ID
	sum := sha256.New()
	in := &capped{r: io.MultiReader(bytes.NewReader(head[:n]), r), left: s.limits.of(t)}
	if err := s.store.Put(ctx, a.key, io.TeeReader(in, sum)); err != nil {
		switch {
		case in.over:
			mb := s.limits.of(t) >> 20
			zh, en := t.kind()
			return Attachment{}, refuse(fmt.Sprintf("「%s」超过%s上限 %d MB / %s is larger than the %d MB %s may be",
				name, zh, mb, name, mb, en))
		case in.err != nil:
			return Attachment{}, broken(name, in.err)
		}
		return Attachment{}, err
	}
	a.Size, a.SHA256 = in.n, hex.EncodeToString(sum.Sum(nil))
	if err := s.insert(ctx, &a); err != nil {
		s.store.Delete(context.WithoutCancel(ctx), a.key)
		return Attachment{}, err
	}
	return s.withURL(a), nil
}

func broken(name string, err error) error {
	return refuse(fmt.Sprintf("「%s」上传中断 / the upload of %s broke off: %v", name, name, err))
}

// cleanName is the name a file is kept under: no folders, no control
// characters, at most 200 characters; "附件" when nothing is left.
func cleanName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 200 {
		name = string([]rune(name)[:200])
	}
	if name == "" || name == "." || name == ".." {
		return "附件"
	}
	return name
}

// capped reads at most left bytes, counting them; one more marks it over.
type capped struct {
	r     io.Reader
	left  int64
	n     int64
	over  bool
	err   error // the reader's own failure, as opposed to the store's
	extra [1]byte
}

var errTooBig = errors.New("files: over the size limit")

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// one byte more than the limit tells a file that is exactly the limit from one that is larger
		if k, _ := io.ReadFull(c.r, c.extra[:]); k > 0 {
			c.over = true
			return 0, errTooBig
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	k, err := c.r.Read(p)
	c.n += int64(k)
	c.left -= int64(k)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return k, err
}

// Open is an attachment the caller may read and its content.
func (s *Service) Open(ctx context.Context, caller *access.Principal, id string) (Attachment, io.ReadSeekCloser, error) {
	a, err := s.get(ctx, id)
	if err != nil {
		return Attachment{}, nil, err
	}
	if a.owner != "" || a.eventID == "" && a.uploaderID != caller.UserID { // an owner serves its own (OpenHeld)
		return Attachment{}, nil, ErrNotFound
	}
	if a.eventID != "" {
		if err := s.events.Readable(ctx, caller, a.eventID); errors.Is(err, apperr.ErrNotFound) {
			return Attachment{}, nil, ErrNotFound
		} else if err != nil {
			return Attachment{}, nil, err
		}
	}
	f, err := s.store.Open(ctx, a.key)
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("attachment %s: %w", a.ID, err)
	}
	return s.withURL(a), f, nil
}

func (s *Service) withURL(a Attachment) Attachment {
	a.URL = "/api/v1/attachments/" + a.ID
	return a
}
