package extract

import (
	"strings"
	"testing"
)

func TestTitle(t *testing.T) {
	tests := []struct{ name, head, url, want string }{
		{"og title wins", `<meta property="og:title" content="OG"><meta name="twitter:title" content="TW"><title>Doc</title>`, "", "OG"},
		{"og suffix equal to site name", `<meta property="og:title" content="Big Story - BBC News"><meta property="og:site_name" content="BBC News">`, "", "Big Story"},
		{"og prefix equal to site name", `<meta property="og:title" content="Example Times :: Big Story"><meta property="og:site_name" content="Example Times">`, "", "Big Story"},
		{"og other suffix kept", `<meta property="og:title" content="Cats - a history">`, "", "Cats - a history"},
		{"og equal to site name skipped", `<meta property="og:title" content="Example Times"><meta property="og:site_name" content="Example Times"><meta name="twitter:title" content="Real title">`, "", "Real title"},
		{"twitter title", `<meta name="twitter:title" content="TW"><title>Doc</title>`, "", "TW"},
		{"dublin core title", `<meta name="DC.title" content="DC title"><title>Doc</title>`, "", "DC title"},
		{"pipe suffix", `<title>Five words make a title | Site</title>`, "", "Five words make a title"},
		{"em dash suffix", `<title>Three word title — The Site</title>`, "", "Three word title"},
		{"double colon suffix", `<title>Three word title :: Site</title>`, "", "Three word title"},
		{"last part only", `<title>A Title | Section | Site Name</title>`, "", "A Title | Section"},
		{"short title kept", `<title>Mozilla - Wikipedia</title>`, "", "Mozilla - Wikipedia"},
		{"long tail kept", `<title>On recent events - Jane Q. Doe ( jd ) ( home page )</title>`, "", "On recent events - Jane Q. Doe ( jd ) ( home page )"},
		{"suffix naming the host", `<title>Mozilla - Wikipedia</title>`, "https://en.wikipedia.org/wiki/Mozilla", "Mozilla"},
		{"suffix naming application-name", `<title>Budget - Journal</title><meta name="application-name" content="Journal">`, "", "Budget"},
		{"site name tagline", `<title>Big news | Daily</title><meta property="og:site_name" content="Daily - all the news">`, "", "Big news"},
		{"entities and tags", `<meta property="og:title" content="Fish &amp;amp; &lt;i&gt;chips&lt;/i&gt;">`, "", "Fish & chips"},
		{"script in title", `<title>Real title<script>document.write("INJECTED")</script></title>`, "", "Real title"},
		{"style in title", `<title><style>.x{color:red}</style>Styled title</title>`, "", "Styled title"},
		{"escaped script in og title", `<meta property="og:title" content="Hello &lt;script&gt;alert(1)&lt;/script&gt; world">`, "", "Hello world"},
		{"h1 fallback", `</head><body><h1>  Heading  one </h1>`, "", "Heading one"},
		{"nothing", ``, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := "<html><head>" + tt.head + "</head><body><p>x</p></body></html>"
			if got := Extract([]byte(page), tt.url).Title; got != tt.want {
				t.Errorf("title = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestJSONLDTitleAndPeople(t *testing.T) {
	ld := func(s string) string { return `<script type="application/ld+json">` + s + `</script>` }
	tests := []struct{ name, head, title, author, site string }{
		{"headline in array", ld(`[{"@type":"WebSite","name":"W"},{"@type":"BlogPosting","headline":"H","author":"Ann"}]`), "H", "Ann", "fakehost"},
		{"name matching the document title", ld(`{"@type":"Article","name":"Hermitian matrix","headline":"matrix equal to its transpose"}`) + `<title>Hermitian matrix - Wiki</title>`, "Hermitian matrix", "", "fakehost"},
		{"publisher by reference", ld(`{"@graph":[{"@id":"#o","name":"Org"},{"@type":"NewsArticle","headline":"H","publisher":{"@id":"#o"},"author":[{"name":"A"},{"name":"B"},{"name":"A"}]}]}`), "H", "A, B", "Org"},
		{"mainEntity", ld(`{"@type":"WebPage","mainEntity":{"@type":"Report","headline":"R","publisher":[{"name":"P"}]}}`), "R", "", "P"},
		{"cdata wrapper", ld(`//<![CDATA[
{"@type":"Article","headline":"C"}
//]]>`), "C", "", "fakehost"},
		{"raw line break in a string", ld("{\"@type\":\"Article\",\"headline\":\"Two\nlines\"}"), "Two lines", "", "fakehost"},
		{"broken json ignored", ld(`{"@type":"Article","headline":`) + `<title>T</title>`, "T", "", "fakehost"},
		{"author url dropped", ld(`{"@type":"Article","headline":"H","author":{"name":"https://x.example/me"}}`), "H", "", "fakehost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract([]byte("<html><head>"+tt.head+"</head><body></body></html>"), "http://fakehost/a")
			if got.Title != tt.title || got.Author != tt.author || got.SiteName != tt.site {
				t.Errorf("got title %q author %q site %q, want %q %q %q", got.Title, got.Author, got.SiteName, tt.title, tt.author, tt.site)
			}
		})
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct{ name, head, url, want string }{
		{"relative canonical", `<link rel="canonical" href="../b?x=1">`, "https://h.example/a/c", "https://h.example/b?x=1"},
		{"rel list", `<link rel="alternate Canonical" href="https://h.example/c">`, "", "https://h.example/c"},
		{"javascript canonical ignored", `<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="/og">`, "https://h.example/p", "https://h.example/og"},
		{"page url", ``, "https://h.example/p", "https://h.example/p"},
		{"file path", `<link rel="canonical" href="/rel">`, "page.html", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Extract([]byte("<head>"+tt.head+"</head>"), tt.url).CanonicalURL; got != tt.want {
				t.Errorf("canonical = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPublishedSources(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"article:published_time first", `<meta property="article:published_time" content="2024-01-02"><meta name="date" content="2020-01-01">`, "2024-01-02"},
		{"json-ld in graph", `<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2022-05-06T01:00:00+02:00"}]}</script>`, "2022-05-06"},
		{"time in article", `<body><time datetime="2019-01-01">x</time><article><time datetime="2021-09">Sept</time></article>`, "2021-09"},
		{"itemprop", `<body><span itemprop="datePublished" datetime="2018-03-04"></span>`, "2018-03-04"},
		{"citation tag", `<meta name="citation_publication_date" content="2017/06/30">`, "2017-06-30"},
		{"sailthru", `<meta name="sailthru.date" content="Tue, 14 May 2024 08:00:00 +0200">`, "2024-05-14"},
		{"unparseable skipped", `<meta property="article:published_time" content="soon"><meta name="DC.date" content="2016">`, "2016"},
		{"none", `<meta name="date" content="n/a">`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Extract([]byte(tt.html), "").Published; got != tt.want {
				t.Errorf("published = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDeclaredLanguage(t *testing.T) {
	tests := []struct{ html, want string }{
		{`<html lang="fr-CA">`, "fr"},
		{`<html><meta property="og:locale" content="pt_BR">`, "pt"},
		{`<html><meta http-equiv="Content-Language" content="de, en">`, "de"},
		{`<html lang="und"><meta name="language" content="Spanish"><meta name="DC.language" content="es">`, "es"},
		{`<html lang="xx-">`, "xx"},
	}
	for _, tt := range tests {
		if got := Extract([]byte(tt.html), "").Language; got != tt.want {
			t.Errorf("%s: language = %q, want %q", tt.html, got, tt.want)
		}
	}
	if got := Extract([]byte("<title>"+strings.Repeat("x ", 10)+"</title>"), "").Language; got != "" {
		t.Errorf("language of a page without words = %q", got)
	}
}
