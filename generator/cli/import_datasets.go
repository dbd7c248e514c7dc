package cli

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/interference-watch/portal/generator/atomicfile"
	"github.com/interference-watch/portal/generator/importer"
	"github.com/spf13/cobra"
)

// importFlags are the flags the dataset importers share.
type importFlags struct {
	from, report string
	dryRun       bool
}

func (f *importFlags) add(c *cobra.Command, what string) {
	c.Flags().StringVar(&f.from, "from", "", what+" (required)")
	c.Flags().StringVar(&f.report, "report", "", "write a markdown report (a pull request's body) to this file")
	c.Flags().BoolVar(&f.dryRun, "dry-run", false, "read and report, but write no data")
	_ = c.MarkFlagRequired("from")
}

func importIncidentsCmd(e *env, newGetter newGetterFunc) *cobra.Command {
	var f importFlags
	c := &cobra.Command{
		Use:   "disarm-incidents --from FILE|URL",
		Short: "Write data/leads/ from DISARM's incidents, for review into campaigns",
		Long: `Read DISARM's master workbook (DISARM_MASTER_DATA/DISARM_DATA_MASTER.xlsx in
DISARMFoundation/DISARMframeworks) from a file or an http(s) URL and write one
lead per incident, data/leads/disarm-<id>.yaml: its name, type, year,
attributions and countries as DISARM writes them, its techniques, its
references and DISARM's summary. Leads are never published; maintainers review
them into campaigns.

Each reference URL is matched to an existing source by normalised URL; when
none has it and its publisher (an existing organization, by name or by host)
and its title are known, a source is created with status: unreviewed. Every
record made records DISARM's licence (CC BY-SA 4.0) and attribution.

Existing sources are never changed. A lead keeps its comments and the fields
the importer does not own (note, campaign); it is rewritten only when the
workbook changed, and never once its status is reviewed or rejected. The
campaigns a lead may describe (shared URLs, names, aliases, actors) are
proposed in the report, never recorded. A malformed workbook is reported by
sheet, row and column, and nothing is written.`,
		Example: `  portal import disarm-incidents --from DISARM_DATA_MASTER.xlsx --report disarm-report.md`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			data, err := readBundle(cmd.Context(), f.from, func(int64) (getter, error) { return newGetter(importer.MaxWorkbookBytes) })
			if err != nil {
				return fmt.Errorf("import disarm-incidents: %w", err)
			}
			wb, err := importer.ParseIncidents(data, filepath.Base(f.from))
			if err != nil {
				return fmt.Errorf("import disarm-incidents: %w", err)
			}
			r, err := importer.ImportIncidents(filepath.Join(e.root, "data"), wb, importer.IncidentOptions{DryRun: f.dryRun})
			if err != nil {
				return err
			}
			for _, id := range r.Created {
				fmt.Fprintf(e.stderr, "created data/leads/%s.yaml\n", id)
			}
			for _, id := range r.SourcesCreated {
				fmt.Fprintf(e.stderr, "created data/sources/%s.yaml\n", id)
			}
			if err := table(e.stdout, fmt.Sprintf("DISARM incidents import: %d incidents", len(wb.Incidents)), "result", []count{
				{"leads created", len(r.Created)}, {"leads updated", len(r.Updated)}, {"leads unchanged", len(r.Unchanged)},
				{"leads reviewed, kept", len(r.Protected)}, {"reference URLs", r.References},
				{"sources created", len(r.SourcesCreated)}, {"sources matched", len(r.SourcesMatched)},
				{"refs without publisher", sumCounts(r.NoPublisher)}, {"refs without title", r.NoTitle},
				{"matches proposed", len(r.Proposals)}, {"cells skipped", len(r.Warnings)},
			}); err != nil {
				return err
			}
			return writeReport(f.report, importer.IncidentsReport(r, f.from))
		},
	}
	f.add(c, "the workbook: a file path or an http(s) URL")
	return c
}

func sumCounts(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// writeReport writes a markdown report when a path is given.
func writeReport(path, body string) error {
	if path == "" {
		return nil
	}
	if err := atomicfile.Replace(path, []byte(body), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func importMetaCmd(e *env, newGetter newGetterFunc) *cobra.Command {
	var f importFlags
	c := &cobra.Command{
		Use:   "meta-indicators --from DIR|URL",
		Short: "Write data/indicators/ from Meta's published threat indicators, for mapped campaigns",
		Long: `Read Meta's threat-research repository (facebook/threat-research): index.json
and the CSV files under indicators/csv, in both of Meta's schemas, from a
checkout (DIR) or over http(s) (URL: the repository's raw root; then only the
files index.json or the mapping names are read).

data/` + importer.MappingPath + ` says which networks (CSV files) are which
campaigns, with the evidence; maintainers write it. For each mapped network the
campaign's data/indicators/<campaign>.yaml gets a set: the indicators (domains,
URLs, IP and e-mail addresses, checked and normalised, duplicates merged, no
private or reserved address), who reported them, when, and a source for the
file (matched by normalised URL, else created unreviewed). Values that are not
valid indicators are reported, not imported; unmapped networks are listed in
the report as leads. A malformed file is reported by file, row and column, and
nothing is written.`,
		Example: `  portal import meta-indicators --from ../threat-research --report meta-report.md`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			maps, err := importer.ReadMapping(filepath.Join(e.root, "data"))
			if err != nil {
				return fmt.Errorf("import meta-indicators: %w", err)
			}
			var files importer.MetaFiles
			if strings.HasPrefix(f.from, "http://") || strings.HasPrefix(f.from, "https://") {
				g, err := newGetter(importer.MaxCSVBytes)
				if err != nil {
					return err
				}
				files = remoteFiles{ctx: cmd.Context(), g: g, base: strings.TrimSuffix(f.from, "/") + "/"}
			} else {
				files = importer.DirFiles{FS: os.DirFS(f.from)}
			}
			var extra []string
			for _, m := range maps {
				extra = append(extra, m.File)
			}
			_, nets, err := importer.ParseMeta(files, extra)
			if err != nil {
				return fmt.Errorf("import meta-indicators: %w", err)
			}
			r, err := importer.ImportMeta(filepath.Join(e.root, "data"), nets, maps, f.dryRun)
			if err != nil {
				return fmt.Errorf("import meta-indicators: %w", err)
			}
			imported := 0
			for _, m := range r.Mapped {
				imported += len(m.Network.Indicators)
			}
			for _, id := range r.Files.Created {
				fmt.Fprintf(e.stderr, "created data/indicators/%s.yaml\n", id)
			}
			for _, id := range r.Files.Updated {
				fmt.Fprintf(e.stderr, "updated data/indicators/%s.yaml\n", id)
			}
			if err := table(e.stdout, fmt.Sprintf("Meta indicators import: %d networks", r.Networks), "result", []count{
				{"networks mapped", len(r.Mapped)}, {"networks unmapped", len(r.Unmapped)}, {"indicators imported", imported},
				{"files created", len(r.Files.Created)}, {"files updated", len(r.Files.Updated)}, {"files unchanged", len(r.Files.Unchanged)},
				{"sources created", len(r.SourcesCreated)}, {"sources matched", len(r.SourcesMatched)}, {"invalid values", len(r.Invalid)},
			}); err != nil {
				return err
			}
			return writeReport(f.report, importer.MetaReportMarkdown(r, f.from))
		},
	}
	f.add(c, "a checkout of the repository, or its raw http(s) root")
	return c
}

// remoteFiles reads the repository over http(s), politely.
type remoteFiles struct {
	ctx  context.Context
	g    getter
	base string
}

func (r remoteFiles) Read(name string, max int64) ([]byte, error) {
	segs := strings.Split(name, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	res, err := r.g.Get(r.ctx, r.base+strings.Join(segs, "/"))
	if err != nil {
		return nil, err
	}
	if int64(len(res.Body)) > max {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, max)
	}
	return res.Body, nil
}

func (remoteFiles) List() ([]string, error) { return nil, nil }
