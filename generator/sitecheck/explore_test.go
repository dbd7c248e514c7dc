package sitecheck

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/validate"
)

// seedData is the seed data, loaded and validated once per test binary.
var seedData = sync.OnceValues(func() (*dataset.Dataset, error) {
	d, probs, err := validate.Run(os.DirFS(repoRoot), "data", validate.Options{Now: time.Now()})
	if err == nil && len(probs) > 0 {
		err = fmt.Errorf("seed data: %v", probs[0])
	}
	return d, err
})

// seedCampaigns lists the ids of the seed data's campaigns that keep,
// computed here in Go independently of the explore script.
func seedCampaigns(t *testing.T, keep func(c *dataset.Campaign) bool) []string {
	t.Helper()
	d, err := seedData()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range d.Campaigns {
		if keep(c) {
			ids = append(ids, c.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

func targets(c *dataset.Campaign, place string) bool {
	return slices.ContainsFunc(c.Targets, func(t dataset.Target) bool { return t.Place == place })
}

func onPlatform(c *dataset.Campaign, name string) bool {
	return slices.ContainsFunc(c.Platforms, func(p dataset.Platform) bool { return p.Name == name })
}

// activeIn reports whether c was active in year, by the dataset's own
// rule (dataset.ActiveYears: a takedown or an ongoing status extends an
// open period), which the year facet follows.
func activeIn(c *dataset.Campaign, year int) bool {
	d, err := seedData()
	if err != nil {
		return false
	}
	return slices.Contains(d.ActiveYears(c), year)
}

// exploreState reads what the explore page shows: the campaigns listed
// (ids from their links), the status line, the message and the query.
type exploreState struct {
	IDs     []string `json:"ids"`
	Count   string   `json:"count"`
	Message string   `json:"message"`
	Search  string   `json:"search"`
	Scripts int      `json:"scripts"`
}

const readExplore = `(() => ({
  ids: [...document.querySelectorAll(".explore-results a")].map(a => a.getAttribute("href").split("/").filter(Boolean).pop()).sort(),
  count: (document.querySelector(".explore-count") || {}).textContent || "",
  message: (document.querySelector(".explore-message") || {}).textContent || "",
  search: location.search,
  scripts: document.querySelectorAll("script:not([type='application/ld+json'])").length,
}))()`

// TestExploreFilters drives the explore page of the seed site in a real
// browser that enforces the page's CSP: filters combine (any value within
// a filter, every filter across), the state goes to the URL, a shared URL
// restores it, an unknown value says so, and the selection downloads as a
// CSV with exactly the listed campaigns.
func TestExploreFilters(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	b := mustBrowser(t)
	// This test checks the site's own policy lets its own script run.
	if _, err := chromedp.Call(b.ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: false}); err != nil {
		t.Fatal(err)
	}
	load := func(path string) exploreState {
		t.Helper()
		if err := chromedp.Do(b.ctx, chromedp.Navigate(s.srv.URL+path)); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		waitExplore(t, b)
		return state(t, b)
	}

	// Ticking two boxes: France as a target, Facebook as a platform.
	st := load("/explore/")
	if all := seedCampaigns(t, func(*dataset.Campaign) bool { return true }); !slices.Equal(st.IDs, all) {
		t.Errorf("no filter: %v, want every campaign %v", st.IDs, all)
	}
	if err := chromedp.Do(b.ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll(".explore-form details").forEach(d => d.open = true)`),
		chromedp.Click(chromedp.CSS(`input[name="target"][value="FR"]`)),
		chromedp.Click(chromedp.CSS(`input[name="platform"][value="facebook"]`))); err != nil {
		t.Fatal(err)
	}
	st = state(t, b)
	want := seedCampaigns(t, func(c *dataset.Campaign) bool { return targets(c, "FR") && onPlatform(c, "facebook") })
	if len(want) == 0 {
		t.Fatal("the seed data has no campaign on Facebook targeting France: pick other filters for this test")
	}
	if !slices.Equal(st.IDs, want) || st.Search != "?target=FR&platform=facebook" {
		t.Errorf("France + Facebook: %v at %q, want %v", st.IDs, st.Search, want)
	}
	if !strings.Contains(st.Count, strconv.Itoa(len(want))) {
		t.Errorf("count line %q does not say %d", st.Count, len(want))
	}

	// The selection downloads as CSV holding exactly those campaigns.
	dir := t.TempDir()
	if _, err := chromedp.Call(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`.explore-downloads button`))); err != nil {
		t.Fatal(err)
	}
	rows := waitCSV(t, filepath.Join(dir, "campaigns-selection.csv"))
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[0])
	}
	slices.Sort(got)
	if rows[0][0] != "id" || !slices.Equal(got, want) {
		t.Errorf("downloaded CSV ids = %v (header %v), want %v", got, rows[0], want)
	}

	// A shared URL: two targets (either) and a year (both conditions).
	st = load("/explore/?target=FR&target=DE&year=2024")
	want = seedCampaigns(t, func(c *dataset.Campaign) bool { return (targets(c, "FR") || targets(c, "DE")) && activeIn(c, 2024) })
	if !slices.Equal(st.IDs, want) {
		t.Errorf("(France or Germany) in 2024: %v, want %v", st.IDs, want)
	}
	// Values are matched without regard to case.
	if st2 := load("/explore/?target=nc"); !slices.Equal(st2.IDs, seedCampaigns(t, func(c *dataset.Campaign) bool { return targets(c, "NC") })) ||
		!slices.Contains(st2.IDs, "big-french-overseas-territories") {
		t.Errorf("?target=nc: %v", st2.IDs)
	}

	// Unknown values, and markup in the URL: an empty result, a message
	// that quotes the value as text, nothing injected.
	for _, q := range []string{"?target=ZZ", "?platform=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "?target=FR&year=1850"} {
		st = load("/explore/" + q)
		if len(st.IDs) != 0 || st.Message == "" {
			t.Errorf("%s: %v, message %q", q, st.IDs, st.Message)
		}
		if st.Scripts != 1 {
			t.Errorf("%s: %d scripts on the page", q, st.Scripts)
		}
	}
	if !strings.Contains(st.Message, "1850") {
		t.Errorf("message does not name the unknown value: %q", st.Message)
	}
	imgs, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("main img").length`))
	if err != nil || imgs != 0 {
		t.Errorf("markup from the URL became an element: %d images, %v", imgs, err)
	}
	// French page, French strings.
	st = load("/fr/explore/?target=NC")
	if !strings.Contains(st.Count, "campagne") || !slices.Contains(st.IDs, "big-french-overseas-territories") {
		t.Errorf("French explore: %+v", st)
	}
	b.checkTraffic(t, s.srv.URL)
}

// TestExploreWithoutScript checks the explore page's fallback: without
// JavaScript every facet value is a link to a static page that lists its
// campaigns.
func TestExploreWithoutScript(t *testing.T) {
	s := mustSite(t, "seed", filepath.Join(repoRoot, "data"))
	get := func(p string) string {
		t.Helper()
		resp, err := http.Get(s.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", p, resp.Status)
		}
		return string(body)
	}
	hub := get("/explore/")
	for _, link := range []string{`href="/places/nc/"`, `href="/explore/platform/telegram/"`, `href="/explore/year/2024/"`,
		`href="/explore/country/az/"`, `href="/explore/confidence/high/"`, `href="/techniques/t0097.207/"`} {
		if !strings.Contains(hub, link) {
			t.Errorf("/explore/ has no %s", link)
		}
	}
	for _, p := range []string{"/explore/country/az/", "/explore/year/2024/", "/places/nc/"} {
		if !strings.Contains(get(p), `/campaigns/big-french-overseas-territories/"`) {
			t.Errorf("%s does not list the BIG campaign", p)
		}
	}
}

// waitExplore waits until the explore script has its data and has
// applied the URL's filters (the page shows the full list before).
func waitExplore(t *testing.T, b *browser) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.getElementById("explore-app").dataset.state === "ready"`)); err != nil {
		t.Fatalf("the explore script did not start: %v", err)
	}
}

func state(t *testing.T, b *browser) exploreState {
	t.Helper()
	st, err := chromedp.Run(b.ctx, chromedp.Evaluate[exploreState](readExplore))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// waitCSV waits for a download to finish and reads it.
func waitCSV(t *testing.T, path string) [][]string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, err := os.ReadFile(path)
		if err == nil && len(data) > 0 {
			if !strings.HasPrefix(string(data), "\ufeff") {
				t.Errorf("downloaded CSV has no UTF-8 byte-order mark")
			}
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
			if err != nil {
				t.Fatalf("downloaded CSV: %v", err)
			}
			return rows
		}
		if time.Now().After(deadline) {
			t.Fatalf("no download at %s", path)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
