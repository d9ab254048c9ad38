package httpx

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
)

// Edge is what the middleware needs to know about the platform's edge:
// which proxies to believe, which headers every response carries, where its
// logs and metrics go.
type Edge struct {
	Proxies Proxies
	// CSP is the Content-Security-Policy of every response (ConsolePolicy);
	// a handler may set its own (the API docs page does).
	CSP     string
	Log     *slog.Logger
	Metrics *Metrics
}

// Proxies are the reverse proxies whose forwarding headers are believed.
// X-Forwarded-For, X-Real-IP and X-Forwarded-Proto from any other peer are
// ignored, so that a client can neither choose the address the audit log and
// the rate limits see nor claim TLS it did not use.
type Proxies []netip.Prefix

// ParseProxies reads a comma-separated list of addresses and CIDR ranges
// (HEALTHGRID_TRUSTED_PROXIES); empty trusts nobody.
func ParseProxies(s string) (Proxies, error) {
	var out Proxies
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q is not an address or CIDR range: %w", f, err)
			}
			if p.Addr().Is4In6() {
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is not an address or CIDR range: %w", f, err)
		}
		a = a.Unmap().WithZone("")
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (ps Proxies) trusts(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Origin is the client's address and whether the request reached the
// platform over TLS. From a trusted proxy, the client is the right-most
// X-Forwarded-For hop that is not itself a trusted proxy (else X-Real-IP),
// and X-Forwarded-Proto: https counts as TLS; from anyone else both are the
// peer's own.
func (ps Proxies) Origin(r *http.Request) (ip string, tls bool) {
	tls = r.TLS != nil
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !ps.trusts(peer) {
		return host, tls
	}
	client := peer.Unmap()
	if hops := headerList(r.Header, "X-Forwarded-For"); len(hops) > 0 {
		for i := len(hops) - 1; i >= 0; i-- {
			a, ok := hopAddr(hops[i])
			if !ok {
				break // a hop we cannot read: the nearest one we could is all we know
			}
			client = a
			if !ps.trusts(a) {
				break
			}
		}
	} else if a, ok := hopAddr(r.Header.Get("X-Real-IP")); ok {
		client = a
	}
	if proto := headerList(r.Header, "X-Forwarded-Proto"); len(proto) > 0 {
		tls = tls || strings.EqualFold(proto[0], "https")
	}
	return client.String(), tls
}

// headerList is every comma-separated value of a header, over all its lines.
func headerList(h http.Header, name string) []string {
	var out []string
	for _, line := range h.Values(name) {
		for _, v := range strings.Split(line, ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// hopAddr reads one forwarded address, with or without a port.
func hopAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}

// consolePolicy is the console's Content-Security-Policy: nothing but its own
// scripts, styles, fonts, API and WebSocket — the built console needs no
// inline script or style and no eval, which the browser walk holds. Images
// also come from data: URLs (the favicon, Leaflet's icons, the TOTP QR code)
// and, like videos, from blob: URLs (a photo or video previewed before upload).
var consolePolicy = []string{
	"default-src 'self'",
	"script-src 'self'",
	"style-src 'self'",
	"img-src 'self' data: blob:",
	"media-src 'self' blob:",
	"font-src 'self' data:", // the app's icon font is inlined in its CSS
	"connect-src 'self'",
	"object-src 'none'",
	"base-uri 'self'",
	"form-action 'self'",
	"frame-ancestors 'none'",
}

// ConsolePolicy is the Content-Security-Policy of the console and the API,
// with the base-map tiles' origin allowed for images when tileURL (a Leaflet
// URL template such as https://t{s}.example.cn/{z}/{x}/{y}.png) names one.
func ConsolePolicy(tileURL string) (string, error) {
	src, err := tileSource(tileURL)
	if err != nil {
		return "", err
	}
	p := append([]string(nil), consolePolicy...)
	if src != "" {
		for i, d := range p {
			if strings.HasPrefix(d, "img-src ") {
				p[i] = d + " " + src
			}
		}
	}
	return strings.Join(p, "; "), nil
}

var hostChars = regexp.MustCompile(`^[A-Za-z0-9.\-\[\]:*]+$`)

// tileSource is the CSP source of a tile URL template: its scheme and host,
// a subdomain placeholder ({s}) becoming a wildcard; "" for a template on the
// platform's own origin.
func tileSource(tmpl string) (string, error) {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(tmpl), "://")
	if !ok {
		return "", nil // empty, or a path on this origin
	}
	if scheme != "https" && scheme != "http" {
		return "", fmt.Errorf("HEALTHGRID_TILE_URL must be an http(s) URL template, not %q", tmpl)
	}
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	if labels := strings.Split(host, "."); strings.Contains(host, "{") {
		last := -1
		for i, l := range labels {
			if strings.Contains(l, "{") {
				last = i
			}
		}
		host = strings.Join(append([]string{"*"}, labels[last+1:]...), ".")
	}
	if host == "" || host == "*" || !hostChars.MatchString(host) || strings.Contains(host[1:], "*") {
		return "", fmt.Errorf("HEALTHGRID_TILE_URL names no usable host: %q", tmpl)
	}
	return scheme + "://" + host, nil
}

// secure sets the security headers every response carries.
func (e Edge) secure(h http.Header, tls bool) {
	h.Set("Content-Security-Policy", e.CSP)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	if tls {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
}
