package cli

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/interference-watch/portal/generator/publish"
	"github.com/spf13/cobra"
)

type buildFlags struct {
	out     string
	baseURL string
	repo    string
}

func (f *buildFlags) register(c *cobra.Command, out string) {
	c.Flags().StringVar(&f.out, "out", out, "the folder to publish the site into (replaced whole on success)")
	c.Flags().StringVar(&f.baseURL, "base-url", "", "the site's public URL, such as https://example.org/portal/")
	c.Flags().StringVar(&f.repo, "repo", "", "repository URL for \"edit this record\" links, such as https://github.com/OWNER/REPO")
}

func (e *env) config(f buildFlags) publish.Config {
	out := f.out
	if !filepath.IsAbs(out) {
		out = filepath.Join(e.root, out)
	}
	return publish.Config{Root: e.root, Out: out, BaseURL: f.baseURL, Now: e.now(), Log: e.stderr, Version: Version, Repo: f.repo}
}

func buildCmd(e *env) *cobra.Command {
	var f buildFlags
	c := &cobra.Command{
		Use:   "build",
		Short: "Validate the data and build the static site; invalid data publishes nothing",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg := e.config(f)
			rep, err := publish.Build(cfg)
			if err != nil {
				return e.buildError(err)
			}
			// Said once the site is built, so a refused or failed build
			// says only why.
			siteBase, _ := publish.SiteBaseURL(e.root)
			if base := cmp.Or(f.baseURL, siteBase); loopback(base) {
				fmt.Fprintf(e.stderr, "warning: the base URL %s is a loopback address, so every permalink, feed and sitemap will point at this machine; pass --base-url https://your.site/ to publish\n", base)
			}
			fmt.Fprintf(e.stderr, "built %d pages from %d records into %s in %s (load %s, stage %s, downloads and search index %s alongside, hugo %s, swap %s)\n",
				rep.Pages, rep.Records, cfg.Out, rep.Total.Round(1e6), rep.Load.Round(1e6), rep.Stage.Round(1e6), rep.Files.Round(1e6), rep.Hugo.Round(1e6), rep.Swap.Round(1e6))
			return nil
		},
	}
	f.register(c, "public")
	return c
}

// loopback reports whether raw's host is localhost or a loopback address.
func loopback(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// buildError prints the problems of invalid data and turns them into
// ErrProblems; other errors pass through.
func (e *env) buildError(err error) error {
	var inv *publish.InvalidError
	if errors.As(err, &inv) {
		e.lastProblems = inv.Problems
		_ = writeProblems(e.stdout, "text", inv.Problems)
		fmt.Fprintln(e.stderr, inv.Error())
		return ErrProblems
	}
	return err
}
