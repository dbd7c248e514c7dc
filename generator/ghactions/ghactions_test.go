package ghactions

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// repoRoot is the repository, seen from this package's folder.
const repoRoot = "../.."

// workflow is one parsed workflow file.
type workflow struct {
	file string     // path from the repository root, for messages
	doc  *yaml.Node // the top-level mapping
}

// pos formats n's position as file:line:col.
func (w workflow) pos(n *yaml.Node) string {
	return fmt.Sprintf("%s:%d:%d", w.file, n.Line, n.Column)
}

// get returns the value of key in mapping n, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// pairs returns the keys and values of mapping n in order.
func pairs(n *yaml.Node) [][2]*yaml.Node {
	var ps [][2]*yaml.Node
	if n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			ps = append(ps, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
		}
	}
	return ps
}

// steps returns the steps of job j.
func steps(j *yaml.Node) []*yaml.Node {
	if s := get(j, "steps"); s != nil && s.Kind == yaml.SequenceNode {
		return s.Content
	}
	return nil
}

func parse(file string, src []byte) (workflow, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return workflow{}, fmt.Errorf("%s: %w", file, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return workflow{}, fmt.Errorf("%s: not a YAML mapping", file)
	}
	return workflow{file: file, doc: doc.Content[0]}, nil
}

// mustWorkflows parses every workflow of the repository.
func mustWorkflows(t *testing.T) []workflow {
	t.Helper()
	var files []string
	for _, pat := range []string{"*.yml", "*.yaml"} {
		m, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no workflows found under .github/workflows")
	}
	var ws []workflow
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(repoRoot, f)
		w, err := parse(filepath.ToSlash(rel), src)
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, w)
	}
	return ws
}

// rule checks one workflow and returns its problems as file:line:col:
// message.
type rule struct {
	name  string
	check func(w workflow) []string
}

var rules = []rule{
	{"top-level permissions are empty or read-only", checkTopPermissions},
	{"actions are pinned to a commit SHA with a version comment", checkPins},
	{"no pull_request_target", checkNoPullRequestTarget},
	{"a concurrency group per workflow", checkConcurrency},
	{"timeout-minutes on every job", checkTimeouts},
	{"checkout persists no credentials unless the job pushes", checkCheckout},
	{"only the pages deploy job may write to Pages or mint OIDC tokens", checkWriteScopes},
	{"schedules run off the hour", checkSchedules},
}

func TestWorkflowsAreHardened(t *testing.T) {
	ws := mustWorkflows(t)
	for _, r := range rules {
		t.Run(r.name, func(t *testing.T) {
			for _, w := range ws {
				for _, p := range r.check(w) {
					t.Error(p)
				}
			}
		})
	}
}

func checkTopPermissions(w workflow) []string {
	perms := get(w.doc, "permissions")
	if perms == nil {
		return []string{w.file + ": no top-level permissions: set permissions: {} and grant scopes per job"}
	}
	if perms.Kind == yaml.ScalarNode && perms.Value == "read-all" {
		return nil
	}
	if perms.Kind != yaml.MappingNode {
		return []string{w.pos(perms) + ": top-level permissions: want {} or read-only scopes, got " + perms.Value}
	}
	var probs []string
	for _, p := range pairs(perms) {
		if p[1].Value != "read" && p[1].Value != "none" {
			probs = append(probs, fmt.Sprintf("%s: top-level permissions: %s: %s; grant write scopes per job", w.pos(p[1]), p[0].Value, p[1].Value))
		}
	}
	return probs
}

var (
	pinnedRe  = regexp.MustCompile(`^[\w.-]+/[\w.-]+(/[^@\s]+)?@[0-9a-f]{40}$`)
	versionRe = regexp.MustCompile(`^#\s*v\d+\.\d+\.\d+$`)
	digestRe  = regexp.MustCompile(`^docker://[^@\s]+@sha256:[0-9a-f]{64}$`)
)

// uses returns every uses: value of the workflow: reusable workflows on
// jobs and actions in steps.
func uses(w workflow) []*yaml.Node {
	var us []*yaml.Node
	for _, j := range pairs(get(w.doc, "jobs")) {
		if u := get(j[1], "uses"); u != nil {
			us = append(us, u)
		}
		for _, s := range steps(j[1]) {
			if u := get(s, "uses"); u != nil {
				us = append(us, u)
			}
		}
	}
	return us
}

func checkPins(w workflow) []string {
	var probs []string
	for _, u := range uses(w) {
		switch {
		case strings.HasPrefix(u.Value, "./"):
		case strings.HasPrefix(u.Value, "docker://"):
			if !digestRe.MatchString(u.Value) {
				probs = append(probs, w.pos(u)+": "+u.Value+": pin the image by its sha256 digest")
			}
		case !pinnedRe.MatchString(u.Value):
			probs = append(probs, w.pos(u)+": "+u.Value+": pin to a full 40-hex commit SHA")
		case !versionRe.MatchString(strings.TrimSpace(u.LineComment)):
			probs = append(probs, fmt.Sprintf("%s: %s: follow the SHA with its version as a comment, such as # v1.2.3 (got %q)", w.pos(u), u.Value, u.LineComment))
		}
	}
	return probs
}

// events returns the names of the events in on:, in any of its forms.
func events(w workflow) []*yaml.Node {
	on := get(w.doc, "on")
	switch {
	case on == nil:
		return nil
	case on.Kind == yaml.ScalarNode:
		return []*yaml.Node{on}
	case on.Kind == yaml.SequenceNode:
		return on.Content
	}
	var es []*yaml.Node
	for _, p := range pairs(on) {
		es = append(es, p[0])
	}
	return es
}

func checkNoPullRequestTarget(w workflow) []string {
	var probs []string
	for _, e := range events(w) {
		if e.Value == "pull_request_target" {
			probs = append(probs, w.pos(e)+": pull_request_target runs untrusted code with a write token; use pull_request")
		}
	}
	return probs
}

func checkConcurrency(w workflow) []string {
	c := get(w.doc, "concurrency")
	if c == nil || (c.Kind == yaml.ScalarNode && c.Value == "") || (c.Kind == yaml.MappingNode && get(c, "group") == nil) {
		return []string{w.file + ": no concurrency group"}
	}
	return nil
}

func checkTimeouts(w workflow) []string {
	var probs []string
	for _, j := range pairs(get(w.doc, "jobs")) {
		if get(j[1], "uses") == nil && get(j[1], "timeout-minutes") == nil {
			probs = append(probs, w.pos(j[0])+": job "+j[0].Value+" has no timeout-minutes")
		}
	}
	return probs
}

var (
	pushRe   = regexp.MustCompile(`\bgit\b[^\n]*\bpush\b`)
	minuteRe = regexp.MustCompile(`^([1-9]|[1-5][0-9])$`)
)

// pushes reports whether a run: step of job j pushes with git.
func pushes(j *yaml.Node) bool {
	return slices.ContainsFunc(steps(j), func(s *yaml.Node) bool {
		r := get(s, "run")
		return r != nil && pushRe.MatchString(r.Value)
	})
}

func checkCheckout(w workflow) []string {
	var probs []string
	for _, j := range pairs(get(w.doc, "jobs")) {
		if pushes(j[1]) {
			continue
		}
		for _, s := range steps(j[1]) {
			u := get(s, "uses")
			if u == nil || !strings.HasPrefix(u.Value, "actions/checkout@") {
				continue
			}
			if pc := get(get(s, "with"), "persist-credentials"); pc == nil || pc.Value != "false" {
				probs = append(probs, w.pos(u)+": job "+j[0].Value+": checkout needs persist-credentials: false")
			}
		}
	}
	return probs
}

// checkWriteScopes allows pages: write and id-token: write only on the
// deploy job of pages.yml, and write-all nowhere.
func checkWriteScopes(w workflow) []string {
	var probs []string
	for _, j := range pairs(get(w.doc, "jobs")) {
		perms := get(j[1], "permissions")
		if perms != nil && perms.Kind == yaml.ScalarNode && perms.Value == "write-all" {
			probs = append(probs, w.pos(perms)+": job "+j[0].Value+": write-all; grant only the scopes it needs")
		}
		deploy := w.file == ".github/workflows/pages.yml" && j[0].Value == "deploy"
		for _, p := range pairs(perms) {
			if (p[0].Value == "pages" || p[0].Value == "id-token") && p[1].Value == "write" && !deploy {
				probs = append(probs, fmt.Sprintf("%s: job %s: %s: write belongs to the pages deploy job only", w.pos(p[0]), j[0].Value, p[0].Value))
			}
		}
	}
	return probs
}

func checkSchedules(w workflow) []string {
	var probs []string
	sched := get(get(w.doc, "on"), "schedule")
	if sched == nil {
		return nil
	}
	for _, s := range sched.Content {
		c := get(s, "cron")
		if c == nil {
			continue
		}
		if minute := strings.Fields(c.Value); len(minute) == 0 || !minuteRe.MatchString(minute[0]) {
			probs = append(probs, fmt.Sprintf("%s: cron %q: start at one fixed minute off the hour, such as \"23 5 * * *\"", w.pos(c), c.Value))
		}
	}
	return probs
}

// TestRulesCatchMistakes runs every rule over a workflow that breaks
// them all, so a rule that can never fail does not pass unnoticed.
func TestRulesCatchMistakes(t *testing.T) {
	bad, err := parse(".github/workflows/bad.yml", []byte(`
on:
  pull_request_target:
  schedule:
    - cron: "0 * * * *"
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@44694675825211faa026b3c33043df3e48a5fa00
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if probs := r.check(bad); len(probs) == 0 {
			t.Errorf("rule %q found nothing wrong", r.name)
		}
	}
	if probs := checkPins(bad); len(probs) != 2 {
		t.Errorf("pins: %d problems, want 2 (tag, no comment): %v", len(probs), probs)
	}
}

func TestExpectedWorkflows(t *testing.T) {
	byName := map[string]workflow{}
	for _, w := range mustWorkflows(t) {
		byName[filepath.Base(w.file)] = w
	}
	for _, name := range []string{"ci.yml", "pages.yml", "scrape.yml", "links.yml"} {
		if _, ok := byName[name]; !ok {
			t.Errorf("no .github/workflows/%s", name)
		}
	}
	deploy := get(get(byName["pages.yml"].doc, "jobs"), "deploy")
	perms := get(deploy, "permissions")
	if get(perms, "pages").Value != "write" || get(perms, "id-token").Value != "write" {
		t.Error("pages.yml: the deploy job lacks pages: write and id-token: write")
	}
	if env := get(deploy, "environment"); env == nil || (env.Value != "github-pages" && get(env, "name").Value != "github-pages") {
		t.Error("pages.yml: the deploy job is not in the github-pages environment")
	}
}

func TestDependabot(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, ".github", "dependabot.yml"))
	if err != nil {
		t.Fatal(err)
	}
	type update struct {
		Ecosystem string `yaml:"package-ecosystem"`
	}
	var cfg struct{ Updates []update }
	if err := yaml.Unmarshal(src, &cfg); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"gomod", "github-actions"} {
		if !slices.ContainsFunc(cfg.Updates, func(u update) bool { return u.Ecosystem == want }) {
			t.Errorf("dependabot.yml does not update %s", want)
		}
	}
}

// TestActionlint runs actionlint, a tool dependency in go.mod, over the
// workflows; it skips when the tool cannot be built or run here.
func TestActionlint(t *testing.T) {
	path, err := exec.Command("go", "tool", "-n", "actionlint").Output()
	if err != nil {
		t.Skipf("go tool actionlint is not available: %v", err)
	}
	args := []string{"-color=false"}
	for _, w := range mustWorkflows(t) {
		args = append(args, w.file)
	}
	cmd := exec.Command(strings.TrimSpace(string(path)), args...)
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		t.Errorf("actionlint found problems:\n%s", out)
	default:
		t.Skipf("actionlint cannot run: %v\n%s", err, out)
	}
}
