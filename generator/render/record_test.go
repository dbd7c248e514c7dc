package render

import (
	"bytes"
	"errors"
	"os"
	"sync/atomic"
	"testing"

	"github.com/interference-watch/portal/generator/dataset"
)

// TestRecordPagesAreStaged: a record's pages from RecordPages are the
// files Stage stages for it, at the paths Stage uses, in each language.
func TestRecordPagesAreStaged(t *testing.T) {
	d := facetData()
	for _, lang := range []string{"en", "fr"} {
		o := Options{Lang: lang, FileLang: lang, ContentDir: "generated/", Strings: os.DirFS("../../site/i18n"),
			BaseURL: "https://example.org/iw/", DefaultLang: "en", Languages: languages}
		all := &mapWriter{}
		if _, err := Stage(d, all, o); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"en": "campaigns/big/index.html", "fr": "fr/campaigns/big/index.html"}[lang]
		got, err := RecordPages(d, dataset.KindCampaign, "big", o)
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: RecordPages = %v, %v", lang, got, err)
		}
		if got[0].Out != want || !bytes.Equal(got[0].Data, all.files[got[0].Staged]) {
			t.Errorf("%s: the page at %s (%s) is not the one Stage stages", lang, got[0].Staged, got[0].Out)
		}
		if none, err := RecordPages(d, dataset.KindCampaign, "no-such-campaign", o); err != nil || len(none) != 0 {
			t.Errorf("%s: an unknown id gave %v, %v", lang, none, err)
		}
	}
}

// TestStageStops: once Options.Stop says so, Stage stops handing out
// pages and returns ErrStopped.
func TestStageStops(t *testing.T) {
	var asked atomic.Int32
	o := Options{Lang: "en", Strings: os.DirFS("../../site/i18n"), Languages: languages, BaseURL: "https://example.org/",
		Stop: func() bool { return asked.Add(1) > 3 }}
	w := &mapWriter{}
	if _, err := Stage(facetData(), w, o); !errors.Is(err, ErrStopped) {
		t.Fatalf("Stage = %v, want ErrStopped", err)
	}
	if n := len(w.files); n > 3 {
		t.Errorf("%d pages staged after Stop said to stop at the fourth", n)
	}
}
