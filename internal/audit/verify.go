package audit

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"time"
)

// Verification is the result of checking the chain.
type Verification struct {
	OK          bool      `json:"ok"`
	Checked     int64     `json:"checked"`
	BrokenSeq   int64     `json:"broken_seq,omitempty" doc:"the first record whose chain is broken"`
	Reason      string    `json:"reason,omitempty"`
	Anchors     int       `json:"anchors" doc:"signed anchors read from the anchor log and checked against the chain"`
	AnchoredSeq int64     `json:"anchored_seq,omitempty" doc:"the newest record an anchor names"`
	AnchorTime  time.Time `json:"anchor_time,omitzero" doc:"when that anchor was signed"`
	AnchorNote  string    `json:"anchor_note,omitempty" doc:"why the chain was not checked against an anchor"`
}

// Anchor notes: why a verification checked no anchor.
const (
	NoAnchorYet     = "no anchor yet: the newest records could be deleted unnoticed"
	NoAnchorLogHere = "the anchors go to a syslog or HTTP sink: check them with healthgrid audit verify --anchors FILE"
)

// anchorLog is where Verify reads anchors, and the key that signed them.
type anchorLog struct {
	path string
	pub  ed25519.PublicKey
}

// WithAnchors has Verify hold the chain to the anchors in the log at path,
// signed by pub's private half. An empty path: the anchors go to a sink that
// cannot be read back here.
func (l *Log) WithAnchors(path string, pub ed25519.PublicKey) *Log {
	l.anchors = anchorLog{path: path, pub: pub}
	return l
}

func (l *Log) head(ctx context.Context) (seq int64, hash string, err error) {
	if err := l.db.QueryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&seq, &hash); err != nil {
		return 0, "", fmt.Errorf("audit: read head: %w", err)
	}
	return seq, hash, nil
}

// Verify walks the whole chain in order and reports the first record that was
// edited (hash mismatch), deleted or reordered (sequence gap, wrong previous
// hash), a deleted tail (head mismatch), and — against every anchor it can
// read — a deleted tail whose head was rewritten to match (an anchor names a
// later record) or a chain rewritten with the key (an anchored record's hash
// differs). An anchor with a bad signature fails the verification too.
func (l *Log) Verify(ctx context.Context) (Verification, error) {
	anchors, v, err := l.readAnchors()
	if err != nil || v.Reason != "" {
		return v, err
	}
	// the head first, then the records up to it: appends meanwhile are not a gap
	headSeq, headHash, err := l.head(ctx)
	if err != nil {
		return v, err
	}
	rows, err := l.db.Query(ctx, `SELECT seq, id, at, actor_id, actor, role, scope_path, ip, action, object_type,
		object_id, outcome, detail, prev_hash, hash FROM audit_log WHERE seq <= ? ORDER BY seq`, headSeq)
	if err != nil {
		return v, fmt.Errorf("audit: verify: %w", err)
	}
	defer rows.Close()
	var lastSeq, matched int64 // matched: the newest record an anchor confirmed
	lastHash, next := "", 0    // next: the first anchor not yet met
	broken := func(seq int64, reason string) (Verification, error) {
		v.BrokenSeq, v.Reason = seq, reason
		return v, nil
	}
	for rows.Next() {
		e, err := scan(rows)
		if err != nil {
			return v, err
		}
		switch {
		case e.Seq != lastSeq+1:
			return broken(e.Seq, fmt.Sprintf("record %d follows %d: records missing or reordered", e.Seq, lastSeq))
		case e.prevHash != lastHash:
			return broken(e.Seq, "previous-hash link does not match the record before it")
		case l.hash(&e) != e.hash:
			return broken(e.Seq, "record content does not match its hash: it was changed")
		}
		for ; next < len(anchors) && anchors[next].seq <= e.Seq; next++ {
			a := anchors[next]
			if a.seq != e.Seq { // an anchor of the empty chain
				continue
			}
			if a.hash != e.hash {
				return broken(e.Seq, fmt.Sprintf("record %d does not match %s (line %d of the anchor log): "+
					"the chain was rewritten after record %d", e.Seq, anchorLabel(a.time), a.line, matched))
			}
			matched = e.Seq
		}
		lastSeq, lastHash = e.Seq, e.hash
		v.Checked++
	}
	if err := rows.Err(); err != nil {
		return v, err
	}
	if headSeq != lastSeq || headHash != lastHash {
		return broken(lastSeq+1, fmt.Sprintf("the chain ends at %d but %d records were written: the newest were deleted", lastSeq, headSeq))
	}
	beyond, err := l.beyondHead(ctx)
	if err != nil {
		return v, err
	}
	if beyond > 0 {
		return broken(beyond, fmt.Sprintf("record %d lies beyond the head: the head was moved back", beyond))
	}
	if len(anchors) > 0 && anchors[len(anchors)-1].seq > lastSeq {
		a := anchors[len(anchors)-1]
		return broken(lastSeq+1, fmt.Sprintf("the chain ends at record %d but %s (line %d of the anchor log) names record %d: "+
			"%d records missing", lastSeq, anchorLabel(a.time), a.line, a.seq, a.seq-lastSeq))
	}
	v.OK = true
	return v, nil
}

// beyondHead is the newest record past the head, or 0. A committed record is
// never past the committed head (both change in one transaction), so the
// records are read before the head: an append meanwhile moves both.
func (l *Log) beyondHead(ctx context.Context) (int64, error) {
	var newest int64
	if err := l.db.QueryRow(ctx, "SELECT COALESCE(MAX(seq), 0) FROM audit_log").Scan(&newest); err != nil {
		return 0, fmt.Errorf("audit: verify: %w", err)
	}
	seq, _, err := l.head(ctx)
	if err != nil || newest <= seq {
		return 0, err
	}
	return newest, nil
}

// checked is what Verify keeps of an anchor whose signature it checked.
type checked struct {
	seq  int64
	hash string
	time time.Time
	line int
}

// readAnchors reads the anchor log and checks every anchor's signature, and
// returns them sorted by record with what the verification says of them: how
// many, the newest, or why none was checked — or, in Reason, the first line
// that is not a genuine anchor. Lines are read from their first '{', so that
// a syslog collector's lines (a header, then the anchor) read as they are.
func (l *Log) readAnchors() ([]checked, Verification, error) {
	var v Verification
	if l.anchors.path == "" {
		v.AnchorNote = NoAnchorLogHere
		return nil, v, nil
	}
	f, err := os.Open(l.anchors.path)
	if errors.Is(err, fs.ErrNotExist) {
		v.AnchorNote = NoAnchorYet
		return nil, v, nil
	}
	if err != nil {
		return nil, v, fmt.Errorf("audit: anchor log: %w", err)
	}
	defer f.Close()
	var out []checked
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var a Anchor
		if i := bytes.IndexByte(text, '{'); i < 0 || json.Unmarshal(text[i:], &a) != nil || a.Sig == "" {
			v.Reason = fmt.Sprintf("line %d of the anchor log is not an anchor: it was damaged or forged", n)
			return nil, v, nil
		}
		if p := a.check(l.anchors.pub); p != "" {
			v.Reason = fmt.Sprintf("line %d of the anchor log (%s, record %d) %s", n, anchorLabel(a.Time), a.Seq, p)
			return nil, v, nil
		}
		out = append(out, checked{seq: a.Seq, hash: a.Hash, time: a.Time.UTC(), line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, v, fmt.Errorf("audit: anchor log: %w", err)
	}
	if len(out) == 0 {
		v.AnchorNote = NoAnchorYet
		return nil, v, nil
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].seq < out[j].seq || out[i].seq == out[j].seq && out[i].time.Before(out[j].time)
	})
	newest := out[len(out)-1]
	v.Anchors, v.AnchoredSeq, v.AnchorTime = len(out), newest.seq, newest.time
	return out, v, nil
}
