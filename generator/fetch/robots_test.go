package fetch

import (
	"testing"
	"time"
)

func TestRobotsAllowed(t *testing.T) {
	tests := []struct {
		name, robots, path string
		want               bool
	}{
		{"no rules", "", "/a", true},
		{"disallow prefix", "User-agent: *\nDisallow: /private", "/private/x", false},
		{"disallow leaves others", "User-agent: *\nDisallow: /private", "/public", true},
		{"longer allow beats disallow", "User-agent: *\nDisallow: /a\nAllow: /a/b", "/a/b/c", true},
		{"longer disallow beats allow", "User-agent: *\nAllow: /a\nDisallow: /a/b", "/a/b/c", false},
		{"shorter allow loses", "User-agent: *\nDisallow: /a/b\nAllow: /a", "/a/b", false},
		{"allow wins tie", "User-agent: *\nDisallow: /a\nAllow: /a", "/a", true},
		{"allow wins tie in either order", "User-agent: *\nAllow: /a\nDisallow: /a", "/a", true},
		{"empty disallow allows", "User-agent: *\nDisallow:", "/x", true},
		{"disallow all", "User-agent: *\nDisallow: /", "/x", false},
		{"robots.txt always allowed", "User-agent: *\nDisallow: /", "/robots.txt", true},
		{"star wildcard", "User-agent: *\nDisallow: /*.pdf", "/docs/a.pdf?x=1", false},
		{"dollar anchors", "User-agent: *\nDisallow: /*.pdf$", "/docs/a.pdf", false},
		{"dollar anchors, longer path", "User-agent: *\nDisallow: /*.pdf$", "/docs/a.pdf?x=1", true},
		{"exact path", "User-agent: *\nDisallow: /exact$", "/exactly", true},
		{"several stars", "User-agent: *\nDisallow: /a*b*c", "/a-x-b-y-c-z", false},
		{"several stars, order matters", "User-agent: *\nDisallow: /a*b*c", "/a-c-b", true},
		{"star then anchor", "User-agent: *\nDisallow: /*/edit$", "/p/1/edit", false},
		{"query matched", "User-agent: *\nDisallow: /*?sort=", "/list?sort=asc", false},
		{"own group over star", "User-agent: *\nDisallow: /\n\nUser-agent: InterferenceWatchBot\nDisallow: /secret", "/page", true},
		{"own group rules apply", "User-agent: *\nDisallow: /\n\nUser-agent: InterferenceWatchBot\nDisallow: /secret", "/secret/1", false},
		{"token case-insensitive", "User-agent: interferencewatchbot\nDisallow: /x", "/x", false},
		{"token with version", "User-agent: InterferenceWatchBot/2.0\nDisallow: /x", "/x", false},
		{"other bot ignored", "User-agent: OtherBot\nDisallow: /", "/x", true},
		{"prefix of token is another bot", "User-agent: Interference\nDisallow: /", "/x", true},
		{"own empty group allows all", "User-agent: *\nDisallow: /\nUser-agent: InterferenceWatchBot\nDisallow:", "/x", true},
		{"agent lines share a group", "User-agent: a\nUser-agent: InterferenceWatchBot\nDisallow: /m", "/m", false},
		{"own groups combined", "User-agent: InterferenceWatchBot\nDisallow: /a\n\nUser-agent: b\nDisallow: /\n\nUser-agent: InterferenceWatchBot\nDisallow: /c", "/c", false},
		{"rule ends agent run", "User-agent: InterferenceWatchBot\nDisallow: /a\nUser-agent: b\nDisallow: /b", "/b", true},
		{"sitemap does not end agent run", "User-agent: b\nSitemap: https://x/s.xml\nUser-agent: InterferenceWatchBot\nDisallow: /s", "/s", false},
		{"rules before agents ignored", "Disallow: /\nUser-agent: *\nAllow: /x", "/y", true},
		{"comments and CRLF", "User-agent: * # all\r\nDisallow: /x # none\r\n", "/x/1", false},
		{"CR line ends", "User-agent: *\rDisallow: /x\r", "/x", false},
		{"keys case-insensitive", "USER-AGENT: *\nDISALLOW: /x", "/x", false},
		{"BOM", "\ufeffUser-agent: *\nDisallow: /x", "/x", false},
		{"encoded unreserved in rule", "User-agent: *\nDisallow: /%7Euser", "/~user/page", false},
		{"encoded unreserved in path", "User-agent: *\nDisallow: /~user", "/%7euser/page", false},
		{"lower-case escape", "User-agent: *\nDisallow: /a%2fb", "/a%2Fb", false},
		{"encoded slash is not a slash", "User-agent: *\nDisallow: /a/b", "/a%2Fb", true},
		{"UTF-8 rule", "User-agent: *\nDisallow: /café", "/caf%C3%A9", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := parseRobots([]byte(tt.robots), ProductToken)
			if got := r.allowed(tt.path); got != tt.want {
				t.Errorf("allowed(%q) = %v, want %v; rules %+v", tt.path, got, tt.want, r.rules)
			}
		})
	}
}

func TestRobotsCrawlDelay(t *testing.T) {
	tests := []struct {
		name, robots string
		want         time.Duration
	}{
		{"seconds", "User-agent: *\nCrawl-delay: 5", 5 * time.Second},
		{"fraction", "User-agent: *\nCrawl-delay: 1.5", 1500 * time.Millisecond},
		{"garbage", "User-agent: *\nCrawl-delay: soon", 0},
		{"negative", "User-agent: *\nCrawl-delay: -3", 0},
		{"own group only", "User-agent: *\nCrawl-delay: 9\nUser-agent: InterferenceWatchBot\nCrawl-delay: 3", 3 * time.Second},
		{"largest of own groups", "User-agent: InterferenceWatchBot\nCrawl-delay: 3\nUser-agent: InterferenceWatchBot\nCrawl-delay: 4", 4 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseRobots([]byte(tt.robots), ProductToken).crawlDelay; got != tt.want {
				t.Errorf("crawlDelay = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/", true},
		{"/a", "/", false},
		{"*", "/anything", true},
		{"/*$", "/x", true},
		{"$", "/", false},
		{"/a$", "/a", true},
		{"/a$", "/a/", false},
		{"/a*$", "/a/b", true},
		{"/*b$", "/abab", true},
		{"/*ab*ab$", "/abab", true},
		{"/*ab*ab$", "/ab", false},
		{"/a$b", "/a$b", true},
	}
	for _, tt := range tests {
		if got := matchPattern(tt.pattern, tt.path); got != tt.want {
			t.Errorf("matchPattern(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func FuzzParseRobots(f *testing.F) {
	f.Add("User-agent: *\nDisallow: /a*b$\nAllow: /a/b\nCrawl-delay: 2", "/a/xb")
	f.Add("User-agent: InterferenceWatchBot\nDisallow: /%7e", "/~")
	f.Add("\ufeffuser-agent:*\r\ndisallow:*$", "/")
	f.Fuzz(func(t *testing.T, data, path string) {
		r := parseRobots([]byte(data), ProductToken)
		if r.crawlDelay < 0 {
			t.Fatalf("negative crawl delay %v", r.crawlDelay)
		}
		if !r.allowed("/robots.txt") {
			t.Fatal("/robots.txt disallowed")
		}
		_ = r.allowed(path)
	})
}
