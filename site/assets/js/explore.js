// Explore: combine facet filters over the campaigns. The page works
// without this script (every facet value has its own page, listed below
// the filters); with it, filters combine (any checked value within a
// filter, every filter across them), the state lives in the URL so a
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
  var status = el("p", { "class": "explore-status" }, app.getAttribute("data-loading") || "");
  app.appendChild(status);

  fetch(app.getAttribute("data-src"), { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(start)
    .catch(function () {
      status.textContent = "The campaign data could not be loaded.";
      var s = app.getAttribute("data-error");
      if (s) status.textContent = s;
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

    function matches(c) {
      for (var fi = 0; fi < facets.length; fi++) {
        var want = selected[fi];
        if (Object.keys(want).length === 0) continue;
        var vals = c.f[fi] || [];
        var any = false;
        for (var j = 0; j < vals.length; j++) if (want[vals[j]]) { any = true; break; }
        if (!any) return false;
      }
      return true;
    }

    function selection() {
      if (unknown.length) return [];
      return campaigns.filter(matches);
    }

    // The filter form: one fieldset per facet, its values as checkboxes,
    // folded in a <details> so long lists (techniques) stay out of the way.
    var form = el("form", { "class": "explore-form", "aria-label": S.explore_filters || "Filters" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var boxes = [];
    facets.forEach(function (f, fi) {
      var det = el("details", { "class": "facet" });
      var sum = el("summary", null, f.label);
      det.appendChild(sum);
      var fs = el("fieldset");
      fs.appendChild(el("legend", { "class": "visually-hidden" }, f.label));
      var list = el("ul", { "class": "facet-options" });
      boxes[fi] = [];
      f.values.forEach(function (v, vi) {
        var id = "f-" + f.key + "-" + vi;
        var li = el("li");
        var box = el("input", { type: "checkbox", id: id, name: f.key, value: v.id });
        box.addEventListener("change", function () {
          if (box.checked) selected[fi][vi] = true;
          else delete selected[fi][vi];
          unknown = [];
          writeURL();
          update();
        });
        boxes[fi][vi] = box;
        li.appendChild(box);
        li.appendChild(el("label", { "for": id }, v.label + " (" + v.n + ")"));
        list.appendChild(li);
      });
      fs.appendChild(list);
      det.appendChild(fs);
      form.appendChild(det);
    });
    var clear = el("button", { type: "button", "class": "explore-clear" }, S.explore_clear || "Clear");
    clear.addEventListener("click", function () {
      selected = facets.map(function () { return {}; });
      unknown = [];
      writeURL();
      update();
    });
    form.appendChild(clear);

    var count = el("p", { "class": "explore-count", role: "status", "aria-live": "polite" });
    var message = el("p", { "class": "explore-message" });
    var downloads = el("p", { "class": "explore-downloads" });
    var csvButton = el("button", { type: "button" }, S.explore_download_csv || "CSV");
    var jsonButton = el("button", { type: "button" }, S.explore_download_json || "JSON");
    downloads.appendChild(csvButton);
    downloads.appendChild(document.createTextNode(" "));
    downloads.appendChild(jsonButton);
    var results = el("ul", { "class": "explore-results links" });
    var more = el("p", { "class": "explore-more" });

    status.remove();
    app.appendChild(form);
    app.appendChild(count);
    app.appendChild(message);
    app.appendChild(downloads);
    app.appendChild(results);
    app.appendChild(more);

    function summaryOpen() {
      facets.forEach(function (f, fi) {
        var n = Object.keys(selected[fi]).length;
        var det = form.children[fi];
        det.firstChild.textContent = f.label + (n ? " (" + n + ")" : "");
        if (n) det.open = true;
        boxes[fi].forEach(function (b, vi) { b.checked = !!selected[fi][vi]; });
      });
    }

    function update() {
      summaryOpen();
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
      downloads.hidden = sel.length === 0;
      while (results.firstChild) results.removeChild(results.firstChild);
      sel.slice(0, MAX_SHOWN).forEach(function (c) {
        var li = el("li");
        li.appendChild(el("a", { href: c.url }, c.name));
        var period = [c.first, c.last].filter(Boolean).join(" – ");
        var extra = [period, c.actors].filter(Boolean).join(" · ");
        if (extra) li.appendChild(document.createTextNode(" — " + extra));
        results.appendChild(li);
      });
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
    update();
  }
})();
