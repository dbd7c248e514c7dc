package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/interference-watch/portal/generator/fetch"
	"github.com/interference-watch/portal/generator/importer"
	"github.com/spf13/cobra"
)

// getter is the part of *fetch.Client the network commands use; tests
// pass a client that may reach httptest servers.
type getter interface {
	Get(ctx context.Context, rawURL string) (*fetch.Result, error)
}

// newGetterFunc makes the getter for one command run; maxBody caps
// response bodies, 0 meaning fetch's default.
type newGetterFunc func(maxBody int64) (getter, error)

// politeGetter makes the project's fetch client, which names the site in
// its User-Agent.
func (e *env) politeGetter(maxBody int64) (getter, error) {
	site := siteURL(e.root)
	if site == "" {
		return nil, fmt.Errorf("no usable baseURL in %s: the bot's User-Agent links to the site",
			filepath.Join(e.root, "site", "hugo.toml"))
	}
	c, err := fetch.New(fetch.Config{Version: Version, SiteURL: site, MaxBody: maxBody})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// disarmMaxBody caps the downloaded bundle; the 2024 one is under 1 MiB.
const disarmMaxBody = 32 << 20

func importCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "import",
		Short: "Create or update records from public curated datasets",
		Args:  cobra.NoArgs,
	}
	c.AddCommand(importDisarmCmd(e, e.politeGetter))
	c.AddCommand(importIncidentsCmd(e, e.politeGetter))
	c.AddCommand(importMetaCmd(e, e.politeGetter))
	return c
}

func importDisarmCmd(e *env, newGetter newGetterFunc) *cobra.Command {
	var from string
	c := &cobra.Command{
		Use:   "disarm --from FILE|URL",
		Short: "Write data/techniques/ from the DISARM framework's STIX 2.1 bundle",
		Long: `Read the DISARM framework's STIX 2.1 bundle (DISARM.json in the
generated_files folder of DISARMFoundation/DISARMframeworks) from a file or an
http(s) URL and write one data/techniques/<ID>.yaml per technique: its name,
tactic and the URL of DISARM's page about it. DISARM's descriptions are not
copied; the site links to them.

Existing files keep every comment and every field the importer does not own;
name, tactic and url change only when they differ from the bundle, and a file
with nothing to change is not rewritten. A file marked status: reviewed is
never touched, and no file is deleted. Revoked and deprecated techniques, and
any without a T-id, are skipped and counted.`,
		Example: `  portal import disarm --from DISARM.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			data, err := readBundle(cmd.Context(), from, newGetter)
			if err != nil {
				return fmt.Errorf("import disarm: %w", err)
			}
			return e.importDisarm(data)
		},
	}
	c.Flags().StringVar(&from, "from", "", "the bundle: a file path or an http(s) URL (required)")
	_ = c.MarkFlagRequired("from")
	return c
}

// readBundle reads from, a file path or an http(s) URL fetched politely.
func readBundle(ctx context.Context, from string, newGetter newGetterFunc) ([]byte, error) {
	if !strings.HasPrefix(from, "http://") && !strings.HasPrefix(from, "https://") {
		return os.ReadFile(from)
	}
	g, err := newGetter(disarmMaxBody)
	if err != nil {
		return nil, err
	}
	res, err := g.Get(ctx, from)
	if err != nil {
		return nil, err
	}
	if res.NotModified {
		return nil, errors.New(from + ": answered 304 Not Modified to a request that asked for the body")
	}
	return res.Body, nil
}

// importDisarm writes the techniques of a bundle and reports what it did:
// each file created or updated on stderr, the counts as a table on stdout.
func (e *env) importDisarm(data []byte) error {
	fw, err := importer.ParseDISARM(data)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	r, writeErr := importer.Write(filepath.Join(e.root, "data", "techniques"), fw.Techniques)
	if r == nil {
		return writeErr
	}
	for _, l := range []struct {
		verb string
		ids  []string
	}{{"created", r.Created}, {"updated", r.Updated}} {
		for _, id := range l.ids {
			fmt.Fprintf(e.stderr, "%s data/techniques/%s.yaml\n", l.verb, id)
		}
	}
	if err := importTable(e.stdout, fw, r); err != nil {
		return err
	}
	return writeErr
}

// importTable prints the counts of an import.
func importTable(w io.Writer, fw *importer.Framework, r *importer.Result) error {
	rows := []count{
		{"created", len(r.Created)}, {"updated", len(r.Updated)}, {"unchanged", len(r.Unchanged)},
		{"skipped: " + importer.SkipNoID, fw.Skipped[importer.SkipNoID]},
		{"skipped: " + importer.SkipRevoked, fw.Skipped[importer.SkipRevoked]},
		{"skipped: " + importer.SkipDeprecated, fw.Skipped[importer.SkipDeprecated]},
	}
	for _, reason := range []string{importer.SkipNoName, importer.SkipNoTactic, importer.SkipDuplicate} {
		if n := fw.Skipped[reason]; n > 0 {
			rows = append(rows, count{"skipped: " + reason, n})
		}
	}
	for _, extra := range []count{
		{"kept: status reviewed", len(r.Reviewed)}, {"failed", len(r.Failed)}, {"not in the bundle, kept", len(r.LocalOnly)},
	} {
		if extra.n > 0 {
			rows = append(rows, extra)
		}
	}
	return table(w, fmt.Sprintf("DISARM import: %d attack-patterns", fw.AttackPatterns), "result", rows)
}
