package scrape

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/interference-watch/portal/generator/fetch"
	"github.com/interference-watch/portal/generator/mdsafe"
	"github.com/olekukonko/tablewriter"
)

// WriteTable prints one row per publisher: status, items, new sources,
// duration and error.
func (r *Report) WriteTable(w io.Writer) error {
	t := tablewriter.NewWriter(w)
	t.Header("publisher", "status", "items", "new", "duration", "error")
	for _, res := range r.Results {
		errText := ""
		if res.Err != nil {
			errText = truncateRunes(res.Err.Error(), 100)
		}
		if err := t.Append(res.ID, string(res.Status), strconv.Itoa(res.Items), strconv.Itoa(len(res.New)),
			res.Duration.Round(time.Millisecond).String(), errText); err != nil {
			return fmt.Errorf("summary table: %w", err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("summary table: %w", err)
	}
	return nil
}

// WriteMarkdown writes the report as the body of a pull request: failing
// publishers first, then the new sources per publisher, then each
// publisher's health. Scraped text is escaped so it cannot add links,
// images, HTML or mentions.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	r.mdSummary(&b)
	r.mdFailures(&b)
	r.mdNew(&b)
	r.mdHealth(&b)
	_, err := w.Write(b.Bytes())
	return err
}

// WriteMarkdownFile writes the markdown report to path atomically.
func (r *Report) WriteMarkdownFile(path string) error {
	var b bytes.Buffer
	if err := r.WriteMarkdown(&b); err != nil {
		return err
	}
	if err := writeFileAtomic(path, b.Bytes()); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func (r *Report) mdSummary(b *bytes.Buffer) {
	b.WriteString("# Scrape report\n\n")
	fmt.Fprintf(b, "Run of %s UTC, %s: %d publishers, %d new sources to review, %d failing.\n",
		r.Started.UTC().Format("2006-01-02 15:04"), r.Duration.Round(time.Second), len(r.Results), r.NewCount(), len(r.Failed()))
	if r.DryRun {
		b.WriteString("\nDry run: nothing was written.\n")
	}
	b.WriteString("\nEvery new source has `status: unreviewed`. Check each against the document before citing it.\n")
}

func (r *Report) mdFailures(b *bytes.Buffer) {
	failed := r.Failed()
	if len(failed) == 0 {
		return
	}
	b.WriteString("\n## Failing publishers\n\nNothing was written for these. Those that answered wrongly need a look at their definitions in `data/publishers/`; those the network could not reach are not their definitions' fault and are tried again on the next run.\n\n")
	for _, res := range failed {
		what := "answered wrongly"
		if errors.Is(res.Err, fetch.ErrNetwork) {
			what = "not reached"
		}
		fmt.Fprintf(b, "- **%s** (%s): %s\n", mdsafe.Text(res.ID), what, mdsafe.Text(errString(res.Err)))
	}
}

func (r *Report) mdNew(b *bytes.Buffer) {
	if r.NewCount() == 0 {
		b.WriteString("\n## New sources\n\nNone.\n")
		return
	}
	b.WriteString("\n## New sources\n")
	for _, res := range r.Results {
		if len(res.New) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n### %s (%d)\n\n| id | title | published |\n|---|---|---|\n", mdsafe.Text(res.ID), len(res.New))
		for _, ns := range res.New {
			fmt.Fprintf(b, "| %s | %s | %s |\n", mdsafe.Code(ns.ID), mdsafe.Link(ns.Title, ns.URL), mdsafe.Text(orDash(ns.Published)))
		}
	}
}

func (r *Report) mdHealth(b *bytes.Buffer) {
	b.WriteString("\n## Publisher health\n")
	for _, res := range r.Results {
		fmt.Fprintf(b, "\n### %s: %s\n\n", mdsafe.Text(res.ID), mdsafe.Text(string(res.Status)))
		if res.URL != "" { // else an invalid definition: nothing was fetched
			mdHealthOf(b, res)
		}
		if res.Err != nil {
			fmt.Fprintf(b, "- error: %s\n", mdsafe.Text(errString(res.Err)))
		}
	}
}

// mdHealthOf lists what one publisher's listing answered and kept.
func mdHealthOf(b *bytes.Buffer, res *Result) {
	h := res.Health
	fmt.Fprintf(b, "- listing (%s): %s", res.Kind, mdsafe.URL(res.URL))
	if h.FinalURL != "" && h.FinalURL != res.URL {
		fmt.Fprintf(b, " → %s", mdsafe.URL(h.FinalURL))
	}
	fmt.Fprintf(b, "; HTTP %s, %s, %d bytes in %d fetch(es), %s\n",
		orDash(strconv.Itoa(h.HTTPStatus)), orDash(mdsafe.Text(h.ContentType)), h.Bytes, h.Fetches, res.Duration.Round(time.Millisecond))
	fmt.Fprintf(b, "- entries: %d kept (expected %d to %d), %d dropped without a title or http(s) link, %d outside path_prefix; %d dated, %d with a summary\n",
		res.Items, res.MinItems, res.MaxItems, h.Dropped, h.OutsidePrefix, h.WithDate, h.WithSummary)
	if s := h.HTML; s != nil {
		fmt.Fprintf(b, "- selectors: item matched %d elements; title found in %d, link in %d, date in %d, summary in %d\n",
			s.Elements, s.Titles, s.Links, s.Dates, s.Summaries)
	}
	fmt.Fprintf(b, "- keywords kept %d; %d already recorded; %d new\n", res.Matched, res.Duplicates, len(res.New))
	if h.Sample != "" {
		fmt.Fprintf(b, "- first entry: %s\n", mdsafe.Text(h.Sample))
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func orDash(s string) string {
	if s == "" || s == "0" {
		return "–"
	}
	return s
}
