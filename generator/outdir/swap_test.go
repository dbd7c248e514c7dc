package outdir

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test re-run this binary as a build that it kills with
// SIGKILL at one step of the swap: OUTDIR_TEST_SWAP=dst,step,mode.
func TestMain(m *testing.M) {
	if spec := os.Getenv("OUTDIR_TEST_SWAP"); spec != "" {
		os.Exit(childSwap(spec))
	}
	os.Exit(m.Run())
}

func childSwap(spec string) int {
	f := strings.Split(spec, ",")
	dst, at, mode := f[0], f[1], f[2]
	if mode == "symlink" {
		exchange = nil
	}
	if mode == "unsupported" { // a kernel or file system that refuses
		exchange = func(a, b string) error { return errNoExchange }
	}
	stepHook = func(s string) {
		if s == at {
			fmt.Println("at " + s)
			select {} // until killed
		}
	}
	src, lock, err := Prepare(dst)
	if err == nil {
		if at == "building" {
			stepHook(at)
		}
		err = writeSite(src, "new")
	}
	if err == nil {
		err = Swap(src, dst)
	}
	_ = lock.Unlock()
	if err != nil {
		fmt.Println("error:", err)
		return 3
	}
	fmt.Println("done")
	return 0
}

// writeSite writes a small site whose every file says which build it is.
func writeSite(dir, which string) error {
	for _, p := range []string{"index.html", "a/index.html", "a/b/c.json", Marker} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(which), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// siteIs returns which build dst holds, "" if none, or an error if it is
// incomplete or mixed.
func siteIs(dst string) (string, error) {
	if _, err := os.Lstat(dst); errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	seen := ""
	for _, p := range []string{"index.html", "a/index.html", "a/b/c.json", Marker} {
		b, err := os.ReadFile(filepath.Join(dst, p))
		if err != nil {
			return "", err
		}
		if seen != "" && string(b) != seen {
			return "", fmt.Errorf("mixed site: %s is %q, others %q", p, b, seen)
		}
		seen = string(b)
	}
	return seen, nil
}

// runChild runs a child build of dst and kills it with SIGKILL at step
// at; it reports whether the child reached the step (false when it
// finished without passing there).
func runChild(t *testing.T, dst, at, mode string) bool {
	t.Helper()
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), "OUTDIR_TEST_SWAP="+dst+","+at+","+mode)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	_ = child.Process.Signal(syscall.SIGKILL)
	_ = child.Wait()
	switch line {
	case "at " + at + "\n":
		return true
	case "done\n":
		return false
	}
	t.Fatalf("child at %s (%s): %q", at, mode, line)
	return false
}

// TestSwapSurvivesSIGKILLAtEveryStep kills a build with SIGKILL before
// the swap and after every step of it, over no site, a site folder and
// (for the fallback) a symlinked site, with the kernel's exchange, with
// a kernel that refuses it, and where there is none (symlinks). After each kill the output is the old site
// or the new one, whole; the one gap, the fallback's first swap over a
// real folder, is closed by the next start's Sweep. After Sweep nothing
// but the site is left beside it, and the next build swaps cleanly.
func TestSwapSurvivesSIGKILLAtEveryStep(t *testing.T) {
	steps := []string{"building", "renamed", "exchanged", "linked", "parked", "flipped"}
	for _, mode := range []string{"exchange", "symlink", "unsupported"} {
		for _, start := range []string{"none", "folder", "symlink"} {
			if start == "symlink" && mode == "exchange" {
				continue
			}
			for _, at := range steps {
				name := mode + "/" + start + "/" + at
				root := t.TempDir()
				dst := filepath.Join(root, "public")
				switch start {
				case "folder":
					if err := writeSite(dst, "old"); err != nil {
						t.Fatal(err)
					}
				case "symlink": // left by an earlier fallback swap
					if runChild(t, dst, "never", "symlink") {
						t.Fatal("setup build stopped")
					}
					if err := writeSite(dst, "old"); err != nil { // through the link
						t.Fatal(err)
					}
				}
				want := map[string]bool{"old": start != "none", "": start == "none", "new": true}
				if !runChild(t, dst, at, mode) {
					// The child never passed this step; check the finished swap.
					want = map[string]bool{"new": true}
				}
				got, err := siteIs(dst)
				gap := mode != "exchange" && start == "folder" && at == "parked"
				if err != nil || !want[got] && !(gap && got == "") {
					t.Errorf("%s: after SIGKILL public is %q, %v", name, got, err)
				}
				done, err := Sweep(dst)
				if err != nil {
					t.Errorf("%s: Sweep: %v", name, err)
				}
				if got2, err := siteIs(dst); err != nil || !want[got2] || (got != "" && got2 != got) {
					t.Errorf("%s: after Sweep (%v) public is %q, %v; before %q", name, done, got2, err, got)
				}
				assertOnlySite(t, name, root)
				// And the next build goes through.
				if runChild(t, dst, "never", mode) {
					t.Fatalf("%s: next build stopped", name)
				}
				if got, err := siteIs(dst); err != nil || got != "new" {
					t.Errorf("%s: next build: public is %q, %v", name, got, err)
				}
				assertOnlySite(t, name+" then a build", root)
			}
		}
	}
}

// assertOnlySite checks that root holds public and, when public is a
// symlink, only the folder it points to.
func assertOnlySite(t *testing.T, name, root string) {
	t.Helper()
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{}
	if _, err := os.Lstat(filepath.Join(root, "public")); err == nil {
		want = append(want, "public")
	}
	if target, err := os.Readlink(filepath.Join(root, "public")); err == nil {
		want = append(want, target)
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("%s: beside the site: %v, want %v", name, names, want)
	}
}

// TestSweepSparesRunningBuild: a folder being built, in this process or
// another, is locked and survives a Sweep; once released it is debris.
func TestSweepSparesRunningBuild(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "public")
	src, lock, err := Prepare(dst)
	if err != nil {
		t.Fatal(err)
	}
	if done, err := Sweep(dst); err != nil || len(done) > 0 {
		t.Errorf("Sweep during a build: %v, %v", done, err)
	}
	if _, err := os.Stat(src); err != nil {
		t.Fatal(err)
	}
	lock.Unlock()
	if done, err := Sweep(dst); err != nil || !slices.Equal(done, []string{src}) {
		t.Errorf("Sweep after the build died: %v, %v", done, err)
	}
}

// TestSweepRemovesEarlierDebris: the folders earlier versions left after
// a crash (".public.new-N", "public.old-.public.new-N") go; look-alike
// names stay; a missing public/ gets its parked site back.
func TestSweepRemovesEarlierDebris(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	for _, d := range []string{".public.new-1", "public.old-.public.new-2", "public.old-3", ".public.site-4", "public.old", "public-backup", ".public.new-x"} {
		if err := writeSite(filepath.Join(root, d), d); err != nil {
			t.Fatal(err)
		}
	}
	symlink(t, ".public.site-4", filepath.Join(root, ".public.link-5"))
	if done, err := Sweep(dst); err != nil || len(done) != 5 || !strings.HasPrefix(done[0], "restored ") {
		t.Errorf("Sweep = %v, %v", done, err)
	}
	if got, err := siteIs(dst); err != nil || !strings.HasPrefix(got, "public.old-") {
		t.Errorf("public = %q, %v; want a parked site put back", got, err)
	}
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".public.new-x", "public", "public-backup", "public.old"}; !slices.Equal(names, want) {
		t.Errorf("left: %v, want %v", names, want)
	}
}

// TestSwapNeverFollowsAReplacedSymlink: when public is a symlink to a
// folder elsewhere, the swap replaces the link and leaves that folder.
func TestSwapNeverFollowsAReplacedSymlink(t *testing.T) {
	for _, mode := range []string{"exchange", "symlink"} {
		root, elsewhere := t.TempDir(), t.TempDir()
		if err := writeSite(elsewhere, "mine"); err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(root, "public")
		symlink(t, elsewhere, dst)
		if mode == "symlink" {
			old := exchange
			exchange = nil
			t.Cleanup(func() { exchange = old })
		}
		src, lock, err := Prepare(dst)
		if err != nil {
			t.Fatal(err)
		}
		if err := writeSite(src, "new"); err != nil {
			t.Fatal(err)
		}
		if err := Swap(src, dst); err != nil {
			t.Fatal(err)
		}
		lock.Unlock()
		if got, err := siteIs(dst); err != nil || got != "new" {
			t.Errorf("%s: public = %q, %v", mode, got, err)
		}
		if got, err := siteIs(elsewhere); err != nil || got != "mine" {
			t.Errorf("%s: the folder the old link pointed to = %q, %v", mode, got, err)
		}
	}
}

// TestSessionRemovesDeadProcessesFolders: a session folder whose process
// was killed goes at the next Session; a live one stays.
func TestSessionRemovesDeadProcessesFolders(t *testing.T) {
	parent := t.TempDir()
	live, lock, removed, err := Session(parent, "portal-schedule-")
	if err != nil || len(removed) > 0 {
		t.Fatal(removed, err)
	}
	defer lock.Unlock()
	dead := filepath.Join(parent, "portal-schedule-42")
	if err := writeSite(filepath.Join(dead, "site-7"), "half"); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(parent, "portal-schedule-notes")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, lock2, removed, err := Session(parent, "portal-schedule-")
	if err != nil {
		t.Fatal(err)
	}
	defer lock2.Unlock()
	if !slices.Equal(removed, []string{dead}) {
		t.Errorf("removed %v, want %v", removed, dead)
	}
	for _, p := range []string{live, dir, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// TestExchangeSwapsNames: where the kernel has RENAME_EXCHANGE (Linux),
// two folders trade names in one call; the crash test above relies on it.
func TestExchangeSwapsNames(t *testing.T) {
	if exchange == nil {
		t.Skip("no exchange on this system; Swap uses a symlink")
	}
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if err := writeSite(a, "a"); err != nil {
		t.Fatal(err)
	}
	if err := writeSite(b, "b"); err != nil {
		t.Fatal(err)
	}
	if err := exchange(a, b); errors.Is(err, errNoExchange) {
		t.Skip("this file system cannot exchange; Swap uses a symlink")
	} else if err != nil {
		t.Fatal(err)
	}
	if got, _ := siteIs(a); got != "b" {
		t.Errorf("a holds %q after the exchange", got)
	}
	if got, _ := siteIs(b); got != "a" {
		t.Errorf("b holds %q after the exchange", got)
	}
}

// TestRemoveWithin: a removal that cannot finish in time is reported as
// unfinished at once (the stopping serve goes on without it), one that can
// is reported done with the folder gone, and a missing folder is done.
func TestRemoveWithin(t *testing.T) {
	parent := t.TempDir()
	big := filepath.Join(parent, "portal-serve-7")
	for i := range 200 {
		d := filepath.Join(big, "build-1", strconv.Itoa(i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for j := range 50 {
			if err := os.WriteFile(filepath.Join(d, strconv.Itoa(j)+".html"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if RemoveWithin(big, 0) {
		t.Error("10,000 files removed in no time: the removal was waited for")
	}
	small := filepath.Join(parent, "portal-serve-8")
	if err := writeSite(filepath.Join(small, "site"), "s"); err != nil {
		t.Fatal(err)
	}
	if !RemoveWithin(small, time.Minute) {
		t.Error("a small folder was not removed within a minute")
	}
	if _, err := os.Stat(small); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the folder is still there: %v", err)
	}
	if !RemoveWithin(filepath.Join(parent, "never-made"), time.Second) {
		t.Error("a missing folder counts as not removed")
	}
}
