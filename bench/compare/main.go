// Command compare measures the targets of the foundation: a full portal
// build of a synthetic dataset against bare Hugo rendering as many minimal
// pages, in wall time and peak RSS, each in its own process; and load +
// validate time. Run it with bench/run.sh.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/olekukonko/tablewriter"
)

type result struct {
	wall time.Duration
	rss  int64 // KiB
}

func main() {
	campaigns := flag.Int("campaigns", 10000, "campaigns in the synthetic dataset (sources are 5x)")
	work := flag.String("work", filepath.Join(os.TempDir(), "portal-bench"), "working folder, kept between runs")
	runs := flag.Int("runs", 1, "runs of each build; the best is kept")
	flag.Parse()
	if err := run(*campaigns, *work, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func run(n int, work string, runs int) error {
	bin := filepath.Join(work, "bin")
	for _, c := range [][]string{{"-o", filepath.Join(bin, "portal"), "./cmd/portal"}, {"-o", filepath.Join(bin, "barehugo"), "./bench/barehugo"}} {
		if out, err := exec.Command("go", append([]string{"build"}, c...)...).CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	proj := filepath.Join(work, fmt.Sprintf("project-%d", n))
	if _, err := os.Stat(proj); err != nil {
		if _, err := measure(filepath.Join(bin, "portal"), "synth", "--campaigns", fmt.Sprint(n), "--out", proj, "-C", "."); err != nil {
			return err
		}
	}
	for _, dir := range []string{"site", "content"} { // always the repository's current layouts and pages
		if err := os.RemoveAll(filepath.Join(proj, dir)); err != nil {
			return err
		}
		if err := os.CopyFS(filepath.Join(proj, dir), os.DirFS(dir)); err != nil {
			return err
		}
	}
	validate, err := best(runs, filepath.Join(bin, "portal"), "validate", "-C", proj)
	if err != nil {
		return err
	}
	full, err := best(runs, filepath.Join(bin, "portal"), "build", "-C", proj, "--out", filepath.Join(work, "public-full"))
	if err != nil {
		return err
	}
	pages, err := countPages(filepath.Join(work, "public-full"))
	if err != nil {
		return err
	}
	bareDir := filepath.Join(work, fmt.Sprintf("bare-%d", pages))
	if _, err := os.Stat(bareDir); err != nil { // write the minimal pages once, outside the measure
		if _, err := measure(filepath.Join(bin, "barehugo"), "-pages", fmt.Sprint(pages), "-dir", bareDir); err != nil {
			return err
		}
	}
	bare, err := best(runs, filepath.Join(bin, "barehugo"), "-pages", fmt.Sprint(pages), "-dir", bareDir)
	if err != nil {
		return err
	}
	t := tablewriter.NewWriter(os.Stdout)
	t.Header("measure", "portal", "bare hugo", "ratio", "target")
	_ = t.Append("full build wall time", full.wall.Round(time.Millisecond).String(), bare.wall.Round(time.Millisecond).String(),
		fmt.Sprintf("%.2f", float64(full.wall)/float64(bare.wall)), "<= 1.50")
	_ = t.Append("full build peak RSS", mib(full.rss), mib(bare.rss), fmt.Sprintf("%.2f", float64(full.rss)/float64(bare.rss)), "<= 1.25")
	_ = t.Append("load + validate", validate.wall.Round(time.Millisecond).String(), "", "", "<= 3s")
	_ = t.Append("pages", fmt.Sprint(pages), fmt.Sprint(pages), "", "")
	return t.Render()
}

func best(runs int, bin string, args ...string) (result, error) {
	var b result
	for i := range max(runs, 1) {
		r, err := measure(bin, args...)
		if err != nil {
			return r, err
		}
		if i == 0 || r.wall < b.wall {
			b.wall = r.wall
		}
		b.rss = max(b.rss, r.rss)
	}
	return b, nil
}

// measure runs a command and returns its wall time and peak RSS.
func measure(bin string, args ...string) (result, error) {
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	t := time.Now()
	err := cmd.Run()
	wall := time.Since(t)
	if err != nil {
		return result{}, fmt.Errorf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, stderr.String())
	}
	fmt.Fprintf(os.Stderr, "%s %s: %s", filepath.Base(bin), args[0], stderr.String())
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return result{wall: wall, rss: ru.Maxrss}, nil
}

func mib(kib int64) string { return fmt.Sprintf("%d MiB", kib/1024) }

func countPages(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, "index.html") {
			n++
		}
		return err
	})
	return n, err
}
