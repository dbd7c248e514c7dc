// Package history reads the change history of the data files from git:
// when each record was last changed, by which commits, with what message.
// Outside a git checkout, or without git, the history is simply empty.
package history

import (
	"bufio"
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

const marker = "\x1ecommit\t"

// Read runs git log over dir (such as "data") in the repository at root.
// A missing git, or a folder that is not a checkout, gives an empty Log
// and no error: history is a courtesy, never a reason to fail a build.
func Read(ctx context.Context, root, dir string) *Log {
	cmd := exec.CommandContext(ctx, "git", "-C", root, "log", "--no-renames", "--name-only",
		"--format="+marker+"%H\t%aI\t%s", "--", dir)
	out, err := cmd.Output()
	if err != nil {
		return &Log{}
	}
	return parse(out)
}

func parse(out []byte) *Log {
	l := &Log{byPath: map[string][]int{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
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
		c.Paths = append(c.Paths, line)
		l.byPath[line] = append(l.byPath[line], len(l.Changes)-1)
	}
	return l
}
