// Lighthouse (mobile preset: an emulated mid-range phone on a throttled
// network) over one page of every page kind of a built site, in both
// languages where the pages differ. Fails below 99 performance or 100
// accessibility, printing the audits that failed.
//
//   node .ci/lighthouse.mjs public
//
// The site is served here as a static host serves it: files compressed
// with gzip, folders by their index.html, 404.html with status 404 for
// anything missing. Chrome comes from CHROME_PATH (Debian's chromium in
// .ci/run, the runner's Chrome in the ci workflow).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import * as constants from "lighthouse/core/config/constants.js";

const MIN_PERFORMANCE = 0.99;
const MIN_ACCESSIBILITY = 1;

// One page of every kind in English, and in French the kinds whose layout
// or script depends on the language (home, campaign, the matrix, explore,
// search, 404); the other French pages differ from their English ones
// only in their words.
const PAGES = [
  "/", "/fr/",
  "/campaigns/", "/campaigns/big-french-overseas-territories/", "/fr/campaigns/big-french-overseas-territories/",
  "/actors/", "/actors/baku-initiative-group/",
  "/organizations/", "/organizations/viginum/",
  "/sources/", "/sources/next-ink-2024-viginum-big/",
  "/techniques/", "/fr/techniques/", "/techniques/t0049/",
  "/places/", "/places/fr/",
  "/explore/", "/fr/explore/", "/explore/platform/telegram/",
  "/search/?q=baku", "/fr/search/?q=corse",
  "/indicators/", "/indicators/rrn-doppelganger/",
  "/data/", "/changes/", "/methodology/", "/about/",
  // The 404 page itself: Lighthouse does not audit a 404 answer.
  "/404.html", "/fr/404.html",
];

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png",
  ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
};

const dir = resolve(process.argv[2] || "public");

async function file(path) {
  try {
    const st = await stat(path);
    if (st.isDirectory()) return file(join(path, "index.html"));
    return { path, body: await readFile(path) };
  } catch {
    return null;
  }
}

function serve() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, "");
    const path = join(dir, rel);
    let found = path === dir || path.startsWith(dir + sep) ? await file(path) : null;
    let status = 200;
    if (!found) {
      found = await file(join(dir, rel.startsWith("fr/") || rel === "fr" ? "fr/404.html" : "404.html")) || await file(join(dir, "404.html"));
      status = 404;
    }
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[extname(found.path)] || "application/octet-stream";
    const headers = { "Content-Type": type, "Cache-Control": "max-age=600" };
    let body = found.body;
    if (/text|json|xml|svg/.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      body = gzipSync(body);
      headers["Content-Encoding"] = "gzip";
    }
    headers["Content-Length"] = body.length;
    res.writeHead(status, headers).end(body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// failedAudits lists what pulled a category's score down: its audits
// that did not pass, with their displayed value.
function failedAudits(lhr, category) {
  return lhr.categories[category].auditRefs
    .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
    .filter(({ ref, audit }) => audit.score !== null && audit.score < 0.9 && (ref.weight > 0 || category === "accessibility"))
    .map(({ audit }) => `${audit.id}: ${audit.title}${audit.displayValue ? " (" + audit.displayValue + ")" : ""}` +
      (audit.details && audit.details.items ? itemsOf(audit.details.items) : ""));
}

// diagnostics are the audits that explain a low performance score: what
// shifted, where the main thread went, how big the page is.
function diagnostics(lhr) {
  const out = [];
  const shifts = lhr.audits["layout-shifts"];
  if (shifts && shifts.details && shifts.details.items && shifts.details.items.length) {
    out.push("layout shifts:" + itemsOf(shifts.details.items));
  }
  const work = lhr.audits["mainthread-work-breakdown"];
  if (work && work.details && work.details.items) {
    out.push("main thread: " + work.details.items.slice(0, 4).map((i) => `${i.groupLabel || i.group} ${Math.round(i.duration)} ms`).join(", "));
  }
  const dom = lhr.audits["dom-size"];
  if (dom && dom.displayValue) out.push("DOM: " + dom.displayValue);
  return out;
}

function itemsOf(items) {
  const nodes = items.slice(0, 5).map((i) => (i.node && (i.node.selector || i.node.snippet)) || i.url || "").filter(Boolean);
  return nodes.length ? "\n        " + nodes.join("\n        ") : "";
}

function passes(lhr) {
  return lhr.categories.performance.score >= MIN_PERFORMANCE && lhr.categories.accessibility.score >= MIN_ACCESSIBILITY;
}

// audit runs Lighthouse once on page p, the CPU slowed down cpuSlowdown
// times (4 in the mobile preset); null (and the error printed) when
// it could not load the page.
async function audit(p, cpuSlowdown) {
  const { lhr } = await lighthouse(base + p, {
    port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"],
    disableFullPageScreenshot: true,
  }, {
    extends: "lighthouse:default",
    settings: { throttling: { ...constants.throttling.mobileSlow4G, cpuSlowdownMultiplier: cpuSlowdown } },
  });
  if (lhr.runtimeError) {
    console.log(`${p}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    return null;
  }
  return lhr;
}

const server = await serve();
const base = `http://127.0.0.1:${server.address().port}`;
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || undefined,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const started = Date.now();
let failures = 0;
try {
  for (const p of process.argv.length > 3 ? process.argv.slice(3) : PAGES) {
    // Lighthouse's scores vary from run to run, more so on a shared
    // machine: a page below the bar is run four more times and judged by
    // the median of five runs, as Lighthouse's documentation advises (one
    // page scored 89, 98 and 100 in three runs on this machine). Those runs
    // calibrate the CPU slowdown when Lighthouse found the host slower than
    // it expects (benchmark index under 1000, its own slow-host warning):
    // 4x scaled by index/1000, so the emulated phone stays the one the
    // preset means instead of one a loaded machine makes up.
    let runs = [await audit(p, 4)];
    if (runs[0] && !passes(runs[0])) {
      for (let i = 0; i < 4 && runs[runs.length - 1]; i++) {
        const bi = runs[runs.length - 1].environment.benchmarkIndex;
        runs.push(await audit(p, bi < 1000 ? Math.max(1, 4 * bi / 1000) : 4));
      }
    }
    if (runs.some((r) => !r)) {
      failures++;
      continue;
    }
    runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = runs[Math.floor(runs.length / 2)];
    const perf = lhr.categories.performance.score;
    const a11y = Math.min(...runs.map((r) => r.categories.accessibility.score));
    const m = (id) => lhr.audits[id].displayValue;
    const each = runs.map((r) => `${Math.round(r.categories.performance.score * 100)} at ${r.configSettings.throttling.cpuSlowdownMultiplier.toFixed(1)}x CPU`);
    console.log(`${p}: performance ${Math.round(perf * 100)}${runs.length > 1 ? " (median of " + each.join(", ") + ")" : ""}` +
      `, accessibility ${Math.round(a11y * 100)} (FCP ${m("first-contentful-paint")}, LCP ${m("largest-contentful-paint")},` +
      ` TBT ${m("total-blocking-time")}, CLS ${m("cumulative-layout-shift")}; CPU benchmark ${Math.round(lhr.environment.benchmarkIndex)})`);
    const bad = [];
    if (perf < MIN_PERFORMANCE) bad.push(...failedAudits(lhr, "performance"), ...diagnostics(lhr));
    for (const r of runs) {
      if (r.categories.accessibility.score < MIN_ACCESSIBILITY) bad.push(...failedAudits(r, "accessibility"));
    }
    if (perf < MIN_PERFORMANCE || a11y < MIN_ACCESSIBILITY) {
      failures++;
      for (const b of new Set(bad)) console.log("    " + b);
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
console.log(`lighthouse: ${failures} page(s) below ${MIN_PERFORMANCE * 100} performance or ${MIN_ACCESSIBILITY * 100} accessibility, in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(failures ? 1 : 0);
