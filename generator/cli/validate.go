package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/publish"
	"github.com/interference-watch/portal/generator/scrape"
	"github.com/interference-watch/portal/generator/validate"
	"github.com/spf13/cobra"
)

func validateCmd(e *env) *cobra.Command {
	var format string
	var noDrafts bool
	c := &cobra.Command{
		Use:   "validate",
		Short: "Check every data file and report every problem with file, line and field",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" && format != "github" {
				return fmt.Errorf("unknown --format %q: use text, json or github", format)
			}
			d, probs, err := validate.Run(os.DirFS(e.root), "data", validate.Options{Now: e.now(), NoDrafts: noDrafts})
			if err != nil {
				return err
			}
			defs, err := scrape.LoadPublishers(os.DirFS(e.root), "data")
			if err != nil {
				return err
			}
			probs = append(probs, defs.Problems...)
			probs = dataset.SortProblems(append(probs, publish.CheckFiles(e.root)...)) // links, pipes, huge files in content/, site/
			warnings := validate.Warnings(os.DirFS(e.root), d)                         // stale or unstamped translations
			if err := writeProblems(e.stdout, format, dataset.SortProblems(append(slices.Clip(probs), warnings...))); err != nil {
				return err
			}
			if len(warnings) > 0 {
				fmt.Fprintf(e.stderr, "%s (they do not fail validation)\n", plural(len(warnings), "warning", "warnings"))
			}
			if len(d.Drafts) > 0 && !noDrafts {
				var where []string
				for _, m := range d.Drafts {
					where = append(where, m.Path)
				}
				fmt.Fprintf(e.stderr, "%s, not published: %s\n", plural(len(d.Drafts), "draft", "drafts"), strings.Join(where, ", "))
			}
			if len(probs) > 0 {
				fmt.Fprintln(e.stderr, plural(len(probs), "problem", "problems"))
				return ErrProblems
			}
			if format == "text" {
				n := 0
				for _, c := range d.Counts() {
					n += c
				}
				fmt.Fprintf(e.stderr, "ok: %d records, no problems\n", n)
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output format: text, json or github (workflow annotations)")
	c.Flags().BoolVar(&noDrafts, "no-drafts", false, "report every draft as a problem (for CI on the main branch)")
	return c
}

func writeProblems(w io.Writer, format string, probs []dataset.Problem) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if probs == nil {
			probs = []dataset.Problem{}
		}
		return enc.Encode(probs)
	case "github":
		for _, p := range probs {
			msg := p.Message
			if p.Field != "" {
				msg = p.Field + ": " + msg
			}
			level, title := "error", "invalid data"
			if p.Warning {
				level, title = "warning", "translation to check"
			}
			fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level, ghProp(p.Path), max(p.Line, 1), max(p.Col, 1),
				ghProp(title), ghData(msg))
		}
		return nil
	}
	for _, p := range probs {
		fmt.Fprintln(w, p.String())
	}
	return nil
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
