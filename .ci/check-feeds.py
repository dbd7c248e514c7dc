"""Reads every feed of a built site with feedparser, as a feed reader
would, and checks what the pages promise of them.

Usage: /usr/bin/python3 .ci/check-feeds.py public

Fails when a feed is not well-formed (feedparser's bozo flag), when a page
links a feed (<link rel="alternate" type="application/atom+xml" or
rss+xml>) that has no entry or does not exist, or when an entry's link is
not absolute."""
import glob, os, re, sys
import feedparser

site = sys.argv[1] if len(sys.argv) > 1 else "public"
bad = []
feeds = {}
for path in glob.glob(os.path.join(site, "**", "*.xml"), recursive=True):
    if os.path.basename(path).startswith("sitemap"):
        continue
    d = feedparser.parse(path)
    rel = os.path.relpath(path, site)
    if d.bozo:
        bad.append(f"{rel}: not a well-formed feed: {d.bozo_exception}")
    feeds[rel] = len(d.entries)
    for e in d.entries:
        link = e.get("link", "")
        if not re.match(r"^https?://", link):
            bad.append(f"{rel}: entry {e.get('id', '?')} has a relative or missing link {link!r}")
            break
linked = set()
alt = re.compile(r'<link rel="?alternate"?[^>]*type="?application/(?:atom|rss)\+xml"?[^>]*href="?([^" >]+)')
for page in glob.glob(os.path.join(site, "**", "*.html"), recursive=True):
    html = open(page, encoding="utf-8").read()
    for href in alt.findall(html):
        href = re.sub(r"^https?://[^/]+", "", href)
        target = os.path.normpath(os.path.join(os.path.dirname(os.path.relpath(page, site)), href)) if not href.startswith("/") else href.lstrip("/")
        linked.add((os.path.relpath(page, site), target))
for page, target in sorted(linked):
    if target not in feeds:
        bad.append(f"{page}: links a feed that does not exist: {target}")
    elif feeds[target] == 0:
        bad.append(f"{page}: links an empty feed: {target}")
print(f"feedparser: {len(feeds)} feeds, {sum(feeds.values())} entries, {len({t for _, t in linked})} linked; {len(bad)} problems")
for b in bad[:30]:
    print("  " + b)
sys.exit(1 if bad else 0)
