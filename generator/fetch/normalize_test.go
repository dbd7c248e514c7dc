package fetch

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already normal", "https://example.org/a?b=1", "https://example.org/a?b=1"},
		{"lower-case scheme and host", "HTTPS://Example.ORG/Path", "https://example.org/Path"},
		{"empty path", "http://example.org", "http://example.org/"},
		{"default http port", "http://example.org:80/a", "http://example.org/a"},
		{"default https port", "https://example.org:443/a", "https://example.org/a"},
		{"other port kept", "https://example.org:8443/a", "https://example.org:8443/a"},
		{"http port on https kept", "https://example.org:80/", "https://example.org:80/"},
		{"empty port", "http://example.org:/a", "http://example.org/a"},
		{"fragment dropped", "https://example.org/a#top", "https://example.org/a"},
		{"utm dropped", "https://example.org/a?utm_source=x&utm_medium=y&id=3", "https://example.org/a?id=3"},
		{"utm case-insensitive", "https://example.org/a?UTM_Campaign=x&id=3", "https://example.org/a?id=3"},
		{"encoded utm dropped", "https://example.org/a?utm%5Fsource=x&id=3", "https://example.org/a?id=3"},
		{"fbclid and gclid dropped", "https://example.org/?fbclid=1&gclid=2&q=z", "https://example.org/?q=z"},
		{"look-alike kept", "https://example.org/?utmost=1&xfbclid=2", "https://example.org/?utmost=1&xfbclid=2"},
		{"only tracking", "https://example.org/a?utm_source=x", "https://example.org/a"},
		{"query sorted", "https://example.org/?b=2&a=1&c=3", "https://example.org/?a=1&b=2&c=3"},
		{"repeated keys keep values", "https://example.org/?a=2&a=1", "https://example.org/?a=1&a=2"},
		{"empty params dropped", "https://example.org/?&a=1&&", "https://example.org/?a=1"},
		{"empty query dropped", "https://example.org/a?", "https://example.org/a"},
		{"dot segments", "https://example.org/a/./b/../c", "https://example.org/a/c"},
		{"trailing dot-dot", "https://example.org/a/b/..", "https://example.org/a/"},
		{"dot-dot above root", "https://example.org/../../a", "https://example.org/a"},
		{"encoded dots", "https://example.org/a/%2E%2e/b", "https://example.org/b"},
		{"unreserved decoded", "https://example.org/%7Euser/%41", "https://example.org/~user/A"},
		{"reserved kept, hex upper-cased", "https://example.org/a%2fb?q=%3d", "https://example.org/a%2Fb?q=%3D"},
		{"UTF-8 escaped", "https://example.org/café", "https://example.org/caf%C3%A9"},
		{"space escaped", "https://example.org/a b?q=a b", "https://example.org/a%20b?q=a%20b"},
		{"stray percent escaped", "https://example.org/?q=100%", "https://example.org/?q=100%25"},
		{"plus kept", "https://example.org/?q=a+b", "https://example.org/?q=a+b"},
		{"IPv6 host", "http://[2001:DB8::1]:80/", "http://[2001:db8::1]/"},
		{"IPv6 port kept", "http://[2001:db8::1]:8080/", "http://[2001:db8::1]:8080/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeRejects(t *testing.T) {
	tests := []struct {
		in     string
		scheme bool // the error is ErrScheme
	}{
		{"ftp://example.org/", true},
		{"javascript:alert(1)", true},
		{"mailto:a@example.org", true},
		{"/relative/path", true},
		{"http:///no-host", false},
		{"http://exa mple.org/", false},
		{"http://example.org/%zz", false},
	}
	for _, tt := range tests {
		_, err := Normalize(tt.in)
		if err == nil || errors.Is(err, ErrScheme) != tt.scheme {
			t.Errorf("Normalize(%q) error = %v, want an error (ErrScheme: %v)", tt.in, err, tt.scheme)
		}
	}
}

// FuzzNormalize checks that Normalize is idempotent and that its output
// is a clean absolute http(s) URL. Seeds are in testdata/fuzz/FuzzNormalize.
func FuzzNormalize(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		out, err := Normalize(in)
		if err != nil {
			return
		}
		again, err := Normalize(out)
		if err != nil {
			t.Fatalf("Normalize(%q) = %q, which fails: %v", in, out, err)
		}
		if again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		u, err := url.Parse(out)
		if err != nil || u.Fragment != "" || (u.Scheme != "http" && u.Scheme != "https") {
			t.Fatalf("Normalize(%q) = %q: bad URL (%v)", in, out, err)
		}
		if hasTracking(u.RawQuery) {
			t.Fatalf("Normalize(%q) = %q kept a tracking parameter", in, out)
		}
	})
}

func hasTracking(rawQuery string) bool {
	for _, p := range strings.Split(rawQuery, "&") {
		if isTracking(p) {
			return true
		}
	}
	return false
}
