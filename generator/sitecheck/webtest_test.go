package sitecheck

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestWebScripts runs the scripts of testdata/webtest/ against the seed
// site, served on loopback, in the manner of golang/website's webtest.
// A script is a list of requests separated by blank lines; each starts
// with "GET /path" and checks what comes back, one check a line:
//
//	GET /campaigns/big-french-overseas-territories/
//	code == 200
//	header content-type contains text/html
//	body contains <h1>Baku Initiative Group
//	body !contains <!--iw:
//
// Lines starting with # are comments. {BASE} in a check stands for the
// site's address without its final slash.
func TestWebScripts(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	files, err := filepath.Glob(filepath.Join("testdata", "webtest", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts (%v)", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			for _, c := range mustScript(t, f) {
				c.run(t, s.srv.URL)
			}
		})
	}
}

// webCase is one request of a script and its checks.
type webCase struct {
	file   string
	line   int
	path   string
	checks []webCheck
}

type webCheck struct {
	line                 int
	what, name, op, want string // what: code, header or body
}

func mustScript(t *testing.T, file string) []webCase {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []webCase
	var cur *webCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#"):
		case line == "":
			cur = nil
		case strings.HasPrefix(line, "GET "):
			cases = append(cases, webCase{file: file, line: n, path: strings.TrimSpace(strings.TrimPrefix(line, "GET "))})
			cur = &cases[len(cases)-1]
		case cur == nil:
			t.Fatalf("%s:%d: a check before any GET", file, n)
		default:
			c, ok := parseCheck(line)
			if !ok {
				t.Fatalf("%s:%d: cannot read check %q", file, n, line)
			}
			c.line = n
			cur.checks = append(cur.checks, c)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// parseCheck reads "code == 200", "body contains X", "body !contains X"
// or "header NAME contains X".
func parseCheck(line string) (webCheck, bool) {
	what, rest, _ := strings.Cut(line, " ")
	c := webCheck{what: what}
	if what == "header" {
		c.name, rest, _ = strings.Cut(rest, " ")
	}
	c.op, c.want, _ = strings.Cut(rest, " ")
	switch {
	case what == "code" && c.op == "==":
	case (what == "body" || what == "header") && (c.op == "contains" || c.op == "!contains"):
	default:
		return c, false
	}
	return c, c.want != ""
}

func (c webCase) run(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Get(base + c.path)
	if err != nil {
		t.Fatalf("%s:%d: GET %s: %v", c.file, c.line, c.path, err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("%s:%d: GET %s: %v", c.file, c.line, c.path, err)
	}
	for _, ck := range c.checks {
		want := strings.ReplaceAll(ck.want, "{BASE}", base)
		var got string
		switch ck.what {
		case "code":
			if strconv.Itoa(resp.StatusCode) != want {
				t.Errorf("%s:%d: GET %s: code %d, want %s", c.file, ck.line, c.path, resp.StatusCode, want)
			}
			continue
		case "header":
			got = resp.Header.Get(ck.name)
		case "body":
			got = string(body)
		}
		if strings.Contains(got, want) != (ck.op == "contains") {
			t.Errorf("%s:%d: GET %s: %s %s %q: not so", c.file, ck.line, c.path, ck.what+" "+ck.name, ck.op, want)
		}
	}
}
