// Renders the CSL-JSON of every record page of a built site with citeproc
// (citation-js and the official APA 7, MLA 9 and Chicago author-date
// styles in ../shared/ref/csl), with the en-US locale on English pages and
// fr-FR on French ones (under /fr/), and compares the result with the
// page's own APA, MLA and Chicago text, as a reference manager would
// produce it. Skips, saying so, when the styles are absent (a fresh clone
// has no ../shared), and skips French pages when the fr-FR locale is.
// Usage: node .ci/check-citations.mjs public [csl-folder]
import { readFileSync, existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Cite, plugins } from "@citation-js/core";
import "@citation-js/plugin-csl";

const site = process.argv[2] || "public";
const ref = process.argv[3] || new URL("../../shared/ref/csl/", import.meta.url).pathname;
if (!existsSync(join(ref, "apa.csl"))) {
  console.log(`citeproc: skipped, no CSL styles at ${ref}`);
  process.exit(0);
}
const cfg = plugins.config.get("@csl");
const styles = { APA: "apa.csl", MLA: "modern-language-association.csl", Chicago: "chicago-author-date.csl" };
for (const [name, file] of Object.entries(styles)) cfg.templates.add(name.toLowerCase(), readFileSync(join(ref, file), "utf8"));
cfg.locales.add("en-US", readFileSync(join(ref, "locales-en-US.xml"), "utf8"));
const french = existsSync(join(ref, "locales-fr-FR.xml"));
if (french) cfg.locales.add("fr-FR", readFileSync(join(ref, "locales-fr-FR.xml"), "utf8"));
else console.log(`citeproc: French pages skipped, no fr-FR locale at ${ref}`);

const decode = (s) => s.replace(/<[^>]+>/g, "").replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const norm = (s) => s.replace(/[ \t\r\n]+/g, " ").trim(); // ASCII white space only: no-break spaces count
function* pages(dir, lang) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (f === "fr" && dir === site) {
      if (french) yield* pages(p, "fr-FR");
    } else if (statSync(p).isDirectory()) yield* pages(p, lang);
    else if (f === "index.html") yield [p, lang];
  }
}
let checked = 0, bad = 0;
const perLang = {};
for (const [p, lang] of pages(site, "en-US")) {
  const h = readFileSync(p, "utf8");
  const i = h.indexOf('id="cite-heading"');
  if (i < 0) continue;
  const seg = h.slice(i);
  const pres = [...seg.matchAll(/<summary>([^<]*)<\/summary>\s*<pre[^>]*>([\s\S]*?)<\/pre>/g)].map((m) => [m[1], decode(m[2])]);
  const byName = Object.fromEntries(pres);
  if (!byName["CSL-JSON"]) continue;
  const cite = new Cite(JSON.parse(byName["CSL-JSON"]));
  for (const name of Object.keys(styles)) {
    const want = norm(cite.format("bibliography", { format: "text", template: name.toLowerCase(), lang }));
    const got = norm(byName[name] || "");
    checked++;
    perLang[lang] = (perLang[lang] || 0) + 1;
    if (want !== got) {
      bad++;
      if (bad <= 10) console.error(`${p}: ${name}\n  page:     ${got}\n  citeproc: ${want}`);
    }
  }
}
const langs = Object.entries(perLang).map(([l, n]) => `${n} ${l}`).join(", ");
console.log(`citeproc: ${checked} citations compared (${langs}), ${bad} differ`);
process.exit(checked === 0 || bad > 0 ? 1 : 0);
