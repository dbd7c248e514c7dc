// Package indicator checks, normalises, defangs and writes as STIX
// patterns the technical indicators that platforms publish about the
// networks they took down: domains, URLs, IP addresses and e-mail
// addresses. The importer, the validator, the pages and the exports all
// use it, so a value means the same everywhere.
package indicator

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// The indicator types the portal keeps; each has a STIX 2.1 observable.
const (
	Domain = "domain"
	URL    = "url"
	IPv4   = "ipv4"
	IPv6   = "ipv6"
	Email  = "email"
)

// Types lists every type, in display order.
var Types = []string{Domain, URL, IPv4, IPv6, Email}

// MaxLen bounds one value; longer ones are not indicators but pasted text.
const MaxLen = 2048

// Refang undoes the usual ways of making a value harmless to click:
// example[.]com, example(.)com, hxxp://, [:]//, info[at]example.com,
// [@]. It also trims spaces and a trailing slash-free noise of quotes.
func Refang(s string) string {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "\"'`"))
	r := strings.NewReplacer("[.]", ".", "(.)", ".", "{.}", ".", "[dot]", ".", "(dot)", ".",
		"[:]", ":", "[://]", "://", "[at]", "@", "(at)", "@", "[@]", "@")
	s = r.Replace(s)
	lower := strings.ToLower(s)
	for _, p := range []struct{ from, to string }{{"hxxps://", "https://"}, {"hxxp://", "http://"}} {
		if strings.HasPrefix(lower, p.from) {
			s = p.to + s[len(p.from):]
			break
		}
	}
	return s
}

// Classify refangs raw and says which type it is, with its normal form.
// It returns an error for a value that looks like an indicator but is not
// a valid one (a private address, a malformed domain), and ok=false with
// no error for text that is no indicator at all (a sentence, a count).
func Classify(raw string) (typ, value string, ok bool, err error) {
	s := Refang(raw)
	if s == "" || strings.ContainsAny(s, " \t\r\n") {
		return "", "", false, nil
	}
	if len(s) > MaxLen {
		return "", "", false, fmt.Errorf("longer than %d bytes", MaxLen)
	}
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		v, err := Normalize(URL, s)
		return URL, v, err == nil, err
	case strings.Contains(s, "@") && !strings.Contains(s, "/"):
		v, err := Normalize(Email, s)
		return Email, v, err == nil, err
	}
	if a, perr := netip.ParseAddr(s); perr == nil {
		typ := IPv4
		if a.Is6() && !a.Is4In6() {
			typ = IPv6
		}
		v, err := Normalize(typ, s)
		return typ, v, err == nil, err
	}
	host, _, _ := strings.Cut(s, "/")
	if !strings.Contains(host, ".") || !looksLikeHost(host) || strings.Trim(host[strings.LastIndex(host, ".")+1:], "0123456789") == "" {
		return "", "", false, nil // no dot, or a number such as 3.5
	}
	if host != s { // example.com/path: a URL without its scheme
		v, err := Normalize(URL, "http://"+s)
		return URL, v, err == nil, err
	}
	v, err := Normalize(Domain, s)
	return Domain, v, err == nil, err
}

// looksLikeHost reports whether s is made only of the characters of a
// host name, so "3.5" or "e.g." are not taken for domains.
func looksLikeHost(s string) bool {
	for _, c := range s {
		if !(c == '.' || c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c > 0x7f) {
			return false
		}
	}
	return true
}

// Normalize checks value as an indicator of type typ and returns its
// normal form: domains and e-mail domains lower-cased without a final
// dot, addresses in their canonical form, URLs with a lower-cased scheme
// and host. Private, loopback, link-local, multicast, documentation and
// other reserved addresses are refused, as are reserved domain names
// (localhost, example.com, .local, .test, .invalid).
func Normalize(typ, value string) (string, error) {
	if value == "" {
		return "", errors.New("empty value")
	}
	if len(value) > MaxLen {
		return "", fmt.Errorf("longer than %d bytes", MaxLen)
	}
	if strings.ContainsAny(value, " \t\r\n\"<>\\^`{|}") {
		return "", errors.New("contains spaces or characters a value may not hold")
	}
	switch typ {
	case Domain:
		return domain(value)
	case IPv4, IPv6:
		a, err := netip.ParseAddr(value)
		if err != nil {
			return "", fmt.Errorf("not an IP address")
		}
		a = a.Unmap()
		if (typ == IPv4) != a.Is4() {
			return "", fmt.Errorf("not an %s address", typ)
		}
		if reason := reserved(a); reason != "" {
			return "", fmt.Errorf("%s is a %s address, not a public one", a, reason)
		}
		return a.String(), nil
	case Email:
		local, dom, ok := strings.Cut(value, "@")
		if !ok || local == "" || strings.Contains(dom, "@") {
			return "", errors.New("not an e-mail address")
		}
		d, err := domain(dom)
		if err != nil {
			return "", err
		}
		return local + "@" + d, nil
	case URL:
		u, err := url.Parse(value)
		if err != nil {
			return "", errors.New("not a valid URL")
		}
		u.Scheme = strings.ToLower(u.Scheme)
		if u.Scheme != "http" && u.Scheme != "https" {
			return "", errors.New("not an http(s) URL")
		}
		if u.User != nil {
			return "", errors.New("URL holds a user name")
		}
		h := u.Hostname()
		if a, err := netip.ParseAddr(h); err == nil {
			if reason := reserved(a.Unmap()); reason != "" {
				return "", fmt.Errorf("%s is a %s address, not a public one", a, reason)
			}
		} else if _, err := domain(h); err != nil {
			return "", err
		}
		u.Host = strings.ToLower(u.Host)
		u.Fragment, u.RawFragment = "", ""
		return u.String(), nil
	}
	return "", fmt.Errorf("unknown indicator type %q", typ)
}

// domain checks the syntax of a DNS name with at least two labels (RFC
// 1035 and 5890: labels of 1–63 letters, digits, hyphens or underscores,
// not starting or ending with a hyphen; 253 bytes at most; a top-level
// label that is not all digits).
func domain(s string) (string, error) {
	d := strings.TrimSuffix(strings.ToLower(s), ".")
	if len(d) > 253 {
		return "", errors.New("domain name longer than 253 bytes")
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return "", fmt.Errorf("%q is not a domain name: it has no dot", s)
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", fmt.Errorf("%q is not a valid domain name", s)
		}
		for _, c := range l {
			if !(c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z') {
				return "", fmt.Errorf("%q is not a valid domain name (write international names in punycode)", s)
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.Trim(tld, "0123456789") == "" {
		return "", fmt.Errorf("%q is not a domain name: its last label is a number", s)
	}
	if reservedTLD[tld] || reservedName[d] || strings.HasSuffix(d, ".example.com") || strings.HasSuffix(d, ".example.org") || strings.HasSuffix(d, ".example.net") {
		return "", fmt.Errorf("%q is a reserved name, not a real domain", s)
	}
	return d, nil
}

var (
	reservedTLD  = map[string]bool{"localhost": true, "local": true, "test": true, "invalid": true, "example": true, "internal": true, "arpa": true}
	reservedName = map[string]bool{"example.com": true, "example.org": true, "example.net": true}
)

// special are the IANA special-purpose blocks that are not public unicast
// addresses, beyond what netip reports itself.
var special = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "reserved"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (carrier-grade NAT)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "reserved"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "reserved"},
	{netip.MustParsePrefix("100::/64"), "reserved"},
	{netip.MustParsePrefix("2001::/23"), "reserved"},
}

// reserved names why a is not a public unicast address, or "".
func reserved(a netip.Addr) string {
	switch {
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast():
		return "link-local"
	case a.IsMulticast():
		return "multicast"
	case a.IsUnspecified():
		return "unspecified"
	}
	for _, s := range special {
		if s.prefix.Contains(a) {
			return s.reason
		}
	}
	return ""
}

// Key is the de-duplication key of a normalised value.
func Key(typ, value string) string { return typ + " " + strings.ToLower(value) }

// Defang makes a value safe to show: dots of the host become [.], "@"
// becomes [@] and http becomes hxxp, so no reader, mail client or
// Markdown renderer turns it into a link.
func Defang(typ, value string) string {
	dots := strings.NewReplacer(".", "[.]", ":", "[:]")
	switch typ {
	case URL:
		scheme, rest, ok := strings.Cut(value, "://")
		if !ok {
			return strings.ReplaceAll(value, ".", "[.]")
		}
		host, path, _ := strings.Cut(rest, "/")
		out := strings.Replace(strings.ToLower(scheme), "http", "hxxp", 1) + "://" + strings.ReplaceAll(host, ".", "[.]")
		if path != "" || strings.HasSuffix(rest, "/") {
			out += "/" + strings.ReplaceAll(path, ".", "[.]")
		}
		return out
	case Email:
		local, dom, _ := strings.Cut(value, "@")
		return local + "[@]" + strings.ReplaceAll(dom, ".", "[.]")
	case IPv6:
		return dots.Replace(value)
	}
	return strings.ReplaceAll(value, ".", "[.]")
}

// Pattern is the STIX 2.1 pattern that matches the value.
func Pattern(typ, value string) string {
	obj := map[string]string{Domain: "domain-name", URL: "url", IPv4: "ipv4-addr", IPv6: "ipv6-addr", Email: "email-addr"}[typ]
	esc := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(value)
	return "[" + obj + ":value = '" + esc + "']"
}
