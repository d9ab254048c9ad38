package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// AnchorLogFile is the default anchor log in the data directory.
const AnchorLogFile = "audit-anchors.jsonl"

// Sink is where anchors go; Append returns once the anchor is stored (or
// handed to the collector) or fails.
type Sink interface {
	Append(ctx context.Context, a Anchor) error
}

// NewSink opens the sink that spec (HEALTHGRID_AUDIT_ANCHOR_SINK) names:
// empty for <dataDir>/audit-anchors.jsonl, a file path,
// syslog+udp://host:port, syslog+tcp://host:port, syslog+unix:///dev/log,
// or an http(s):// URL that anchors are POSTed to.
func NewSink(spec, dataDir string) (Sink, error) {
	if path := AnchorLogPath(spec, dataDir); path != "" {
		return fileSink(path), nil
	}
	u, err := url.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("audit: HEALTHGRID_AUDIT_ANCHOR_SINK: %w", err)
	}
	switch u.Scheme {
	case "http", "https":
		return httpSink{url: spec, client: &http.Client{Timeout: 10 * time.Second}}, nil
	case "syslog+udp", "syslog+tcp":
		if u.Host == "" {
			return nil, fmt.Errorf("audit: HEALTHGRID_AUDIT_ANCHOR_SINK %q names no host:port", spec)
		}
		return syslogSink{network: strings.TrimPrefix(u.Scheme, "syslog+"), addr: u.Host}, nil
	case "syslog+unix":
		return syslogSink{network: "unixgram", addr: u.Path}, nil
	}
	return nil, fmt.Errorf("audit: HEALTHGRID_AUDIT_ANCHOR_SINK must be a file path, syslog+udp|tcp|unix://… or http(s)://…, not %q", spec)
}

// AnchorLogPath is the anchor log file that spec names, or "" when spec is
// a syslog or HTTP sink, whose anchors this process cannot read back.
func AnchorLogPath(spec, dataDir string) string {
	switch {
	case spec == "":
		return filepath.Join(dataDir, AnchorLogFile)
	case strings.HasPrefix(spec, "file:"):
		return strings.TrimPrefix(strings.TrimPrefix(spec, "file:"), "//")
	case strings.Contains(spec, "://"):
		return ""
	}
	return spec
}

// fileSink appends one JSON line per anchor to a file created 0600, opened
// for each anchor (a rotated log is simply started again) and synced.
type fileSink string

func (f fileSink) Append(_ context.Context, a Anchor) error {
	line, err := json.Marshal(a)
	if err != nil {
		return err
	}
	file, err := os.OpenFile(string(f), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit: anchor log: %w", err)
	}
	_, err = file.Write(append(line, '\n'))
	if err = errors.Join(err, file.Sync(), file.Close()); err != nil {
		return fmt.Errorf("audit: anchor log: %w", err)
	}
	return nil
}

// httpSink POSTs each anchor as JSON; any status but 2xx is a failure.
type httpSink struct {
	url    string
	client *http.Client
}

func (h httpSink) Append(ctx context.Context, a Anchor) error {
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("audit: anchor sink: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client.Do(req)
	if err != nil {
		return fmt.Errorf("audit: anchor sink: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("audit: anchor sink answered %s", resp.Status)
	}
	return nil
}

// syslogSink sends each anchor as one RFC 5424 message (facility "log
// audit", severity notice, MSGID "anchor", the anchor's JSON as MSG). TCP
// frames it by octet counting (RFC 6587). It dials for every anchor: one a
// minute costs nothing and a restarted collector needs no reconnect logic.
type syslogSink struct{ network, addr string }

// syslogPri is facility 13 (log audit) × 8 + severity 5 (notice).
const syslogPri = 13*8 + 5

func (s syslogSink) Append(ctx context.Context, a Anchor) error {
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	if host == "" {
		host = "-"
	}
	msg := fmt.Sprintf("<%d>1 %s %s healthgrid %d anchor - %s", syslogPri,
		a.Time.UTC().Format(time.RFC3339Nano), host, os.Getpid(), body)
	if s.network == "tcp" {
		msg = fmt.Sprintf("%d %s", len(msg), msg)
	}
	conn, err := (&net.Dialer{Timeout: 10 * time.Second}).DialContext(ctx, s.network, s.addr)
	if err != nil {
		return fmt.Errorf("audit: syslog anchor sink: %w", err)
	}
	conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_, err = conn.Write([]byte(msg))
	if err = errors.Join(err, conn.Close()); err != nil {
		return fmt.Errorf("audit: syslog anchor sink: %w", err)
	}
	return nil
}
