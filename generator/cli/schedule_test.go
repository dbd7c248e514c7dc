package cli

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/fixture"
)

// runSchedule runs portal schedule in root with args until ctx ends.
func runSchedule(ctx context.Context, root string, stderr *fixture.Buffer, args ...string) error {
	e := &env{ctx: ctx, stdout: &bytes.Buffer{}, stderr: stderr, root: root, now: time.Now}
	c := scheduleCmd(e)
	c.SetArgs(args)
	c.SetOut(&bytes.Buffer{})
	c.SetErr(&bytes.Buffer{})
	c.SilenceUsage, c.SilenceErrors = true, true
	return c.ExecuteContext(ctx)
}

func TestScheduleRejectsBadInput(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	root := mustProject(t, "../validate/testdata/valid")
	state := filepath.Join(t.TempDir(), "state")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"malformed cron", []string{"--cron", "61 * * * *", "--state-dir", state}, `cron expression "61 * * * *": end of range (61) above maximum (59)`},
		{"too few fields", []string{"--cron", "6 * *", "--state-dir", state}, `cron expression "6 * *": expected exactly 5 fields`},
		{"unwritable state folder", []string{"--state-dir", filepath.Join(file, "state")}, "state folder " + filepath.Join(file, "state") + " cannot be created"},
		{"port in use", []string{"--serve", busy.Addr().String(), "--state-dir", state}, "cannot listen on " + busy.Addr().String() + ": the address is already in use"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr fixture.Buffer
			err := runSchedule(context.Background(), root, &stderr, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestScheduleServesUntilCancelled(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	root := mustProject(t, "../validate/testdata/valid")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr fixture.Buffer
	errc := make(chan error, 1)
	go func() {
		errc <- runSchedule(ctx, root, &stderr, "--serve", addr, "--state-dir", filepath.Join(t.TempDir(), "state"))
	}()
	deadline := time.Now().Add(15 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no good build in time; log:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("schedule: %v\n%s", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("schedule did not stop after cancel")
	}
	for _, want := range []string{`level=INFO msg=serving url=http://` + addr + `/ cron="17 6 * * *"`, "msg=stopped"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, stderr.String())
		}
	}
}
