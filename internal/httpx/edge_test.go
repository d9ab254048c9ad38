package httpx

import (
	"crypto/tls"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestOrigin(t *testing.T) {
	proxies, err := ParseProxies(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, peer string
		header     map[string]string
		tls        bool
		trust      Proxies
		ip         string
		secure     bool
	}{
		{name: "no proxy", peer: "203.0.113.5:4000", ip: "203.0.113.5"},
		{name: "forged X-Forwarded-For from a client", peer: "203.0.113.5:4000",
			header: map[string]string{"X-Forwarded-For": "1.2.3.4"}, ip: "203.0.113.5"},
		{name: "forged X-Real-IP from a client", peer: "203.0.113.5:4000",
			header: map[string]string{"X-Real-IP": "1.2.3.4"}, ip: "203.0.113.5"},
		{name: "forged X-Forwarded-Proto from a client", peer: "203.0.113.5:4000",
			header: map[string]string{"X-Forwarded-Proto": "https"}, ip: "203.0.113.5"},
		{name: "loopback is not trusted by default", peer: "127.0.0.1:4000", trust: Proxies{},
			header: map[string]string{"X-Real-IP": "1.2.3.4", "X-Forwarded-For": "1.2.3.4", "X-Forwarded-Proto": "https"}, ip: "127.0.0.1"},
		{name: "direct TLS", peer: "203.0.113.5:4000", tls: true, ip: "203.0.113.5", secure: true},
		{name: "trusted proxy", peer: "10.1.2.3:4000", header: map[string]string{"X-Forwarded-For": "198.51.100.9"},
			ip: "198.51.100.9"},
		{name: "trusted proxy, the client's own forgery left of the real hop", peer: "10.1.2.3:4000",
			header: map[string]string{"X-Forwarded-For": "1.2.3.4, 198.51.100.9"}, ip: "198.51.100.9"},
		{name: "two trusted hops", peer: "10.1.2.3:4000",
			header: map[string]string{"X-Forwarded-For": "1.2.3.4, 198.51.100.9, 192.0.2.7, 10.9.9.9"}, ip: "198.51.100.9"},
		{name: "every hop trusted", peer: "10.1.2.3:4000",
			header: map[string]string{"X-Forwarded-For": "10.5.5.5, 192.0.2.7"}, ip: "10.5.5.5"},
		{name: "an unreadable hop stops the walk", peer: "10.1.2.3:4000",
			header: map[string]string{"X-Forwarded-For": "198.51.100.9, junk, 192.0.2.7"}, ip: "192.0.2.7"},
		{name: "hop with a port, IPv6", peer: "[2001:db8::1]:443",
			header: map[string]string{"X-Forwarded-For": "[2001:db8:ffff::1]:1234, [2a00::5]:99"}, ip: "2a00::5"},
		{name: "X-Real-IP from a trusted proxy", peer: "192.0.2.7:80",
			header: map[string]string{"X-Real-IP": "198.51.100.9"}, ip: "198.51.100.9"},
		{name: "X-Forwarded-Proto from a trusted proxy", peer: "10.1.2.3:4000",
			header: map[string]string{"X-Forwarded-Proto": "HTTPS"}, ip: "10.1.2.3", secure: true},
		{name: "X-Forwarded-Proto http from a trusted proxy", peer: "10.1.2.3:4000",
			header: map[string]string{"X-Forwarded-Proto": "http"}, ip: "10.1.2.3"},
		{name: "IPv4-mapped peer", peer: "[::ffff:10.1.2.3]:80",
			header: map[string]string{"X-Forwarded-For": "198.51.100.9"}, ip: "198.51.100.9"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = c.peer
			for k, v := range c.header {
				r.Header.Set(k, v)
			}
			if c.tls {
				r.TLS = &tls.ConnectionState{}
			}
			trust := proxies
			if c.trust != nil {
				trust = c.trust
			}
			ip, secure := trust.Origin(r)
			if ip != c.ip || secure != c.secure {
				t.Errorf("Origin = %s, %v; want %s, %v", ip, secure, c.ip, c.secure)
			}
		})
	}
}

func TestParseProxies(t *testing.T) {
	if p, err := ParseProxies(""); err != nil || len(p) != 0 {
		t.Errorf("empty: %v %v", p, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.internal", "10.0.0.1;", "1.2.3"} {
		if _, err := ParseProxies(bad); err == nil || !strings.Contains(err.Error(), "trusted proxy") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestConsolePolicy(t *testing.T) {
	for _, c := range []struct{ tiles, img string }{
		{"", "img-src 'self' data: blob:;"},
		{"/tiles/{z}/{x}/{y}.png", "img-src 'self' data: blob:;"},
		{"https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=abc&x={x}", "img-src 'self' data: blob: https://*.tianditu.gov.cn;"},
		{"http://{s}.tile.example.org/{z}/{x}/{y}.png", "img-src 'self' data: blob: http://*.tile.example.org;"},
		{"https://tiles.internal:8443/{z}/{x}/{y}.png", "img-src 'self' data: blob: https://tiles.internal:8443;"},
	} {
		p, err := ConsolePolicy(c.tiles)
		if err != nil || !strings.Contains(p, c.img) {
			t.Errorf("%q: %s %v; want %s", c.tiles, p, err, c.img)
		}
		for _, d := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'self';", "object-src 'none'"} {
			if !strings.Contains(p, d) {
				t.Errorf("%q: %s lacks %s", c.tiles, p, d)
			}
		}
		if strings.Contains(p, "unsafe-eval") {
			t.Errorf("%s allows eval", p)
		}
	}
	for _, bad := range []string{"ftp://tiles/{z}", "https://{s}/{z}", "https://a.b; script-src *", "https:///{z}"} {
		if p, err := ConsolePolicy(bad); err == nil {
			t.Errorf("%q accepted: %s", bad, p)
		}
	}
}
