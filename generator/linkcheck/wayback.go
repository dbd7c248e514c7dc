package linkcheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// availability is the part of the Wayback availability API's answer read
// here: {"archived_snapshots": {"closest": {"available": true, "url": …,
// "timestamp": …, "status": "200"}}}.
type availability struct {
	Snapshots struct {
		Closest *struct {
			Available bool   `json:"available"`
			URL       string `json:"url"`
			Status    string `json:"status"`
		} `json:"closest"`
	} `json:"archived_snapshots"`
}

// wayback asks cfg.Wayback for the snapshot of u closest to date
// (YYYY[MM[DD]], optional). It returns the snapshot's URL, or "" when the
// archive holds no good copy (one that answered 2xx).
func wayback(ctx context.Context, cfg Config, u, date string) (string, error) {
	api, err := url.Parse(cfg.Wayback)
	if err != nil {
		return "", fmt.Errorf("wayback: endpoint: %w", err)
	}
	q := api.Query()
	q.Set("url", u)
	if date != "" {
		q.Set("timestamp", date)
	}
	api.RawQuery = q.Encode()
	res, err := cfg.Fetcher.Get(ctx, api.String())
	if err != nil {
		return "", fmt.Errorf("wayback: %w", err)
	}
	if res.NotModified {
		return "", errors.New("wayback: the API answered 304 Not Modified to a fresh question")
	}
	var a availability
	if err := json.Unmarshal(res.Body, &a); err != nil {
		return "", fmt.Errorf("wayback: read answer for %s: %w", u, err)
	}
	c := a.Snapshots.Closest
	if c == nil || !c.Available || (c.Status != "" && !strings.HasPrefix(c.Status, "2")) {
		return "", nil
	}
	return snapshotURL(c.URL), nil
}

// snapshotURL returns raw as an https URL when it is a web.archive.org
// address, raw itself when it is another http(s) URL, else "".
func snapshotURL(raw string) string {
	s, err := url.Parse(raw)
	if err != nil || (s.Scheme != "http" && s.Scheme != "https") || s.Host == "" {
		return ""
	}
	if s.Scheme == "http" && strings.EqualFold(s.Hostname(), "web.archive.org") {
		return "https" + raw[len("http"):]
	}
	return raw
}
