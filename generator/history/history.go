// Package history reads the change history of the data files from git:
// when each record was last changed, by which commits, with what message.
// Outside a git checkout, or without git, the history is simply empty.
package history

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"time"
)

// Change is one commit that touched data files.
type Change struct {
	Commit  string    // full hash
	Date    time.Time // author date
	Subject string    // first line of the message
	Paths   []string  // data files it touched, slash-separated
	Status  []byte    // per path: 'A' added, 'M' modified, 'D' deleted
}

// StatusOf says what the change did to its i-th path: "added",
// "modified" or "deleted".
func (c Change) StatusOf(i int) string {
	if i < len(c.Status) {
		switch c.Status[i] {
		case 'A':
			return "added"
		case 'D':
			return "deleted"
		}
	}
	return "modified"
}

// Log is the history of a repository's data files, newest first. The zero
// Log is empty and usable.
type Log struct {
	Changes []Change
	byPath  map[string][]int
}

// Of returns the changes that touched path, newest first.
func (l *Log) Of(path string) []Change {
	if l == nil {
		return nil
	}
	idx := l.byPath[path]
	out := make([]Change, len(idx))
	for i, j := range idx {
		out[i] = l.Changes[j]
	}
	return out
}

// Added is when path first appeared in the history (the author date of the
// oldest change that touched it), or the zero time when it never did.
func (l *Log) Added(path string) time.Time {
	if l == nil || len(l.byPath[path]) == 0 {
		return time.Time{}
	}
	idx := l.byPath[path]
	return l.Changes[idx[len(idx)-1]].Date
}

// Updated is when path last changed (the author date of the newest change
// that touched it), or the zero time when it never did.
func (l *Log) Updated(path string) time.Time {
	if l == nil || len(l.byPath[path]) == 0 {
		return time.Time{}
	}
	return l.Changes[l.byPath[path][0]].Date
}

// FromChanges makes a Log of changes given newest first, as git log
// lists them; for tests and tools that build a history by hand.
func FromChanges(cs []Change) *Log {
	l := &Log{Changes: cs, byPath: map[string][]int{}}
	for i, c := range cs {
		for _, p := range c.Paths {
			l.byPath[p] = append(l.byPath[p], i)
		}
	}
	return l
}

const marker = "\x1ecommit\t"

// Read runs git log over dir (such as "data") in the repository at root.
// A missing git, or a folder that is not a checkout, gives an empty Log
// and no error: history is a courtesy, never a reason to fail a build.
func Read(ctx context.Context, root, dir string) *Log {
	cmd := exec.CommandContext(ctx, "git", "-C", root, "log", "--no-renames", "--name-status",
		"--format="+marker+"%H\t%aI\t%s", "--", dir)
	out, err := cmd.Output()
	if err != nil {
		return &Log{}
	}
	return parse(out)
}

func parse(out []byte) *Log {
	l := &Log{byPath: map[string][]int{}}
	// Lines are split by hand: a scanner stops at its first overlong line
	// (a huge commit subject), which would drop the rest of the history
	// without a word.
	for len(out) > 0 {
		var raw []byte
		raw, out, _ = bytes.Cut(out, []byte("\n"))
		line := strings.TrimSuffix(string(raw), "\r")
		if rest, ok := strings.CutPrefix(line, marker); ok {
			parts := strings.SplitN(rest, "\t", 3)
			if len(parts) != 3 {
				continue
			}
			t, _ := time.Parse(time.RFC3339, parts[1])
			l.Changes = append(l.Changes, Change{Commit: parts[0], Date: t, Subject: parts[2]})
			continue
		}
		if line == "" || len(l.Changes) == 0 {
			continue
		}
		c := &l.Changes[len(l.Changes)-1]
		status := byte('M')
		if st, p, ok := strings.Cut(line, "\t"); ok && len(st) >= 1 {
			status, line = st[0], p
		}
		c.Paths = append(c.Paths, line)
		c.Status = append(c.Status, status)
		l.byPath[line] = append(l.byPath[line], len(l.Changes)-1)
	}
	return l
}
