package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/interference-watch/portal/generator/linkcheck"
	"github.com/interference-watch/portal/generator/validate"
	"github.com/spf13/cobra"
)

// checkLinksFlags are the options of portal check-links.
type checkLinksFlags struct {
	report, state string
	recheck       time.Duration
	writeArchives bool
	saveMissing   bool
}

// linkDeps are what check-links reaches the network with.
type linkDeps struct {
	newGetter newGetterFunc
	wayback   string // the Wayback availability API endpoint
	save      string // the Wayback Save Page Now endpoint
}

// linkMaxBody caps what is read of a checked page; a larger page still
// counts as live.
const linkMaxBody = 2 << 20

func checkLinksCmd(e *env) *cobra.Command {
	return newCheckLinksCmd(e, linkDeps{newGetter: e.politeGetter, wayback: linkcheck.DefaultWayback, save: linkcheck.DefaultWaybackSave})
}

func newCheckLinksCmd(e *env, deps linkDeps) *cobra.Command {
	var f checkLinksFlags
	c := &cobra.Command{
		Use:   "check-links",
		Short: "Check that every source's URL still answers, and suggest archived copies",
		Long: `Fetch the url of every data/sources record, politely (robots.txt, one
request at a time per host, retries), and record each outcome in a state file.
A link is dead when it answers 4xx or 5xx, or not at all, after retries. For
each source without an archive_url, the Wayback Machine is asked for a snapshot
to suggest. Data files are not edited unless --write-archives is given: then
each suggested snapshot (an https address on web.archive.org only) is added
as archive_url to the source's file, one line, for a pull request to review;
with --save-missing, the Wayback Machine is also asked to archive each source
it holds no copy of. Dead links, redirects and suggestions go to the markdown
report. Exit status 1 when a link is dead.`,
		Example: `  portal check-links --report link-report.md`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.checkLinks(cmd, f, deps)
		},
	}
	c.Flags().StringVar(&f.report, "report", "", "write the markdown report to this file")
	c.Flags().StringVar(&f.state, "state", "", "the state file (default <root>/.cache/link-status.json)")
	c.Flags().DurationVar(&f.recheck, "recheck-after", 0, "reuse a live link's last check if younger than this (0 checks every link)")
	c.Flags().BoolVar(&f.writeArchives, "write-archives", false, "add each suggested Wayback snapshot as archive_url to its source file")
	c.Flags().BoolVar(&f.saveMissing, "save-missing", false, "with --write-archives: ask the Wayback Machine to archive sources it holds no copy of")
	return c
}

func (e *env) checkLinks(cmd *cobra.Command, f checkLinksFlags, deps linkDeps) error {
	d, probs, err := validate.Run(os.DirFS(e.root), "data", validate.Options{Now: e.now()})
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		fmt.Fprintf(e.stderr, "warning: %s in the data (run portal validate); checking the sources that could be read\n", plural(len(probs), "problem", "problems"))
	}
	if f.state == "" {
		f.state = filepath.Join(e.root, ".cache", "link-status.json")
	}
	st, err := linkcheck.LoadState(f.state)
	if err != nil {
		return err
	}
	g, err := deps.newGetter(linkMaxBody)
	if err != nil {
		return fmt.Errorf("check-links: %w", err)
	}
	cfg := linkcheck.Config{Fetcher: g, Wayback: deps.wayback, Now: e.now, Recheck: f.recheck}
	rep, checkErr := linkcheck.Check(cmd.Context(), cfg, d.Sources, st)
	if checkErr == nil && rep.NetworkDown() {
		// Nothing learned: keep the state as it was, write no report.
		fmt.Fprintf(e.stderr, "check-links: every link failed at the network level, so nothing was marked and no report written; first: %s\n", rep.Results[0].Link.Error)
		return ErrNetworkDown
	}
	if err := st.Save(); err != nil {
		return err
	}
	if checkErr != nil {
		return checkErr
	}
	if f.writeArchives {
		save := ""
		if f.saveMissing {
			save = deps.save
		}
		rep.Proposals = linkcheck.ProposeArchives(cmd.Context(), cfg, e.root, rep, save)
	}
	return e.linkReport(rep, f.report)
}

// linkReport prints the counts, writes the markdown report if asked, and
// lists dead links on stderr; it returns ErrProblems if any.
func (e *env) linkReport(rep *linkcheck.Report, path string) error {
	rows := []count{
		{string(linkcheck.Live), rep.Count(linkcheck.Live)}, {string(linkcheck.Redirected), rep.Count(linkcheck.Redirected)},
		{string(linkcheck.Dead), rep.Count(linkcheck.Dead)}, {"missing once", rep.Count(linkcheck.Missing)},
		{string(linkcheck.Failing), rep.Count(linkcheck.Failing)}, {string(linkcheck.Unreachable), rep.Count(linkcheck.Unreachable)},
		{"not checked (robots.txt)", rep.Count(linkcheck.Blocked)},
		{"archive suggestions", len(rep.Suggestions())},
	}
	if err := table(e.stdout, fmt.Sprintf("Link check: %d sources", len(rep.Results)), "verdict", rows); err != nil {
		return err
	}
	if path != "" {
		if err := rep.WriteFile(path); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "wrote %s\n", path)
	}
	dead := 0
	for _, r := range rep.Results {
		if r.Link.Verdict == linkcheck.Dead {
			dead++
			fmt.Fprintf(e.stderr, "%s: url: dead link %s: %s\n", r.Source.Path, linkcheck.CheckedURL(r.Source), r.Link.Error)
		}
	}
	if dead > 0 {
		return ErrProblems
	}
	return nil
}
