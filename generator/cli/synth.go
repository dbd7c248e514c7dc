package cli

import (
	"fmt"
	"path/filepath"

	"github.com/interference-watch/portal/generator/synth"
	"github.com/spf13/cobra"
)

func synthCmd(e *env) *cobra.Command {
	var n int
	var seed int64
	var out string
	c := &cobra.Command{
		Use:   "synth --campaigns N --out DIR",
		Short: "Write a deterministic synthetic project (data/, site/) for benchmarks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return fmt.Errorf("synth: pass --out <folder>")
			}
			st, err := synth.WriteProject(filepath.Clean(out), e.root, synth.Options{Campaigns: n, Seed: seed})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "wrote %d files into %s\n", st.Files, out)
			return nil
		},
	}
	c.Flags().IntVar(&n, "campaigns", 1000, "number of campaigns; sources are about five times as many")
	c.Flags().Int64Var(&seed, "seed", 1, "random seed; the same seed writes the same files")
	c.Flags().StringVar(&out, "out", "", "folder to write the project into")
	return c
}
