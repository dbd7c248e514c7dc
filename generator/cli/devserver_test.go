package cli

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
)

// TestLiveReloadOnlyWhenThePageChanged: an open page is told to reload
// after a build that changed what it shows (its text, or the problems
// over it), and not after one that left it as it was.
func TestLiveReloadOnlyWhenThePageChanged(t *testing.T) {
	var mu sync.Mutex
	text := "<html><body><p>first</p></body></html>"
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(text))
	})
	setText := func(s string) { mu.Lock(); text = s; mu.Unlock() }
	dev := &devState{}
	srv := httptest.NewServer(devHandler(site, dev))
	defer srv.Close()
	// open loads the page and listens as its script does; the channel
	// gets one value when the stream says to reload.
	open := func() <-chan struct{} {
		t.Helper()
		res, err := http.Get(srv.URL + "/op/")
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		_, _ = bufio.NewReader(res.Body).WriteTo(&b)
		res.Body.Close()
		m := regexp.MustCompile(`data-version="(\d+)" data-hash="(\w+)"`).FindStringSubmatch(b.String())
		if m == nil {
			t.Fatalf("no reload script in the page:\n%s", b.String())
		}
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/_portal/events?since="+m[1]+"&hash="+m[2]+"&path=/op/", nil)
		ev, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		told := make(chan struct{}, 1)
		go func() {
			defer ev.Body.Close()
			sc := bufio.NewScanner(ev.Body)
			for sc.Scan() {
				if sc.Text() == "event: build" {
					told <- struct{}{}
					return
				}
			}
		}()
		return told
	}
	expect := func(what string, told <-chan struct{}, want bool) {
		t.Helper()
		select {
		case <-told:
			if !want {
				t.Errorf("%s: the page was told to reload", what)
			}
		case <-time.After(300 * time.Millisecond):
			if want {
				t.Errorf("%s: the page was not told to reload", what)
			}
		}
	}
	told := open()
	time.Sleep(50 * time.Millisecond) // the stream is open
	dev.built(nil, "")
	expect("a build that left the page as it was", told, false)
	setText("<html><body><p>second</p></body></html>")
	dev.built(nil, "")
	expect("a build that changed the page", told, true)

	told = open()
	time.Sleep(50 * time.Millisecond)
	dev.built([]dataset.Problem{{Path: "data/campaigns/op.yaml", Line: 1, Col: 1, Message: "bad"}}, "")
	expect("a build that put problems over the page", told, true)
}

// TestUnreadFiles: an editor's swap and backup files, which no build
// reads, are not changes; everything a build reads is.
func TestUnreadFiles(t *testing.T) {
	for rel, want := range map[string]bool{
		"data/campaigns/.op.yaml.swp": true, "data/campaigns/op.yaml~": true, "content/en/.about.md.swp": true,
		"data/campaigns/op.yaml": false, "content/en/about.md~": false, "site/layouts/.x.html": false, "content/en/about.md": false,
	} {
		if got := unread(rel); got != want {
			t.Errorf("unread(%q) = %v, want %v", rel, got, want)
		}
	}
}
