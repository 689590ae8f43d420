// imc: the version for the visually impaired, print buttons, clause links and the search page.
// No third-party code; the search runs on pagefind's own bundle in /pagefind/.
(function () {
  "use strict";
  var KEY = "imc-a11y";

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }
  function save(s) {
    try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* not remembered */ }
  }
  function apply(s) {
    var c = document.documentElement.classList;
    ["a11y", "a11y-bw", "a11y-wb", "a11y-blue", "a11y-font-2", "a11y-font-3", "a11y-noimg", "a11y-spacing"]
      .forEach(function (k) { c.remove(k); });
    if (s.font > 1) c.add("a11y-font-" + s.font);
    if (s.scheme) c.add("a11y", "a11y-" + s.scheme);
    if (s.images === false) c.add("a11y-noimg");
    if (s.spacing) c.add("a11y-spacing");
    document.querySelectorAll("[data-a11y-font]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(+b.dataset.a11yFont === (s.font || 1)));
    });
    document.querySelectorAll("[data-a11y-scheme]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.a11yScheme === s.scheme));
    });
    document.querySelectorAll("[data-a11y-images]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(s.images === false));
    });
    document.querySelectorAll("[data-a11y-spacing]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(!!s.spacing));
    });
  }

  function initA11y() {
    var root = document.querySelector("[data-imc-a11y]");
    if (!root) return;
    var toggle = root.querySelector(".imc-a11y__toggle");
    var panel = root.querySelector(".imc-a11y__panel");
    var s = load();
    if (s.scheme || s.font > 1) { panel.hidden = false; toggle.setAttribute("aria-expanded", "true"); }
    toggle.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden && !s.scheme) { s.scheme = "bw"; s.font = Math.max(s.font || 1, 2); save(s); apply(s); }
    });
    root.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b || b === toggle) return;
      if (b.dataset.a11yFont) s.font = +b.dataset.a11yFont;
      if (b.dataset.a11yScheme) s.scheme = b.dataset.a11yScheme;
      if (b.hasAttribute("data-a11y-images")) s.images = s.images === false ? true : false;
      if (b.hasAttribute("data-a11y-spacing")) s.spacing = !s.spacing;
      if (b.hasAttribute("data-a11y-reset")) { s = {}; panel.hidden = true; toggle.setAttribute("aria-expanded", "false"); }
      save(s); apply(s);
    });
    apply(s);
  }

  function initPrint() {
    document.querySelectorAll("[data-imc-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll(".imc-clause__link").forEach(function (a) {
      a.addEventListener("click", function () {
        var url = location.href.split("#")[0] + a.getAttribute("href");
        if (navigator.clipboard) navigator.clipboard.writeText(url).catch(function () {});
      });
    });
  }

  // ---------------------------------------------------------------- search page
  var SYNONYMS = null;

  function plural(n, one, few, many) {
    var m10 = n % 10, m100 = n % 100;
    var w = (m10 === 1 && m100 !== 11) ? one : (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) ? few : many;
    return n + "\u00a0" + w;
  }
  function fold(s) { return s.toLowerCase().replace(/ё/g, "е"); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function expand(q) {
    // Abbreviations and synonyms from data/synonyms.yml: «ФГ» also searches «функциональная грамотность».
    var out = [q];
    if (!SYNONYMS) return out;
    var words = q.split(/\s+/);
    words.forEach(function (w) {
      var alts = SYNONYMS[fold(w)];
      if (alts) alts.forEach(function (a) {
        out.push(words.map(function (x) { return x === w ? a : x; }).join(" "));
      });
    });
    return out;
  }

  async function initSearch() {
    var box = document.getElementById("imc-search");
    if (!box) return;
    var bundle = box.dataset.bundle;
    var form = box.querySelector("form");
    var input = box.querySelector("#imc-q");
    var filtersBox = box.querySelector(".imc-search__filters");
    var results = box.querySelector(".imc-search__results");
    var pagefind;
    try {
      pagefind = await import(new URL(bundle + "pagefind.js", location.href).href);
      await pagefind.options({ excerptLength: 30 });
      pagefind.init();
    } catch (e) {
      results.textContent = "Поиск не загрузился. Откройте сайт через веб-сервер (imc serve), а не как файл.";
      return;
    }
    try {
      var resp = await fetch(new URL(bundle + "../synonyms.json", location.href).href);
      if (resp.ok) SYNONYMS = await resp.json();
    } catch (e) { SYNONYMS = null; }

    var state = { q: "", filters: {} };
    var params = new URLSearchParams(location.search);
    state.q = params.get("q") || "";
    params.forEach(function (v, k) {
      if (k.indexOf("f.") === 0) (state.filters[k.slice(2)] = state.filters[k.slice(2)] || []).push(v);
    });
    input.value = state.q;
    var allFilters = await pagefind.filters();

    function syncUrl() {
      var p = new URLSearchParams();
      if (state.q) p.set("q", state.q);
      Object.keys(state.filters).forEach(function (k) {
        state.filters[k].forEach(function (v) { p.append("f." + k, v); });
      });
      var qs = p.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
    }

    function renderFilters(counts) {
      filtersBox.textContent = "";
      Object.keys(allFilters).forEach(function (name) {
        var values = Object.keys(allFilters[name]);
        if (!values.length) return;
        var fs = el("fieldset", { "class": "imc-search__facet" });
        fs.appendChild(el("legend", {}, name));
        values.sort(function (a, b) { return ((counts[name] || {})[b] || 0) - ((counts[name] || {})[a] || 0) || a.localeCompare(b, "ru"); });
        values.forEach(function (v) {
          var n = (counts[name] || {})[v] || 0;
          var checked = (state.filters[name] || []).indexOf(v) >= 0;
          if (!n && !checked) return;
          var id = "f-" + name + "-" + v;
          var label = el("label", { "for": id });
          var cb = el("input", { type: "checkbox", id: id, value: v });
          cb.checked = checked;
          cb.addEventListener("change", function () {
            var list = state.filters[name] = state.filters[name] || [];
            if (cb.checked) list.push(v); else list.splice(list.indexOf(v), 1);
            if (!list.length) delete state.filters[name];
            run();
          });
          label.appendChild(cb);
          label.appendChild(document.createTextNode(" " + v + " "));
          label.appendChild(el("span", { "class": "imc-count" }, String(n)));
          fs.appendChild(label);
        });
        filtersBox.appendChild(fs);
      });
    }

    var seq = 0;
    async function run() {
      var my = ++seq;
      syncUrl();
      var filters = {};
      Object.keys(state.filters).forEach(function (k) { filters[k] = { any: state.filters[k] }; });
      if (!state.q && !Object.keys(filters).length) {
        results.textContent = "";
        results.appendChild(el("p", { "class": "imc-muted" }, "Введите запрос или выберите фильтр."));
        renderFilters(allFilters);
        return;
      }
      var queries = state.q ? expand(state.q) : [null];
      var found = await Promise.all(queries.map(function (q) { return pagefind.search(q, { filters: filters }); }));
      if (my !== seq) return;
      var seen = {}, hits = [];
      found.forEach(function (r) { r.results.forEach(function (h) { if (!seen[h.id]) { seen[h.id] = 1; hits.push(h); } }); });
      hits.sort(function (a, b) { return b.score - a.score; });
      renderFilters(found[0].filters || allFilters);
      results.textContent = "";
      if (!hits.length) {
        results.appendChild(el("p", { "class": "imc-search__empty", role: "status" },
          "Ничего не найдено. Попробуйте другое слово или уберите фильтры."));
        return;
      }
      results.appendChild(el("p", { "class": "imc-total", role: "status" }, "Найдено: " + plural(hits.length, "результат", "результата", "результатов")));
      var ol = el("ol", { "class": "imc-list" });
      results.appendChild(ol);
      var data = await Promise.all(hits.slice(0, 30).map(function (h) { return h.data(); }));
      if (my !== seq) return;
      data.forEach(function (d) {
        var li = el("li", { "class": "imc-entry" });
        var h = el("h3", { "class": "imc-entry__title" });
        var a = el("a", { href: d.url }, (d.meta && d.meta.title) || d.url);
        h.appendChild(a);
        li.appendChild(h);
        var kind = (d.meta && d.meta["Тип"]) || (d.filters && d.filters["Тип"] && d.filters["Тип"][0]) || "";
        var facts = [kind];
        ["Предметы", "Уровни образования", "Организация", "Год"].forEach(function (k) {
          if (d.filters && d.filters[k]) facts.push(d.filters[k].join(", "));
        });
        if (d.meta && d.meta.file) facts.push("найдено в файле " + d.meta.file);
        li.appendChild(el("p", { "class": "imc-entry__meta" }, facts.filter(Boolean).join(" · ")));
        var ex = el("p", { "class": "imc-entry__desc" });
        ex.innerHTML = d.excerpt; // pagefind escapes the text and adds only <mark>
        li.appendChild(ex);
        ol.appendChild(li);
      });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); state.q = input.value.trim(); run(); });
    var timer;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = input.value.trim(); run(); }, 250);
    });
    run();
  }

  function init() { initA11y(); initPrint(); initSearch(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
