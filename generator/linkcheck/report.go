package linkcheck

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/mdsafe"
)

// Count is how many sources got verdict v.
func (r *Report) Count(v Verdict) int {
	n := 0
	for _, res := range r.Results {
		if res.Link.Verdict == v {
			n++
		}
	}
	return n
}

// Suggestions lists the sources without archive_url for which the
// Wayback Machine holds a copy.
func (r *Report) Suggestions() []Result {
	return r.filter(func(res Result) bool { return res.Source.ArchiveURL == "" && res.Link.Archive != "" })
}

func (r *Report) filter(keep func(Result) bool) []Result {
	var out []Result
	for _, res := range r.Results {
		if keep(res) {
			out = append(out, res)
		}
	}
	return out
}

func (r *Report) verdict(v Verdict) []Result {
	return r.filter(func(res Result) bool { return res.Link.Verdict == v })
}

// WriteMarkdown writes the report as a markdown document, fit for a pull
// request body: a summary line, then dead links, redirects, links
// robots.txt kept us from checking, archive suggestions and failed
// archive lookups.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Link check\n\n%s, %d source links: %d live, %d redirected, %d dead, %d missing once, %d failing, %d unreachable, %d not checked; %d archive suggestions.\n",
		r.Checked.UTC().Format(time.DateTime+" UTC"), len(r.Results), r.Count(Live), r.Count(Redirected),
		r.Count(Dead), r.Count(Missing), r.Count(Failing), r.Count(Unreachable), r.Count(Blocked), len(r.Suggestions()))
	gone := func(res Result) []string {
		return []string{mdsafe.Text(res.Link.Error), res.Link.DeadSince.UTC().Format(time.DateOnly)}
	}
	section(&b, "Dead links", "These answered 404 or 410 on this run and the one before. Check each; add an archive_url if the document is gone.",
		[]string{"source", "file", "url", "problem", "missing since"}, r.verdict(Dead), gone)
	section(&b, "Missing once", "These answered 404 or 410 on this run only; the next run calls them dead if they still do.",
		[]string{"source", "file", "url", "problem", "missing since"}, r.verdict(Missing), gone)
	section(&b, "Failing", "These answered with another error (a server error, a refusal) after retries, or their robots.txt could not be read. Not dead: the site may be down for a while.",
		[]string{"source", "file", "url", "problem"}, r.verdict(Failing), func(res Result) []string { return []string{mdsafe.Text(res.Link.Error)} })
	section(&b, "Unreachable", "No answer at all (DNS, connection, TLS or timeout). Not dead: the network may be at fault.",
		[]string{"source", "file", "url", "problem"}, r.verdict(Unreachable), func(res Result) []string { return []string{mdsafe.Text(res.Link.Error)} })
	section(&b, "Redirects", "These moved. Consider citing the new address.",
		[]string{"source", "file", "url", "now at"}, r.verdict(Redirected), func(res Result) []string {
			return []string{mdsafe.URL(res.Link.FinalURL)}
		})
	section(&b, "Not checked", "robots.txt forbids our crawler to fetch these.",
		[]string{"source", "file", "url"}, r.verdict(Blocked), func(Result) []string { return nil })
	section(&b, "Archive suggestions", "The Wayback Machine holds a copy of these sources, which have no archive_url. Open each copy; if it shows the document, add it as archive_url.",
		[]string{"source", "file", "url", "suggested archive_url"}, r.Suggestions(), func(res Result) []string {
			return []string{mdsafe.URL(res.Link.Archive)}
		})
	if len(r.Proposals) > 0 {
		fmt.Fprintf(&b, "\n## Archived copies proposed (%d)\n\n", len(r.Proposals))
		b.WriteString("archive_url was added to the sources marked added, from the Wayback Machine's closest snapshot: open each before merging. For those marked requested, the archive held no copy and a save was asked for; the next run proposes it.\n\n")
		b.WriteString("| source | file | url | archive_url | outcome |\n|---|---|---|---|---|\n")
		for _, p := range r.Proposals {
			outcome := "added"
			switch {
			case p.Requested:
				outcome = "save requested"
			case p.Err != "":
				outcome = "not added: " + p.Err
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", mdsafe.Code(p.Source.ID), mdsafe.Code(p.Source.Path),
				mdsafe.URL(CheckedURL(p.Source)), mdsafe.URL(p.Link.Archive), mdsafe.Text(outcome))
		}
	}
	if failed := r.filter(func(res Result) bool { return res.ArchiveErr != "" }); len(failed) > 0 {
		section(&b, "Archive lookups that failed", "", []string{"source", "file", "url", "problem"}, failed,
			func(res Result) []string { return []string{mdsafe.Text(res.ArchiveErr)} })
	}
	_, err := w.Write(b.Bytes())
	return err
}

// section writes a markdown table of results, or "None." when empty;
// extra gives the cells after source, file and url, already made safe
// with mdsafe (every value in a report is untrusted).
func section(b *bytes.Buffer, title, intro string, header []string, rows []Result, extra func(Result) []string) {
	fmt.Fprintf(b, "\n## %s (%d)\n\n", title, len(rows))
	if len(rows) == 0 {
		b.WriteString("None.\n")
		return
	}
	if intro != "" {
		b.WriteString(intro + "\n\n")
	}
	b.WriteString("| " + strings.Join(header, " | ") + " |\n")
	b.WriteString(strings.Repeat("|---", len(header)) + "|\n")
	for _, res := range rows {
		cells := append([]string{mdsafe.Code(res.Source.ID), mdsafe.Code(res.Source.Path), mdsafe.URL(CheckedURL(res.Source))}, extra(res)...)
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
}

// WriteFile writes the markdown report to path atomically.
func (r *Report) WriteFile(path string) error {
	var b bytes.Buffer
	if err := r.WriteMarkdown(&b); err != nil {
		return err
	}
	if err := writeAtomic(path, b.Bytes()); err != nil {
		return fmt.Errorf("linkcheck: write report %s: %w", path, err)
	}
	return nil
}

// NetworkDown reports whether every link checked in this run failed at
// the network level: then the run learned nothing about the links.
func (r *Report) NetworkDown() bool {
	fresh := 0
	for _, res := range r.Results {
		if !res.Fresh {
			continue
		}
		fresh++
		if res.Link.Verdict != Unreachable {
			return false
		}
	}
	return fresh > 0
}
