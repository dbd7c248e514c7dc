// Runs Zotero's own web translators on every record page of a built site,
// as the Zotero Connector does when a reader saves the page, and checks
// what they make of it (see generator/page/meta.go for why the pages carry
// what they do):
//   - the translator Zotero picks first (the page's COinS span) and, when
//     a reader picks it by hand, Embedded Metadata (Dublin Core and Open
//     Graph tags) both save a web page, not a journal article;
//   - the portal is the author as one institutional name (COinS) or the
//     website (both), never a person split into first and last name;
//   - the title is the page's own (on a source page, the record's title,
//     never the document's), and the date is the record's last change
//     (the page's JSON-LD dateModified), never the document's date.
// The translators and the translation engine are those of the npm package
// zotero-translators (Zotero's translation-server and translators,
// bundled); the expectations come from each page's JSON-LD and canonical
// link. Every campaign and source page is read (the kinds of page Zotero
// got wrong) and every fourth of the others, which share their head with
// them (a translation takes about 40 ms). Skips, saying so, when the
// package is not installed.
// Usage: node .ci/check-zotero.mjs public
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const site = process.argv[2] || "public";
const require = createRequire(import.meta.url);
let bundle;
try {
  bundle = require.resolve("zotero-translators");
} catch {
  console.log("zotero: skipped, the npm package zotero-translators is not installed (npm ci --prefix .ci)");
  process.exit(0);
}
process.env.DEBUG_LEVEL = "0";
const log = console.log;
console.log = () => {}; // the engine announces its translators as it loads them
require(bundle); // defines the global Zotero, with its 500-odd translators
console.log = log;
const fromBundle = createRequire(bundle); // the jsdom and XPath the engine was built with
const { JSDOM } = fromBundle("jsdom");
const wgxpath = fromBundle("wicked-good-xpath");
globalThis.Zotero.debug = () => {};

const EMBEDDED_METADATA = "951c027d-74ac-47d4-a107-9c3069ab7b48";
const SITE = "Interference Watch";
const KINDS = ["campaigns", "actors", "organizations", "sources", "techniques", "places"];

// translate runs Zotero's web translation on doc with the translator it
// picks first, or the one whose id is given, and returns the translator's
// name and the items as Zotero's API JSON.
async function translate(doc, id) {
  const t = new globalThis.Zotero.Translate.Web();
  t.setDocument(doc);
  let label = "";
  if (id) {
    t.setTranslator(id);
    label = "Embedded Metadata";
  } else {
    const found = await t.getTranslators();
    if (!found.length) return { label: "none", items: [] };
    label = found[0].label;
    t.setTranslator(found[0]);
  }
  const items = await t.translate({ libraryID: false });
  return { label, items: items.flatMap((i) => globalThis.Zotero.Utilities.itemToAPIJSON(i)) };
}

function pages() {
  const out = [];
  for (const root of ["", "fr"]) {
    for (const kind of KINDS) {
      const dir = join(site, root, kind);
      if (!existsSync(dir)) continue;
      const all = kind === "campaigns" || kind === "sources";
      readdirSync(dir).sort().filter((id) => existsSync(join(dir, id, "index.html")))
        .forEach((id, i) => { if (all || i % 4 === 0) out.push({ file: join(dir, id, "index.html"), kind }); });
    }
  }
  return out;
}

const show = (item) => JSON.stringify({ itemType: item.itemType, creators: item.creators, title: item.title, date: item.date, websiteTitle: item.websiteTitle, url: item.url });

// check lists what is wrong with what translator made of a page.
function check(got, want, byCOinS) {
  const bad = [];
  if (got.error) return [`failed: ${got.error}`];
  if (got.items.length !== 1) return [`${got.items.length} items, want 1`];
  const it = got.items[0];
  if (byCOinS && got.label !== "COinS") bad.push(`translator ${got.label}, want COinS`);
  if (!byCOinS && got.label !== "Embedded Metadata") bad.push(`translator ${got.label}, want Embedded Metadata`);
  if (it.itemType !== "webpage") bad.push(`item type ${it.itemType}, want webpage`);
  const split = (it.creators || []).filter((c) => c.firstName !== undefined || c.lastName !== undefined);
  if (split.length) bad.push(`creators split into first and last names: ${JSON.stringify(split)}`);
  const names = (it.creators || []).map((c) => c.name);
  if (byCOinS && !(names.length === 1 && names[0] === SITE && it.creators[0].creatorType === "author")) {
    bad.push(`creators ${JSON.stringify(it.creators)}, want the single-field author ${SITE}`);
  }
  if (!byCOinS && names.some((n) => n !== SITE)) bad.push(`creators ${JSON.stringify(it.creators)}`);
  if (it.websiteTitle !== SITE) bad.push(`website ${it.websiteTitle}, want ${SITE}`);
  const norm = (t) => (t || "").replace(/\s+/g, " ").trim(); // Zotero makes every space a plain one
  if (norm(it.title) !== norm(want.title)) bad.push(`title ${JSON.stringify(it.title)}, want ${JSON.stringify(want.title)}`);
  if (want.document && it.title === want.document) bad.push("the title is the document's, not the record's");
  if (it.date !== want.date) bad.push(`date ${it.date}, want ${want.date} (the record's last change)`);
  if (it.url !== want.url) bad.push(`url ${it.url}, want ${want.url}`);
  return bad;
}

let checked = 0, wrong = 0;
const byKind = {};
for (const { file, kind } of pages()) {
  const html = readFileSync(file, "utf8");
  const canonical = html.match(/<link rel="canonical" href="([^"]+)"/)?.[1];
  const ld = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)?.[1];
  if (!canonical || !ld) {
    console.error(`${file}: no canonical link or JSON-LD to check against`);
    wrong++;
    continue;
  }
  const data = JSON.parse(ld);
  const want = { title: data.name ?? data.headline ?? "", date: data.dateModified, url: canonical, document: data.about?.name };
  const dom = new JSDOM(html, { url: canonical, contentType: "text/html" });
  wgxpath.install(dom.window, true);
  const doc = dom.window.document;
  // A page has a COinS span unless its title has a plus sign, which
  // Zotero's COinS reader takes for a space (generator/page/meta.go).
  const coins = !want.title.includes("+");
  const bad = [];
  if ((doc.querySelector("span.Z3988[title]") !== null) !== coins) {
    bad.push(coins ? "no COinS span" : "a COinS span despite a plus sign in the title");
  }
  const attempt = (id) => translate(doc, id).catch((e) => ({ label: id ? "Embedded Metadata" : "first translator", items: [], error: String(e) }));
  const results = [[await attempt(), coins], [await attempt(EMBEDDED_METADATA), false]];
  checked++;
  byKind[kind] = (byKind[kind] || 0) + 1;
  bad.push(...results.flatMap(([got, byCOinS]) => check(got, want, byCOinS).map((b) => `${got.label}: ${b}`)));
  if (bad.length) {
    wrong++;
    if (wrong <= 10) {
      console.error(`${file}:\n  ${bad.join("\n  ")}`);
      for (const [got] of results) for (const it of got.items) console.error(`  ${got.label} saved ${show(it)}`);
    }
  }
  dom.window.close();
}
const kinds = Object.entries(byKind).map(([k, n]) => `${n} ${k}`).join(", ");
console.log(`zotero: ${checked} record pages (${kinds}) read by the COinS and Embedded Metadata translators, ${wrong} wrong`);
process.exit(checked === 0 || wrong > 0 ? 1 : 0);
