package fetch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"net/http"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// zeros writes n zero bytes in chunks, so the server never holds them.
func zeros(n int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		chunk := make([]byte, 64<<10)
		for n > 0 {
			m := min(n, len(chunk))
			if _, err := w.Write(chunk[:m]); err != nil {
				return
			}
			n -= m
		}
	}
}

// gzipped serves body gzip-compressed, as the server would to our
// Accept-Encoding.
func gzipped(body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}
}

func mustGzip(t *testing.T, n int, fill byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := zw.Write(bytes.Repeat([]byte{fill}, n)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// mustBomb returns mib MiB of zeros as a gzip stream of about mib KiB:
// one compressed MiB repeated as gzip members, which readers concatenate.
func mustBomb(t *testing.T, mib int) []byte {
	t.Helper()
	return bytes.Repeat(mustGzip(t, 1<<20, 0), mib)
}

func TestBodyLimits(t *testing.T) {
	bomb := mustBomb(t, 64)
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes compressed", len(bomb))
	}
	tests := []struct {
		name     string
		maxBody  int64
		handler  http.HandlerFunc
		wantErr  error
		wantSize int
	}{
		{"20 MiB body refused", 0, zeros(20 << 20), ErrTooLarge, 0},
		{"20 MiB with Content-Length refused", 0, withLength(20<<20, zeros(20<<20)), ErrTooLarge, 0},
		{"gzip bomb refused", 0, gzipped(bomb), ErrTooLarge, 0},
		{"small gzip decompressed", 0, gzipped(mustGzip(t, 1000, 'x')), nil, 1000},
		{"exactly the cap", 1000, zeros(1000), nil, 1000},
		{"one byte over the cap", 1000, zeros(1001), ErrTooLarge, 0},
		{"gzip over a small cap", 1000, gzipped(mustGzip(t, 1001, 'x')), ErrTooLarge, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := newSite(t, clk.Now, status(http.StatusNotFound), tt.handler)
			cfg := testConfig(clk)
			cfg.MaxBody = tt.maxBody
			res, err := mustClient(t, cfg).Get(t.Context(), s.URL+"/big")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if err == nil && len(res.Body) != tt.wantSize {
				t.Errorf("body is %d bytes, want %d", len(res.Body), tt.wantSize)
			}
			if n := len(s.hits("/big")); err != nil && n != 1 {
				t.Errorf("server saw %d requests, want 1 (ErrTooLarge is not retried)", n)
			}
		})
	}
}

// TestBodyCapStopsReading checks that refusing a body does not read it:
// the server cannot push a whole endless stream, and a gzip bomb is not
// inflated into memory.
func TestBodyCapStopsReading(t *testing.T) {
	t.Run("stream", func(t *testing.T) {
		var served atomic.Int64
		clk := newFakeClock()
		s := newSite(t, clk.Now, status(http.StatusNotFound), func(w http.ResponseWriter, r *http.Request) {
			chunk := make([]byte, 64<<10)
			for served.Load() < 256<<20 {
				n, err := w.Write(chunk)
				served.Add(int64(n))
				if err != nil {
					return
				}
			}
		})
		if _, err := mustClient(t, testConfig(clk)).Get(t.Context(), s.URL+"/stream"); !errors.Is(err, ErrTooLarge) {
			t.Fatalf("error = %v, want ErrTooLarge", err)
		}
		s.Close() // waits for the handler
		if n := served.Load(); n > 64<<20 {
			t.Errorf("server pushed %d MiB before the client hung up", n>>20)
		}
	})
	t.Run("gzip bomb", func(t *testing.T) {
		bomb := mustBomb(t, 256)
		clk := newFakeClock()
		s := newSite(t, clk.Now, status(http.StatusNotFound), gzipped(bomb))
		c := mustClient(t, testConfig(clk))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := c.Get(t.Context(), s.URL+"/bomb")
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("error = %v, want ErrTooLarge", err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 96<<20 {
			t.Errorf("refusing the bomb allocated %d MiB", alloc>>20)
		}
	})
}

func withLength(n int, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(n))
		h(w, r)
	}
}

func TestRedirects(t *testing.T) {
	tests := []struct {
		name     string
		location string // where /start redirects; the server also serves /loop/… and /chain/…
		wantErr  error
		wantPath string // of the final URL, on success
	}{
		{"relative redirect", "/ok", nil, "/ok"},
		{"10 redirects followed", "/chain/9", nil, "/chain/0"},
		{"11 redirects refused", "/chain/10", ErrTooManyRedirects, ""},
		{"loop stopped", "/loop/a", ErrTooManyRedirects, ""},
		{"javascript", "javascript:alert(1)", ErrScheme, ""},
		{"ftp", "ftp://example.org/file", ErrScheme, ""},
		{"data", "data:text/html,hi", ErrScheme, ""},
		{"file", "file:///etc/passwd", ErrScheme, ""},
		{"private address", "http://10.0.0.1/", ErrForbiddenTarget, ""},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", ErrForbiddenTarget, ""},
		{"CGNAT", "http://100.64.0.1/", ErrForbiddenTarget, ""},
		{"unspecified", "http://0.0.0.0/", ErrForbiddenTarget, ""},
		{"IPv4-mapped private", "http://[::ffff:192.168.1.1]/", ErrForbiddenTarget, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := newSite(t, clk.Now, status(http.StatusNotFound), redirector(tt.location))
			res, err := mustClient(t, testConfig(clk)).Get(t.Context(), s.URL+"/start")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if err == nil && res.URL != s.URL+tt.wantPath {
				t.Errorf("final URL = %s, want %s", res.URL, s.URL+tt.wantPath)
			}
			if n := len(s.hits("/")); n > DefaultMaxRedirects+2 {
				t.Errorf("server saw %d requests", n)
			}
		})
	}
}

// redirector redirects /start to location, /chain/N to /chain/N-1 until
// /chain/0, which answers, and /loop/a and /loop/b to each other.
func redirector(location string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		n, err := strconv.Atoi(strings.TrimPrefix(p, "/chain/"))
		switch {
		case p == "/start":
			w.Header().Set("Location", location)
			w.WriteHeader(http.StatusFound)
		case p == "/loop/a":
			http.Redirect(w, r, "/loop/b", http.StatusMovedPermanently)
		case p == "/loop/b":
			http.Redirect(w, r, "/loop/a", http.StatusTemporaryRedirect)
		case err == nil && n > 0:
			http.Redirect(w, r, "/chain/"+strconv.Itoa(n-1), http.StatusSeeOther)
		default:
			okPage(w, r)
		}
	}
}

func TestLoopbackRefusedUnlessAllowed(t *testing.T) {
	for _, allow := range []bool{false, true} {
		clk := newFakeClock()
		s := newSite(t, clk.Now, status(http.StatusNotFound), okPage)
		cfg := testConfig(clk)
		cfg.AllowLoopback = allow
		_, err := mustClient(t, cfg).Get(t.Context(), s.URL+"/a")
		if got := errors.Is(err, ErrForbiddenTarget); got == allow {
			t.Errorf("AllowLoopback=%v: error = %v", allow, err)
		}
		if n := len(s.hits("/")); !allow && n != 0 {
			t.Errorf("AllowLoopback=false: server saw %d requests, want 0", n)
		}
	}
}

// TestDialGuard calls the dialer's Control function directly: it runs
// before connect(2), so nothing is ever sent to these addresses.
func TestDialGuard(t *testing.T) {
	tests := []struct {
		addr          string
		allowLoopback bool
		forbidden     bool
	}{
		{"10.0.0.1:80", false, true},
		{"172.16.5.4:443", false, true},
		{"192.168.1.1:80", false, true},
		{"169.254.169.254:80", true, true},
		{"100.64.0.1:80", false, true},
		{"100.127.255.255:80", false, true},
		{"0.0.0.0:80", true, true},
		{"224.0.0.1:80", false, true},
		{"255.255.255.255:80", false, true},
		{"127.0.0.1:80", false, true},
		{"127.0.0.1:80", true, false},
		{"[::1]:80", false, true},
		{"[::1]:80", true, false},
		{"[::]:80", true, true},
		{"[fe80::1%eth0]:80", false, true},
		{"[fc00::1]:80", false, true},
		{"[ff02::1]:80", false, true},
		{"[::ffff:10.0.0.1]:80", false, true},
		{"[::ffff:127.0.0.1]:80", true, false},
		{"[64:ff9b::a00:1]:80", false, true}, // NAT64 of 10.0.0.1
		{"not-an-address", false, true},
		{"93.184.215.14:443", false, false},
		{"100.128.0.1:80", false, false},
		{"[2606:4700::1]:443", false, false},
		{"[64:ff9b::808:808]:53", false, false}, // NAT64 of 8.8.8.8
	}
	for _, tt := range tests {
		err := dialGuard(tt.allowLoopback)("tcp", tt.addr, nil)
		if got := errors.Is(err, ErrForbiddenTarget); got != tt.forbidden {
			t.Errorf("dialGuard(allowLoopback=%v)(%s) = %v, want forbidden=%v", tt.allowLoopback, tt.addr, err, tt.forbidden)
		}
	}
}

func TestForbiddenAddrInvalid(t *testing.T) {
	if !forbiddenAddr(netip.Addr{}, true) {
		t.Error("the zero Addr is allowed")
	}
}
