// Site search. Reads ?q= on load, searches as the reader types and keeps
// the query in the address. The index is static files written by
// generator/search (see its package comment for the format and the
// ranking); Index.Search in Go runs the same algorithm, and the site
// tests compare the two. Record text is untrusted: the results are built
// with createElement and textContent only.
(() => {
  "use strict";

  const root = document.getElementById("search");
  // Words are runs of letters, digits and combining marks, as in
  // generator/search. Unicode property escapes (ES2018) are built at run
  // time so that an older browser fails here and keeps the page's
  // "search needs JavaScript" message.
  const WORDS = "[\\p{L}\\p{N}\\p{M}]+";
  let MARKS, WORD_END;
  try {
    MARKS = new RegExp("\\p{M}", "gu");
    WORD_END = new RegExp("[\\p{L}\\p{N}\\p{M}]$", "u");
  } catch (e) {
    return;
  }
  if (!root || !window.fetch || !window.TextDecoder || !window.URL || !String.prototype.normalize) {
    return;
  }

  const byId = (id) => document.getElementById(id);
  const input = byId("search-q");
  const form = byId("search-form");
  const status = byId("search-status");
  const list = byId("search-results");
  const moreButton = byId("search-more");
  const fallback = byId("search-fallback");
  const strings = root.dataset;
  const lang = strings.lang;
  const plural = new Intl.PluralRules(lang); // the "one" form by CLDR rules (French: 0 and 1)
  const manifestURL = new URL(strings.manifest, location.href);
  fallback.hidden = true;

  // ---- The index ----

  let manifest = null; // a promise of the manifest, reset after a failure
  const shards = new Map(); // shard number → promise of the parsed shard
  const fragments = new Map(); // record number → promise of its fragment
  let stop = new Set();
  let foldRe = null;
  let foldMap = {};

  const fetchOK = (url, how) => fetch(url, how).then((r) => {
    if (!r.ok) {
      throw new Error(r.status + " " + url);
    }
    return r;
  });

  function loadManifest() {
    if (!manifest) {
      // Revalidated each visit: it names the folder of this build's files.
      manifest = fetchOK(manifestURL.href, { cache: "no-cache" })
        .then((r) => r.json())
        .then((m) => {
          if (m.format !== 1) {
            throw new Error("search index format " + m.format);
          }
          stop = new Set(m.stop);
          foldMap = m.fold;
          const keys = Object.keys(foldMap).map((c) => c.replace(/[\\\]^-]/g, "\\$&"));
          foldRe = keys.length ? new RegExp("[" + keys.join("") + "]", "gu") : null;
          return m;
        });
      manifest.catch(() => { manifest = null; });
    }
    return manifest;
  }

  const fileURL = (m, path) => new URL(m.base + path, manifestURL).href;

  // fold is Fold of generator/search: NFKD, no marks, lower case, folds.
  function fold(w) {
    const s = w.normalize("NFKD").replace(MARKS, "").toLowerCase();
    return foldRe ? s.replace(foldRe, (c) => foldMap[c]) : s;
  }

  // words lists the words of s with their offsets and folded terms.
  function words(s) {
    const re = new RegExp(WORDS, "gu");
    const out = [];
    let m;
    while ((m = re.exec(s)) !== null) {
      const term = fold(m[0]);
      if (term && Array.from(term).length <= 40) {
        out.push({ start: m.index, end: m.index + m[0].length, term: term });
      }
    }
    return out;
  }

  // parseQuery is ParseQuery of generator/search.
  function parseQuery(q, m) {
    const ws = words(q).map((w) => w.term);
    const typing = ws.length > 0 && WORD_END.test(q);
    const seen = new Set();
    const terms = [];
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      const prefix = typing && i === ws.length - 1;
      if ((stop.has(w) && !prefix) || seen.has(w)) {
        continue;
      }
      if (terms.length === m.maxTerms) {
        return { terms: terms, more: true };
      }
      seen.add(w);
      terms.push({ text: w, prefix: prefix });
    }
    return { terms: terms, more: false };
  }

  // compare orders strings by code point, as Go compares UTF-8 bytes.
  const unit = (c) => (c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c);
  function compare(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a.charCodeAt(i);
      const y = b.charCodeAt(i);
      if (x !== y) {
        return unit(x) - unit(y);
      }
    }
    return a.length - b.length;
  }

  function shardFor(m, term) {
    let lo = 0;
    let hi = m.shardFrom.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(m.shardFrom[mid], term) > 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo - 1;
  }

  function prefixShards(m, p) {
    const out = [];
    let i = shardFor(m, p);
    if (i >= 0) {
      out.push(i);
    }
    for (i++; i < m.shardFrom.length && m.shardFrom[i].startsWith(p); i++) {
      out.push(i);
    }
    return out;
  }

  // plan decides which shards a term needs, and whether its prefix is
  // searched or, being too broad, only the word itself.
  function plan(m, t) {
    const all = prefixShards(m, t.text);
    const size = all.reduce((s, i) => s + m.shardSize[i], 0);
    const prefix = t.prefix && size <= m.prefixBytes;
    const exact = shardFor(m, t.text);
    return { term: t, prefix: prefix, broad: t.prefix && !prefix, shards: prefix ? all : exact >= 0 ? [exact] : [] };
  }

  function loadShard(m, i) {
    if (!shards.has(i)) {
      const p = fetchOK(fileURL(m, "s/" + i + ".bin")).then((r) => r.arrayBuffer()).then(parseShard);
      p.catch(() => shards.delete(i));
      shards.set(i, p);
    }
    return shards.get(i);
  }

  function corrupt() {
    throw new Error("corrupt search shard");
  }

  // reader reads unsigned varints from bytes.
  function reader(bytes, pos) {
    return {
      pos: pos,
      uv() {
        let x = 0;
        let mul = 1;
        let b;
        do {
          if (this.pos >= bytes.length) {
            corrupt();
          }
          b = bytes[this.pos++];
          x += (b & 0x7f) * mul;
          mul *= 128;
        } while (b & 0x80);
        return x;
      },
      skipSet() {
        const kind = bytes[this.pos++];
        const a = this.uv();
        if (kind === 0) {
          for (let i = 0; i < a; i++) {
            this.uv();
          }
        } else if (kind === 1) {
          const size = this.uv(); // before this.pos is read: += would read it first
          this.pos += size;
        } else {
          corrupt();
        }
      },
    };
  }

  function parseShard(buf) {
    const bytes = new Uint8Array(buf);
    const dec = new TextDecoder();
    const r = reader(bytes, 0);
    const entries = [];
    for (let n = r.uv(); n > 0; n--) {
      const len = r.uv();
      const term = dec.decode(bytes.subarray(r.pos, r.pos + len));
      r.pos += len;
      const at = r.pos;
      r.skipSet();
      r.skipSet();
      entries.push({ term: term, at: at });
    }
    return { bytes: bytes, entries: entries };
  }

  // Sets of records are bitsets: Uint32Arrays of n bits.
  const newSet = (n) => new Uint32Array((n + 31) >>> 5);
  const has = (s, d) => (s[d >>> 5] >>> (d & 31)) & 1;
  const add = (s, d) => { s[d >>> 5] |= 1 << (d & 31); };

  function count(s) {
    let c = 0;
    for (let i = 0; i < s.length; i++) {
      let x = s[i];
      while (x) {
        x &= x - 1;
        c++;
      }
    }
    return c;
  }

  // readSet decodes the set at r.pos into out.
  function readSet(bytes, r, out, n) {
    const kind = bytes[r.pos++];
    const a = r.uv();
    if (kind === 0) {
      let d = 0;
      for (let i = 0; i < a; i++) {
        d += r.uv();
        if (d >= n) {
          corrupt();
        }
        add(out, d);
      }
    } else if (kind === 1) {
      const size = r.uv();
      for (let i = 0; i < size; i++) {
        let b = bytes[r.pos + i];
        for (let j = 0; b; j++, b >>>= 1) {
          if (b & 1 && a + 8 * i + j < n) {
            add(out, a + 8 * i + j);
          }
        }
      }
      r.pos += size;
    } else {
      corrupt();
    }
  }

  // lookup is Index.lookup of generator/search.
  function lookup(m, p, loaded) {
    const n = m.records;
    const s = { all: newSet(n), exact: newSet(n), names: newSet(n) };
    for (const shard of loaded) {
      for (const e of shard.entries) {
        if (e.term !== p.term.text && !(p.prefix && e.term.startsWith(p.term.text))) {
          continue;
        }
        const r = reader(shard.bytes, e.at);
        const all = newSet(n);
        readSet(shard.bytes, r, all, n);
        readSet(shard.bytes, r, s.names, n);
        for (let i = 0; i < all.length; i++) {
          s.all[i] |= all[i];
        }
        if (e.term === p.term.text) {
          s.exact = all;
        }
      }
    }
    return s;
  }

  // search is Index.match of generator/search: every record holding all
  // terms, best first.
  async function search(m, terms) {
    const plans = terms.map((t) => plan(m, t));
    const loaded = await Promise.all(plans.map((p) => Promise.all(p.shards.map((i) => loadShard(m, i)))));
    const sets = plans.map((p, i) => lookup(m, p, loaded[i]));
    const weights = [];
    let all = null;
    for (const s of sets) {
      const df = count(s.all);
      if (df === 0) {
        return { hits: [], plans: plans };
      }
      weights.push(Math.floor(1000000 / df));
      if (all === null) {
        all = s.all.slice();
      } else {
        for (let i = 0; i < all.length; i++) {
          all[i] &= s.all[i];
        }
      }
    }
    const hits = [];
    for (let w = 0; w < all.length; w++) {
      for (let x = all[w]; x !== 0; x &= x - 1) {
        const d = w * 32 + (31 - Math.clz32(x & -x));
        let score = 0;
        sets.forEach((s, i) => {
          score += weights[i] * (1 + has(s.exact, d) + 2 * has(s.names, d));
        });
        hits.push({ record: d, score: score });
      }
    }
    hits.sort((a, b) => b.score - a.score || a.record - b.record);
    return { hits: hits, plans: plans };
  }

  function loadFragment(m, d) {
    if (!fragments.has(d)) {
      const path = "f/" + Math.floor(d / m.perFolder) + "/" + d + ".json";
      const p = fetchOK(fileURL(m, path)).then((r) => r.json());
      p.catch(() => fragments.delete(d));
      fragments.set(d, p);
    }
    return fragments.get(d);
  }

  // ---- Results ----

  // matcher tells whether a folded word is one the query found.
  function matcher(plans) {
    return (term) => plans.some((p) => term === p.term.text || (p.prefix && term.startsWith(p.term.text)));
  }

  // appendMarked appends s[from:to] to parent, matched words in <mark>.
  function appendMarked(parent, s, ws, from, to) {
    let pos = from;
    for (const w of ws) {
      if (!w.hit || w.start < from || w.end > to) {
        continue;
      }
      parent.appendChild(document.createTextNode(s.slice(pos, w.start)));
      const mark = document.createElement("mark");
      mark.textContent = s.slice(w.start, w.end);
      parent.appendChild(mark);
      pos = w.end;
    }
    parent.appendChild(document.createTextNode(s.slice(pos, to)));
  }

  function marked(s, hit) {
    const ws = words(s);
    ws.forEach((w) => { w.hit = hit(w.term); });
    return ws;
  }

  // pick is the entry of a by-language list in the page language, or the
  // first.
  const pick = (xs) => xs.find((x) => x.l === lang) || xs[0];

  // passages lists the texts an excerpt may come from, the page
  // language first; text marks the record's prose, as opposed to its
  // other names.
  function passages(f, title) {
    const texts = f.texts || [];
    const out = [];
    const push = (t) => t.p.forEach((s) => out.push({ l: t.l, s: s, text: t.l !== "" }));
    texts.filter((t) => t.l === lang).forEach(push);
    if (f.aliases && f.aliases.length) {
      out.push({ l: "", s: f.aliases.join(" · ") });
    }
    texts.filter((t) => t.l !== lang).forEach(push);
    f.names.filter((n) => n !== title).forEach((n) => out.push({ l: n.l, s: n.t }));
    return out;
  }

  // excerpt is the window of about 30 words of the passage with the most
  // matched words.
  function excerpt(f, title, hit) {
    const ps = passages(f, title);
    if (ps.length === 0) {
      return null;
    }
    let best = null;
    for (const p of ps) {
      const ws = marked(p.s, hit);
      const found = new Set(ws.filter((w) => w.hit).map((w) => w.term)).size;
      const hits = ws.filter((w) => w.hit).length;
      if (best === null || found > best.found || (found === best.found && hits > best.hits)) {
        best = { p: p, ws: ws, found: found, hits: hits };
      }
    }
    if (best.found === 0) {
      // Nothing matched outside the title: the start of the prose, in
      // the page language if there is some.
      const p = ps.find((x) => x.text);
      if (!p) {
        return null;
      }
      best = { p: p, ws: marked(p.s, hit) };
    }
    const ws = best.ws;
    const span = 30;
    let at = 0;
    let most = 0;
    ws.forEach((w, i) => {
      const n = ws.slice(i, i + span).filter((x) => x.hit).length;
      if (w.hit && n > most) {
        most = n;
        at = i;
      }
    });
    const first = Math.max(0, at - 6);
    const last = Math.min(ws.length, first + span) - 1;
    const s = best.p.s;
    const from = first === 0 || ws.length === 0 ? 0 : ws[first].start;
    const to = last < 0 || last === ws.length - 1 ? s.length : ws[last].end;
    const el = document.createElement("p");
    el.className = "search-excerpt";
    if (best.p.l && best.p.l !== lang) {
      el.lang = best.p.l;
    }
    if (from > 0) {
      el.appendChild(document.createTextNode("… "));
    }
    appendMarked(el, s, ws, from, to);
    if (to < s.length) {
      el.appendChild(document.createTextNode(" …"));
    }
    return el;
  }

  const safePath = (u) => typeof u === "string" && /^\/(?!\/)/.test(u);

  function resultItem(f, hit) {
    const href = f.url && f.url[lang];
    if (!safePath(href) || !Array.isArray(f.names) || f.names.length === 0) {
      return null;
    }
    const li = document.createElement("li");
    const h = document.createElement("h2");
    const a = document.createElement("a");
    a.href = href;
    const title = pick(f.names);
    if (title.l && title.l !== lang) {
      a.lang = title.l;
    }
    appendMarked(a, title.t, marked(title.t, hit), 0, title.t.length);
    h.appendChild(a);
    li.appendChild(h);
    const kind = document.createElement("p");
    kind.className = "search-kind";
    kind.textContent = strings["kind" + f.kind.charAt(0).toUpperCase() + f.kind.slice(1)] || f.kind;
    li.appendChild(kind);
    const ex = excerpt(f, title, hit);
    if (ex) {
      li.appendChild(ex);
    }
    return li;
  }

  // ---- The page ----

  let seq = 0; // the latest query; answers to older ones are dropped
  let indexReady = false; // the manifest has loaded once
  let current = null; // { m, hits, plans, shown }

  function say(msg) {
    status.textContent = msg;
  }

  // busy marks the results as being updated, from the first keystroke
  // until the answer is shown.
  function busy(on) {
    list.setAttribute("aria-busy", on ? "true" : "false");
  }

  function clear() {
    list.textContent = "";
    moreButton.hidden = true;
    current = null;
  }

  function fail(my) {
    if (my === seq) {
      clear();
      busy(false);
      say(strings.error);
      fallback.hidden = false;
      fallback.classList.add("failed");
      byId("search-nojs").hidden = true;
    }
  }

  function countText(n) {
    return (plural.select(n) === "one" ? strings.resultsOne : strings.results).replace("{count}", n.toLocaleString(lang));
  }

  async function run(q) {
    const my = ++seq;
    busy(true);
    if (q.trim() === "") {
      clear();
      say("");
      busy(false);
      return;
    }
    let m;
    let found;
    let more = false;
    if (!indexReady) {
      say(strings.loading); // the first search waits for the index
    }
    try {
      m = await loadManifest();
      indexReady = true;
      const parsed = parseQuery(q, m);
      more = parsed.more;
      found = parsed.terms.length ? await search(m, parsed.terms) : { hits: [], plans: [] };
    } catch (e) {
      fail(my);
      return;
    }
    if (my !== seq) {
      return;
    }
    clear();
    fallback.hidden = true;
    current = { m: m, hits: found.hits, plans: found.plans, shown: 0 };
    if (found.hits.length === 0) {
      const broad = found.plans.some((p) => p.broad);
      say(broad ? strings.broad : strings.none);
      busy(false);
      return;
    }
    say(countText(found.hits.length) + (more ? " " + strings.tooMany.replace("{max}", m.maxTerms) : ""));
    await showMore(my, false);
  }

  // showMore appends the next page of results.
  async function showMore(my, focus) {
    const c = current;
    const page = c.hits.slice(c.shown, c.shown + c.m.pageSize);
    let frags;
    try {
      frags = await Promise.all(page.map((h) => loadFragment(c.m, h.record)));
    } catch (e) {
      fail(my);
      return;
    }
    if (my !== seq) {
      return;
    }
    const hit = matcher(c.plans);
    let firstNew = null;
    frags.forEach((f) => {
      const li = resultItem(f, hit);
      if (li) {
        list.appendChild(li);
        firstNew = firstNew || li.querySelector("a");
      }
    });
    c.shown += page.length;
    moreButton.hidden = c.shown >= c.hits.length;
    busy(false);
    if (focus && firstNew) {
      firstNew.focus();
    }
  }

  function update(q) {
    const u = new URL(location.href);
    if (q) {
      u.searchParams.set("q", q);
    } else {
      u.searchParams.delete("q");
    }
    history.replaceState(history.state, "", u.href);
    return run(q);
  }

  let timer = 0;
  input.addEventListener("input", () => {
    busy(true);
    clearTimeout(timer);
    timer = setTimeout(() => update(input.value), 150);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    update(input.value);
  });
  moreButton.addEventListener("click", () => {
    if (current) {
      busy(true);
      showMore(seq, true);
    }
  });

  const q0 = new URL(location.href).searchParams.get("q") || "";
  input.value = q0;
  run(q0);
})();
