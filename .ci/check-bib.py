"""Collects the BibLaTeX and BibTeX entries of every record page of a
built site and has biber read them (biber --tool), as a LaTeX user's
toolchain would: any WARN or ERROR biber prints fails the check, and so
does a key used twice.

Usage: /usr/bin/python3 .ci/check-bib.py public"""
import glob, html, os, re, subprocess, sys, tempfile

site = sys.argv[1] if len(sys.argv) > 1 else "public"
entries, keys, dup = [], {}, []
pre = re.compile(r"<pre[^>]*>(.*?)</pre>", re.S)
for page in glob.glob(os.path.join(site, "**", "index.html"), recursive=True):
    h = open(page, encoding="utf-8").read()
    i = h.find('id="cite-heading"')
    if i < 0:
        continue
    for m in pre.finditer(h, i):
        t = html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
        if not t.startswith("@"):
            continue
        key = t[t.index("{") + 1:t.index(",")]
        kind = t[1:t.index("{")]
        if (kind, key) in keys:
            dup.append(f"{key} in {page} and {keys[(kind, key)]}")
        keys[(kind, key)] = page
        entries.append((kind, t))
bad = list(dup)
with tempfile.TemporaryDirectory() as d:
    for kind in ("online", "misc"):
        src = os.path.join(d, kind + ".bib")
        with open(src, "w", encoding="utf-8") as f:
            f.write("\n\n".join(t for k, t in entries if k == kind) + "\n")
        out = subprocess.run(["biber", "--tool", "--nolog", "--output-directory", d, "--output-file", kind + "-out.bib", src],
                             capture_output=True, text=True)
        for line in (out.stdout + out.stderr).splitlines():
            if "WARN" in line or "ERROR" in line:
                bad.append(f"{kind}: {line}")
        if out.returncode != 0:
            bad.append(f"{kind}: biber exited {out.returncode}")
print(f"biber: {len(entries)} entries ({sum(1 for k, _ in entries if k == 'online')} @online, "
      f"{sum(1 for k, _ in entries if k == 'misc')} @misc); {len(bad)} problems")
for b in bad[:30]:
    print("  " + b)
sys.exit(1 if bad or not entries else 0)
