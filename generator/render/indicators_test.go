package render

import (
	"strings"
	"testing"
)

// TestIndicatorPages: a campaign with indicators links its same_as entry
// to DISARM and counts its indicators by type, in the language's plural
// forms; its indicators page and the section show every value defanged,
// escaped, and never as a link.
func TestIndicatorPages(t *testing.T) {
	pages, _ := stageBoth(t, facetData(), nil)
	get := func(p string) string {
		t.Helper()
		b, ok := pages.files["content/"+p]
		if !ok {
			t.Fatalf("no page %s", p)
		}
		return string(b)
	}
	big := get("campaigns/big.en.html")
	for _, want := range []string{
		`<a href="https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/incidents/I00033.md" rel="external noopener">`, `DISARM I00033</a>`,
		`<h2 id="indicators-heading">Indicators</h2>`, `: 2 domains, 1 URL, 1 IPv4 address</li>`,
		`<a href="../../indicators/big/">All indicators</a>`, `<a href="/iw/data/indicators/big.csv" type="text/csv" download>`,
	} {
		if !strings.Contains(big, want) {
			t.Errorf("campaign page lacks %s:\n%s", want, big)
		}
	}
	if fr := get("campaigns/big.fr.html"); !strings.Contains(fr, ": 2 domaines, 1 URL, 1 adresse IPv4</li>") ||
		!strings.Contains(fr, `href="/iw/data/indicators/big.csv"`) {
		t.Errorf("French campaign page:\n%s", fr)
	}
	if old := get("campaigns/old.en.html"); strings.Contains(old, "indicators") || strings.Contains(old, "DISARM I") {
		t.Errorf("a campaign without indicators shows some:\n%s", old)
	}
	list := get("indicators/big.en.html")
	for _, want := range []string{
		"<h3>2 domains</h3><pre class=\"indicator-values\"><code>evil[.]example[.]com\nb&lt;script&gt;[.]example</code></pre>",
		`<h3>1 URL</h3><pre class="indicator-values"><code>hxxps://evil[.]example[.]com/a?b=&lt;i&gt;c&lt;/i&gt;</code></pre>`,
		`<h3>1 IPv4 address</h3><pre class="indicator-values"><code>192[.]0[.]2[.]1</code></pre>`,
		`<a href="../../campaigns/big/">`, `<h2 id="references-heading">`,
	} {
		if !strings.Contains(list, want) {
			t.Errorf("indicators page lacks %s:\n%s", want, list)
		}
	}
	section := get("indicators/_index.en.html")
	if !strings.Contains(section, `<a href="/iw/indicators/big/">`) || !strings.Contains(section, `href="/iw/data/indicators/all.csv"`) {
		t.Errorf("indicators section:\n%s", section)
	}
	for name, file := range map[string]string{"campaign": big, "indicators": list, "section": section} {
		_, body := staged(t, []byte(file))
		if strings.Contains(body, "evil.example") || strings.Contains(body, "b<script>") || strings.Contains(body, "<i>c") || strings.Contains(body, `href="hxxp`) {
			t.Errorf("%s page: an indicator reached it live or unescaped:\n%s", name, body)
		}
	}
}

// TestSourcesArchived: the sources list says how many sources have an
// archived copy.
func TestSourcesArchived(t *testing.T) {
	pages, _ := stageBoth(t, facetData(), nil)
	if s := string(pages.files["content/sources/_index.en.html"]); !strings.Contains(s, "<p>1 of 3 sources has an archived copy.</p>") {
		t.Errorf("sources list:\n%s", s)
	}
	if s := string(pages.files["content/sources/_index.fr.html"]); !strings.Contains(s, "<p>1 source sur 3 a une copie archivée.</p>") {
		t.Errorf("French sources list:\n%s", s)
	}
}
