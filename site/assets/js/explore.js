// Explore: combine facet filters over the campaigns. The page works
// without this script (every facet value has its own page, listed under
// "Browse by" below the list); with it, filters combine (any checked
// value within a filter, every filter across them), the counts follow the
// selection, the state lives in the URL so a
// selection can be shared, and the selection downloads as CSV or JSON.
// Record text is untrusted: the DOM is built with textContent only.
(function () {
  "use strict";

  var app = document.getElementById("explore-app");
  if (!app || !window.fetch || !window.URLSearchParams) return;

  var MAX_SHOWN = 500;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  var plural = new Intl.PluralRules(document.documentElement.lang || "en");
  // Everything the script shows is already in the page (generator/
  // component ExploreBody), at its place and size: the script finds it,
  // enables it once the data is here, and changes text and the list, so
  // nothing shifts as it starts.
  var form = app.querySelector(".explore-form");
  var count = app.querySelector(".explore-count");
  var message = app.querySelector(".explore-message");
  var downloads = app.querySelector(".explore-downloads");
  var results = app.querySelector(".explore-results");
  var more = app.querySelector(".explore-more");
  if (!form || !count || !message || !downloads || !results || !more) return;
  var csvButton = downloads.querySelectorAll("button")[0];
  var jsonButton = downloads.querySelectorAll("button")[1];
  var clear = form.querySelector(".explore-clear");

  fetch(app.getAttribute("data-src"), { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(start)
    .catch(function () {
      message.textContent = app.getAttribute("data-error") || "The campaign data could not be loaded.";
      app.setAttribute("data-state", "error");
    });

  function start(data) {
    var S = data.strings || {};
    var facets = data.facets;
    var campaigns = data.campaigns;
    // Value ids are matched without regard to case: ?target=nc is NC.
    var byId = facets.map(function (f) {
      var m = {};
      f.values.forEach(function (v, i) { m[v.id.toLowerCase()] = i; });
      return m;
    });
    var selected = facets.map(function () { return {}; });
    var unknown = [];

    function readURL() {
      var params = new URLSearchParams(window.location.search);
      unknown = [];
      selected = facets.map(function () { return {}; });
      params.forEach(function (value, key) {
        var fi = -1;
        for (var i = 0; i < facets.length; i++) if (facets[i].key === key) fi = i;
        if (fi < 0) return; // not a filter (such as a tracking parameter)
        var vi = byId[fi][String(value).toLowerCase()];
        if (vi === undefined) unknown.push({ facet: facets[fi].label, value: value });
        else selected[fi][vi] = true;
      });
    }

    function writeURL() {
      var params = new URLSearchParams();
      facets.forEach(function (f, fi) {
        Object.keys(selected[fi]).map(Number).sort(function (a, b) { return a - b; }).forEach(function (vi) {
          params.append(f.key, f.values[vi].id);
        });
      });
      var q = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
    }

    // fails lists the facets whose selection c does not meet.
    function fails(c) {
      var out = [];
      for (var fi = 0; fi < facets.length; fi++) {
        var want = selected[fi];
        if (Object.keys(want).length === 0) continue;
        var vals = c.f[fi] || [];
        var any = false;
        for (var j = 0; j < vals.length; j++) if (want[vals[j]]) { any = true; break; }
        if (!any) out.push(fi);
      }
      return out;
    }

    function selection() {
      if (unknown.length) return [];
      return campaigns.filter(function (c) { return fails(c).length === 0; });
    }

    // counts are, for each value, the campaigns the selection would give
    // with that value ticked: those meeting every other facet's choice.
    function counts() {
      var n = facets.map(function (f) { return f.values.map(function () { return 0; }); });
      campaigns.forEach(function (c) {
        var bad = fails(c);
        if (bad.length > 1) return;
        facets.forEach(function (f, fi) {
          if (bad.length === 1 && bad[0] !== fi) return;
          (c.f[fi] || []).forEach(function (vi) { n[fi][vi]++; });
        });
      });
      return n;
    }

    // The boxes, labels and summaries the page already holds, by facet
    // and value position (the ids are f-<facet>-<position>).
    var details = form.querySelectorAll("details.facet");
    var boxes = facets.map(function (f, fi) {
      return f.values.map(function (v, vi) { return document.getElementById("f-" + f.key + "-" + vi); });
    });
    facets.forEach(function (f, fi) {
      boxes[fi].forEach(function (box, vi) {
        if (!box) return;
        box.addEventListener("change", function () {
          if (box.checked) selected[fi][vi] = true;
          else delete selected[fi][vi];
          unknown = [];
          interacted();
          writeURL();
          update();
        });
      });
    });
    clear.addEventListener("click", function () {
      selected = facets.map(function () { return {}; });
      unknown = [];
      interacted();
      writeURL();
      update();
    });

    // The list keeps its height while the page starts (a shared URL's
    // selection is often shorter than the full list), until the reader
    // changes something.
    function interacted() { results.style.minHeight = ""; }

    function showState() {
      var n = counts();
      facets.forEach(function (f, fi) {
        var k = Object.keys(selected[fi]).length;
        var det = details[fi];
        var sum = det && det.querySelector("summary");
        if (sum) sum.textContent = f.label + (k ? " (" + k + ")" : "");
        boxes[fi].forEach(function (b, vi) {
          if (!b) return;
          b.checked = !!selected[fi][vi];
          var span = b.parentNode.querySelector(".n");
          if (span) span.textContent = "(" + n[fi][vi] + ")";
          b.parentNode.classList.toggle("zero", n[fi][vi] === 0 && !b.checked);
        });
      });
    }

    function row(c) {
      var li = el("li");
      li.appendChild(el("a", { href: c.url }, c.name));
      var first = c.first ? el("time", { datetime: c.first }, c.first_text || c.first) : null;
      var last = c.last ? el("time", { datetime: c.last }, c.last_text || c.last) : null;
      if (first || last || c.actors) li.appendChild(document.createTextNode(" — "));
      if (first) li.appendChild(first);
      if (first && last) li.appendChild(document.createTextNode(" – "));
      if (last) li.appendChild(last);
      if ((first || last) && c.actors) li.appendChild(document.createTextNode(" · "));
      if (c.actors) li.appendChild(document.createTextNode(c.actors));
      return li;
    }

    function update() {
      showState();
      var sel = selection();
      message.textContent = "";
      if (unknown.length) {
        message.textContent = unknown.map(function (u) {
          return fill(S.explore_unknown || "Unknown value {value} for {facet}.", u);
        }).join(" ");
      } else if (sel.length === 0) {
        message.textContent = S.explore_none || "No campaign matches.";
      }
      // The "one" form by the page language's CLDR rules (French: 0 and 1).
      var form = plural.select(sel.length) === "one" && S.explore_results_one ? S.explore_results_one : S.explore_results;
      count.textContent = fill(form || "{count} campaigns", { count: sel.length });
      // Hidden but in place, so the list below does not move.
      downloads.style.visibility = sel.length === 0 ? "hidden" : "";
      while (results.firstChild) results.removeChild(results.firstChild);
      sel.slice(0, MAX_SHOWN).forEach(function (c) { results.appendChild(row(c)); });
      more.textContent = sel.length > MAX_SHOWN ? MAX_SHOWN + " / " + sel.length : "";
    }

    function rows() {
      return selection().map(function (c) {
        var row = {
          id: c.id, name: c.name, url: new URL(c.url, window.location.href).href,
          first_seen: c.first || "", last_seen: c.last || "", attributed_to: c.actors || ""
        };
        facets.forEach(function (f, fi) {
          row[f.key] = (c.f[fi] || []).map(function (vi) { return f.values[vi].id; });
        });
        return row;
      });
    }

    // A cell that a spreadsheet would read as a formula gets a leading
    // apostrophe, as in the site's CSV downloads.
    function csvCell(v) {
      var s = Array.isArray(v) ? v.join("; ") : String(v);
      if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
      return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    }

    function save(name, type, text) {
      var url = URL.createObjectURL(new Blob([text], { type: type }));
      var a = el("a", { href: url, download: name });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }

    csvButton.addEventListener("click", function () {
      var rs = rows();
      var cols = ["id", "name", "url", "first_seen", "last_seen", "attributed_to"].concat(facets.map(function (f) { return f.key; }));
      var lines = [cols.join(",")];
      rs.forEach(function (r) { lines.push(cols.map(function (k) { return csvCell(r[k]); }).join(",")); });
      save("campaigns-selection.csv", "text/csv;charset=utf-8", "\ufeff" + lines.join("\r\n") + "\r\n");
    });
    jsonButton.addEventListener("click", function () {
      save("campaigns-selection.json", "application/json", JSON.stringify(rows(), null, 1) + "\n");
    });

    readURL();
    var filtered = unknown.length > 0 || selected.some(function (s) { return Object.keys(s).length > 0; });
    if (filtered) {
      results.style.minHeight = results.offsetHeight + "px";
      update();
    }
    form.querySelectorAll("fieldset").forEach(function (fs) { fs.disabled = false; });
    [clear, csvButton, jsonButton].forEach(function (b) { b.disabled = false; });
    app.setAttribute("data-state", "ready");
  }
})();
