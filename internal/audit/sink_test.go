package audit_test

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/audit"
	"healthgrid/internal/testkit"
)

// anchorTo writes one anchor of a three-record chain through the sink spec
// names, and returns the anchor log a verifier would hold.
func anchorTo(t *testing.T, spec string, received func() string) (*audit.Log, ed25519.PublicKey, string) {
	t.Helper()
	d := testkit.NewSQLite(t)
	dir := t.TempDir()
	key, err := audit.LoadOrCreateAnchorKey(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	l := audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: time.Now})
	for range 3 {
		if err := l.Write(context.Background(), audit.Record{Action: "user.update"}); err != nil {
			t.Fatal(err)
		}
	}
	sink, err := audit.NewSink(spec, dir)
	if err != nil {
		t.Fatal(err)
	}
	an := audit.NewAnchorer(l, key, sink, time.Minute, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := an.Anchor(context.Background(), audit.AnchorShutdown); err != nil {
		t.Fatal(err)
	}
	line := received()
	path := filepath.Join(t.TempDir(), "collected.log")
	if err := os.WriteFile(path, []byte("Dec  7 10:00:00 collector "+line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return l, an.PublicKey(), path
}

// What a verifier holding only the public key makes of the collected line.
func checkCollected(t *testing.T, l *audit.Log, pub ed25519.PublicKey, path string) {
	t.Helper()
	v, err := l.WithAnchors(path, pub).Verify(context.Background())
	if err != nil || !v.OK || v.Anchors != 1 || v.AnchoredSeq != 3 {
		t.Fatalf("verify against the collected anchor: %+v %v", v, err)
	}
}

func wantRFC5424(t *testing.T, msg string) {
	t.Helper()
	f := strings.SplitN(msg, " ", 8)
	if len(f) < 8 || f[0] != "<109>1" || f[3] != "healthgrid" || f[5] != "anchor" || f[6] != "-" {
		t.Fatalf("not an RFC 5424 anchor message: %q", msg)
	}
	var a audit.Anchor
	if err := json.Unmarshal([]byte(f[7]), &a); err != nil || a.Seq != 3 || a.Reason != audit.AnchorShutdown {
		t.Fatalf("message body %q: %+v %v", f[7], a, err)
	}
}

func TestSyslogSinkUDPAndUnix(t *testing.T) {
	for _, network := range []string{"udp", "unixgram"} {
		t.Run(network, func(t *testing.T) {
			var conn net.PacketConn
			var spec string
			var err error
			if network == "udp" {
				conn, err = net.ListenPacket("udp", "127.0.0.1:0")
				spec = "syslog+udp://" + conn.LocalAddr().String()
			} else {
				sock := filepath.Join(t.TempDir(), "log.sock")
				conn, err = net.ListenPacket("unixgram", sock)
				spec = "syslog+unix://" + sock
			}
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			l, pub, path := anchorTo(t, spec, func() string {
				buf := make([]byte, 4096)
				conn.SetReadDeadline(time.Now().Add(10 * time.Second))
				n, _, err := conn.ReadFrom(buf)
				if err != nil {
					t.Fatal(err)
				}
				return string(buf[:n])
			})
			b, _ := os.ReadFile(path)
			wantRFC5424(t, strings.TrimSpace(strings.TrimPrefix(string(b), "Dec  7 10:00:00 collector ")))
			checkCollected(t, l, pub, path)
		})
	}
}

func TestSyslogSinkTCPOctetCounting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(bufio.NewReader(c))
		got <- string(b)
	}()
	l, pub, path := anchorTo(t, "syslog+tcp://"+ln.Addr().String(), func() string {
		frame := <-got
		n, msg, _ := strings.Cut(frame, " ")
		if size, err := strconv.Atoi(n); err != nil || size != len(msg) {
			t.Fatalf("frame %q: octet count %q, message of %d bytes", frame, n, len(msg))
		}
		wantRFC5424(t, msg)
		return msg
	})
	checkCollected(t, l, pub, path)
}

func TestHTTPSink(t *testing.T) {
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		body, _ = io.ReadAll(r.Body)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	l, pub, path := anchorTo(t, srv.URL+"/anchors", func() string { return string(body) })
	checkCollected(t, l, pub, path)

	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer refusing.Close()
	sink, _ := audit.NewSink(refusing.URL, "")
	if err := sink.Append(context.Background(), audit.Anchor{Seq: 1}); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("a refused anchor: %v", err)
	}
}

func TestNewSink(t *testing.T) {
	dir := t.TempDir()
	for spec, path := range map[string]string{
		"":                       filepath.Join(dir, audit.AnchorLogFile),
		"/var/log/anchors.jsonl": "/var/log/anchors.jsonl",
		"file:///a/b.jsonl":      "/a/b.jsonl",
		"https://worm.example/a": "",
		"syslog+tcp://c:601":     "",
	} {
		if got := audit.AnchorLogPath(spec, dir); got != path {
			t.Errorf("AnchorLogPath(%q) = %q, want %q", spec, got, path)
		}
		if _, err := audit.NewSink(spec, dir); err != nil {
			t.Errorf("NewSink(%q): %v", spec, err)
		}
	}
	for _, bad := range []string{"ftp://host/x", "syslog+udp://", "syslog+udp:///dev/log"} {
		if _, err := audit.NewSink(bad, dir); err == nil || !strings.Contains(err.Error(), "HEALTHGRID_AUDIT_ANCHOR_SINK") {
			t.Errorf("NewSink(%q): %v", bad, err)
		}
	}
	sink, _ := audit.NewSink("", dir)
	if err := sink.Append(context.Background(), audit.Anchor{Seq: 1}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, audit.AnchorLogFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("anchor log: %v %v", fi.Mode(), err)
	}
}

func TestAnchorKey(t *testing.T) {
	dir := t.TempDir()
	key, err := audit.LoadOrCreateAnchorKey(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, audit.AnchorKeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi.Mode(), err)
	}
	again, err := audit.LoadOrCreateAnchorKey(dir, "")
	if err != nil || !key.Equal(again) {
		t.Fatalf("the key file does not give the same key back: %v", err)
	}
	file, _ := os.ReadFile(filepath.Join(dir, audit.AnchorKeyFile))
	seed := key.Seed()
	for name, text := range map[string]string{"pem": string(file), "hex seed": hex.EncodeToString(seed),
		"base64 seed": base64.StdEncoding.EncodeToString(seed)} {
		k, err := audit.LoadOrCreateAnchorKey(t.TempDir(), text)
		if err != nil || !key.Equal(k) {
			t.Errorf("key from %s: %v", name, err)
		}
	}
	if _, err := audit.LoadOrCreateAnchorKey(dir, "not a key"); err == nil || !strings.Contains(err.Error(), "HEALTHGRID_AUDIT_ANCHOR_KEY") {
		t.Errorf("a bad key: %v", err)
	}
	pub := key.Public().(ed25519.PublicKey)
	back, err := audit.ParsePublicKey(audit.PublicKeyText(pub))
	if err != nil || !pub.Equal(back) {
		t.Errorf("public key round trip: %v", err)
	}
	der, _ := x509.MarshalPKIXPublicKey(pub)
	back, err = audit.ParsePublicKey(string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})))
	if err != nil || !pub.Equal(back) {
		t.Errorf("PEM public key: %v", err)
	}
	if _, err := audit.ParsePublicKey("AAAA"); err == nil {
		t.Error("a short public key was accepted")
	}
}
