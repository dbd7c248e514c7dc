package fetch

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Normalize returns the canonical form of an absolute http(s) URL, for
// de-duplication: scheme and host lower-cased, default port and fragment
// dropped, dot segments resolved, percent-encoding normalised (unreserved
// characters decoded, other escapes upper-cased, bytes that need it
// escaped), tracking parameters (utm_*, fbclid, gclid) removed and the
// query sorted. Normalize is idempotent: Normalize(Normalize(u)) ==
// Normalize(u). The result is a de-duplication key; fetch the original.
func Normalize(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("normalize: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("normalize %q: %w %q", rawURL, ErrScheme, u.Scheme)
	}
	if u.Hostname() == "" {
		return "", fmt.Errorf("normalize %q: %w", rawURL, errors.New("missing host"))
	}
	var b strings.Builder
	b.WriteString(u.Scheme + "://")
	if u.User != nil {
		b.WriteString(u.User.String() + "@")
	}
	b.WriteString(normHost(u))
	b.WriteString(removeDotSegments(normPercent(u.EscapedPath())))
	if q := normQuery(u.RawQuery); q != "" {
		b.WriteString("?" + q)
	}
	return b.String(), nil
}

// normHost lower-cases the ASCII letters of u's host, drops an empty or
// default port and escapes what needs it (an IPv6 zone's "%").
func normHost(u *url.URL) string {
	h := asciiLower(u.Host)
	if p := u.Port(); p == "" || p == defaultPort(u.Scheme) {
		h = strings.TrimSuffix(h, ":"+p)
	}
	return strings.TrimPrefix((&url.URL{Host: h}).String(), "//")
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// normQuery drops empty and tracking parameters, normalises the
// percent-encoding of the rest and sorts them.
func normQuery(raw string) string {
	var keep []string
	for _, p := range strings.Split(raw, "&") {
		p = normPercent(p)
		if p != "" && !isTracking(p) {
			keep = append(keep, p)
		}
	}
	slices.Sort(keep)
	return strings.Join(keep, "&")
}

func isTracking(param string) bool {
	k, _, _ := strings.Cut(param, "=")
	if dk, err := url.QueryUnescape(k); err == nil {
		k = dk
	}
	k = strings.ToLower(k)
	return strings.HasPrefix(k, "utm_") || k == "fbclid" || k == "gclid"
}

// removeDotSegments resolves "." and ".." segments of an absolute path,
// as RFC 3986 section 5.2.4 describes. An empty path becomes "/".
func removeDotSegments(p string) string {
	in := strings.Split(strings.TrimPrefix(p, "/"), "/")
	out := make([]string, 0, len(in))
	for i, seg := range in {
		last := i == len(in)-1
		switch seg {
		case ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
			continue
		}
		if last {
			out = append(out, "")
		}
	}
	return "/" + strings.Join(out, "/")
}

// normPercent normalises percent-encoding as RFC 3986 section 6.2.2.2 and
// RFC 9309 section 2.2.2 ask: escapes of unreserved characters are
// decoded, other escapes upper-cased, and a stray "%", spaces, control
// and non-ASCII bytes escaped. Everything else, including the robots.txt
// wildcards * and $, is kept.
func normPercent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			c = unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
			if isUnreserved(c) {
				b.WriteByte(c)
				continue
			}
		} else if c != '%' && c > ' ' && c < 0x7f {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + hex[c>>4:c>>4+1] + hex[c&15:c&15+1])
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
