package indicator

import "testing"

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		in, typ, value string
		ok, bad        bool
	}{
		{"example-op[.]news", Domain, "example-op.news", true, false},
		{"hxxps://Evil[.]Org/a.b", URL, "https://evil.org/a.b", true, false},
		{"uc4canada[.]com/", URL, "http://uc4canada.com/", true, false},
		{"45[.]141[.]152[.]19", IPv4, "45.141.152.19", true, false},
		{"info[at]amc239[.]com", Email, "info@amc239.com", true, false},
		{"63 accounts", "", "", false, false},
		{"3.5", "", "", false, false},
		{"192.168.1.1", IPv4, "", false, true},
		{"127.0.0.1", IPv4, "", false, true},
		{"203.0.113.9", IPv4, "", false, true},
		{"http://10.0.0.1/x", URL, "", false, true},
		{"localhost.localhost", Domain, "", false, true},
		{"bad..domain.com", Domain, "", false, true},
	} {
		typ, v, ok, err := Classify(c.in)
		if ok != c.ok || (err != nil) != c.bad || (c.ok && (typ != c.typ || v != c.value)) {
			t.Errorf("Classify(%q) = %q %q %v %v", c.in, typ, v, ok, err)
		}
	}
}

func TestDefangAndPattern(t *testing.T) {
	for _, c := range []struct{ typ, in, want string }{
		{Domain, "example.com", "example[.]com"},
		{URL, "https://a.b.org/x.html", "hxxps://a[.]b[.]org/x[.]html"},
		{Email, "x@y.org", "x[@]y[.]org"},
		{IPv4, "45.1.2.3", "45[.]1[.]2[.]3"},
	} {
		if got := Defang(c.typ, c.in); got != c.want {
			t.Errorf("Defang(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Pattern(URL, "https://x.org/it's"); got != `[url:value = 'https://x.org/it\'s']` {
		t.Errorf("Pattern = %s", got)
	}
}
