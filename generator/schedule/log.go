package schedule

import (
	"log/slog"
	"strings"
)

// cronLogger adapts slog to cron.Logger. The scheduler's own chatter
// ("wake", "run", "schedule") goes to Debug; a skipped run is a warning.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) {
	if msg == "skip" { // from cron.SkipIfStillRunning
		c.l.Warn("run skipped: the previous run is still going")
		return
	}
	c.l.Debug("cron: "+msg, kv...)
}

func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append([]any{"err", err}, kv...)...)
}

// lineWriter turns each line written to it, such as Hugo's warnings,
// into one log record.
type lineWriter struct{ l *slog.Logger }

func (w lineWriter) Write(p []byte) (int, error) {
	for line := range strings.SplitSeq(strings.TrimRight(string(p), "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			w.l.Warn(line)
		}
	}
	return len(p), nil
}
