package render

import (
	"bytes"
	"errors"
	"os"
	"sync/atomic"
	"testing"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/page"
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
		got, missing, err := RecordPages(d, []page.Ref{{Kind: dataset.KindCampaign, ID: "big"}, {Kind: dataset.KindCampaign, ID: "no-such-campaign"}}, o)
		if err != nil || len(got) != 1 || missing != 1 {
			t.Fatalf("%s: RecordPages = %v, %d missing, %v", lang, got, missing, err)
		}
		if got[0].Out != want || !bytes.Equal(got[0].Data, all.files[got[0].Staged]) {
			t.Errorf("%s: the page at %s (%s) is not the one Stage stages", lang, got[0].Staged, got[0].Out)
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
