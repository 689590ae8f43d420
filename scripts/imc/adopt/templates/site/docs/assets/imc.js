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
    scrollRegionsSoon();  // larger letters can make a table scroll
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

  // On a phone the open filter lists of a catalogue would come before its first result (a screen
  // and more of links): they start folded there; the one in use stays open.
  function foldFacets() {
    if (!window.matchMedia("(max-width: 900px)").matches) return;
    document.querySelectorAll("details.imc-facet[open]").forEach(function (d) {
      if (!d.querySelector("[aria-current]")) d.open = false;
    });
  }

  // ---------------------------------------------------------------- scrollable tables
  // The theme wraps every table in .md-typeset__scrollwrap once the page is shown. A wrapper that
  // really scrolls must be reachable from the keyboard and have a name (WCAG 2.1.1).
  function scrollRegions() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (w) {
      if (!w.dataset.imcName) {
        var outer = w.parentElement && w.parentElement.closest(".imc-table-wrap");
        var caption = w.querySelector("caption");
        var name = (outer && outer.getAttribute("aria-label")) || (caption && caption.textContent.trim()) || "Таблица";
        if (outer) {  // our own wrapper (for pages without scripts) hands its role to the theme's one
          ["tabindex", "role", "aria-label"].forEach(function (a) { outer.removeAttribute(a); });
          outer.classList.add("imc-table-wrap--theme");
        }
        w.dataset.imcName = name;
      }
      if (w.scrollWidth > w.clientWidth + 1) {
        w.setAttribute("tabindex", "0");
        w.setAttribute("role", "region");
        w.setAttribute("aria-label", w.dataset.imcName + " (прокручивается)");
      } else {
        ["tabindex", "role", "aria-label"].forEach(function (a) { w.removeAttribute(a); });
      }
    });
  }
  var scrollTimer;
  function scrollRegionsSoon() { clearTimeout(scrollTimer); scrollTimer = setTimeout(scrollRegions, 150); }

  // ---------------------------------------------------------------- search page
  var SYNONYMS = {};
  var MAX_VARIANTS = 8;
  // The facets in the order a teacher narrows a search; a facet shows its FACET_SHORT largest values first.
  var FACET_ORDER = ["Тип", "Предметы", "Уровни образования", "Вид материала", "Направления", "Год",
    "Организация", "Округ", "Статус"];
  var FACET_SHORT = 6;
  // The panel's counts wait this long after the results are shown (and the search box this long
  // after the last key): pagefind answers one search at a time, and counts for a query already
  // replaced would hold up the next one.
  var PAUSE = 250;
  var PAGE = 10;  // results shown at first and added by «Показать ещё»: each downloads its page's text

  function plural(n, one, few, many) {
    var m10 = n % 10, m100 = n % 100;
    var w = (m10 === 1 && m100 !== 11) ? one : (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) ? few : many;
    return n + "\u00a0" + w;
  }
  // Comparison keys. fold: case and ё/е (as data/synonyms.yml is keyed); norm: also drops
  // diacritics the way pagefind does (ё → е, й → и), for comparing with indexed words.
  function fold(s) { return String(s).toLowerCase().replace(/ё/g, "е").trim().split(/\s+/).join(" "); }
  function norm(s) { return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function letters(s) { return norm(s).replace(/[^\p{L}\p{N}]+/gu, ""); }
  function common(a, b) { var n = 0; while (n < a.length && n < b.length && a[n] === b[n]) n++; return n; }
  function quote(words) { return words.map(function (w) { return "«" + w + "»"; }).join(", "); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  // Is an indexed word a real match for a query word? pagefind matches words that start with the
  // stem of the query word; a query word that is in no indexed word is silently replaced by its
  // longest prefix that is («зюзюкальщина» → «з»), so a made-up word finds every «З».
  // A real match shares at least half of the query word (the stem is longer than that).
  function resembles(term, word) {
    var need = term.length <= 3 ? term.length : Math.max(3, Math.ceil(term.length / 2));
    var n = norm(word);
    var forms = n.split(/[^\p{L}\p{N}]+/u).concat([n.replace(/[^\p{L}\p{N}]+/gu, "")]);
    return forms.some(function (w) { return w && common(term, w) >= need; });
  }

  // The Russian Snowball stemmer (snowballstem.org/algorithms/russian), as pagefind stems: after
  // taking diacritics off («й» → «и», «ё» → «е»). A split index asks it whether a shard holds a
  // form of a query word: pagefind finds the words whose stem begins with the query word's stem.
  var RU_VOWELS = "аеиоуыэюя";
  function byLength(list) { return list.split(" ").sort(function (a, b) { return b.length - a.length; }); }
  var RU = {
    gerund1: byLength("в вши вшись"), gerund2: byLength("ив ивши ившись ыв ывши ывшись"),
    adjective: byLength("ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю ая яя ою ею"),
    participle1: byLength("ем нн вш ющ щ"), participle2: byLength("ивш ывш ующ"),
    reflexive: byLength("ся сь"),
    verb1: byLength("ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно"),
    verb2: byLength("ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют ит ыт ены ить ыть ишь ую ю"),
    noun: byLength("а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях ях ы ь ию ью ю ия ья я"),
    superlative: byLength("ейш ейше"), derivational: byLength("ост ость")
  };
  function ruStem(word) {
    var w = norm(word);  // «ё» → «е», «й» → «и»: norm takes the marks off
    var isV = function (c) { return RU_VOWELS.indexOf(c) >= 0; };
    var i = 0;
    while (i < w.length && !isV(w[i])) i++;
    if (i >= w.length) return w;
    var pV = i + 1, p2 = w.length, k = pV;
    // R2: past a non-vowel after pV (R1), then past a vowel and a non-vowel
    while (k < w.length && isV(w[k])) k++;
    if (k < w.length) {
      k++;
      while (k < w.length && !isV(w[k])) k++;
      if (k < w.length) {
        k++;
        while (k < w.length && isV(w[k])) k++;
        if (k < w.length) p2 = k + 1;
      }
    }
    var rv = w.slice(pV);
    // the longest ending of the groups (no shorter one is tried when its condition fails)
    function ending(groups) {
      var best = null;
      groups.forEach(function (g, n) {
        g.forEach(function (e) {
          if ((!best || e.length > best.e.length) && rv.length >= e.length && rv.slice(rv.length - e.length) === e) best = { e: e, group: n };
        });
      });
      return best;
    }
    // group 0 of a pair needs «а» or «я» before the ending (inside RV)
    function cut(groups, conditional) {
      var m = ending(groups);
      if (!m) return false;
      if (conditional && m.group === 0 && "ая".indexOf(rv.charAt(rv.length - m.e.length - 1) || "-") < 0) return false;
      rv = rv.slice(0, rv.length - m.e.length);
      return true;
    }
    if (!cut([RU.gerund1, RU.gerund2], true)) {
      cut([RU.reflexive]);
      if (cut([RU.adjective])) cut([RU.participle1, RU.participle2], true);
      else if (!cut([RU.verb1, RU.verb2], true)) cut([RU.noun]);
    }
    if (rv.slice(-1) === "и") rv = rv.slice(0, -1);
    var d = ending([RU.derivational]);
    if (d && pV + rv.length - d.e.length >= p2) rv = rv.slice(0, rv.length - d.e.length);
    // a superlative goes, then «нн» loses an «н»; or a final «ь» goes
    var t = ending([RU.superlative, ["н"], ["ь"]]);
    if (t && t.group === 2) rv = rv.slice(0, -1);
    else if (t) {
      if (t.group === 0) rv = rv.slice(0, rv.length - t.e.length);
      if (rv.slice(-2) === "нн") rv = rv.slice(0, -1);
    }
    return w.slice(0, pV) + rv;
  }

  // Abbreviations go to the index as «ИОМ_» (scripts/imc/publish/search.py: Russian stemming would cut
  // «ИОМ» to «и»). A query word written in capitals, or a known abbreviation in any case, gets the
  // same mark; what is shown never has it.
  var ABBR_WORD = /^[А-ЯЁ]{2,6}$/;
  var SHARD_FILTER = "imc-shard", SHARDS = [];  // the shards of a split index (s0 the first)
  // Words the index holds as they are in every shard (imc-shards.json `common`, written by
  // imc/publish/search.py): the commonest words need no check that pagefind knows them.
  var COMMON = {};
  // A split index: the shards holding each abbreviation («иом_» → ["s0", "s4"]), from the build.
  var HELD = {};
  // A split index: the shards holding a word of the synonyms (a word beginning with its stem).
  var WORDS = {};
  var API = null, API_PAGE = 10;  // a search server (imc.publish.pgsearch) and its page size
  var ABBREVIATIONS = new Set();
  function bare(word) { return word.replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, "").replace(/_+$/, ""); }
  function listed(word) { var b = bare(word); return b.length <= 6 && ABBREVIATIONS.has(fold(b)); }
  function protect(word) {
    var core = bare(word);
    if (ABBR_WORD.test(core) || listed(core)) return core.toUpperCase() + "_";
    return word;
  }
  function unprotect(s) {
    return String(s).replace(EVERY_RE, "").replace(/([А-ЯЁ]{2,6})_(?![\p{L}\p{N}_])/gu, "$1");
  }
  var FACETS_FILE = "imc-facets.json.gz";  // imc/publish/search.py FACETS_FILE
  // A word every record of the index holds first (imc/publish/search.py EVERY_RECORD).
  var EVERY_RECORD = "imcvse", EVERY_RE = /(<mark>)?imcvse(<\/mark>)?\.?\s*/g;

  // Synonyms of a word: exact (ё/е and case folded), or another form of a one-word key
  // («наставника» → «наставник», «курсах» → «курсы»): same beginning, only an ending differs.
  var ENDING = /^[аеиоуыэюяьймхвг]{0,3}$/;
  function synonymsOf(word) {
    var f = fold(bare(word));
    if (SYNONYMS[f]) return SYNONYMS[f];
    var found = null;
    Object.keys(SYNONYMS).forEach(function (k) {
      if (found || k.indexOf(" ") >= 0 || f.length < 4) return;
      var n = common(f, k);
      if (n >= 3 && n >= k.length - 2 && ENDING.test(f.slice(n)) && ENDING.test(k.slice(n))) found = SYNONYMS[k];
    });
    return found;
  }

  // Each slot holds the ways to search one query word: the word itself and its synonyms.
  // «ФГ урок» → «ФГ урок» and «функциональная грамотность урок»: one query per replacement
  // (pagefind finds pages with all words of a query; the results of the queries are joined).
  function variants(slots) {
    var base = slots.map(function (s) { return s[0]; });
    var out = [base.join(" ")];
    slots.forEach(function (s, i) {
      s.slice(1).forEach(function (alt) {
        if (out.length >= MAX_VARIANTS) return;
        var v = base.slice(0, i).concat([alt], base.slice(i + 1)).join(" ");
        if (out.map(fold).indexOf(fold(v)) < 0) out.push(v);
      });
    });
    return out;
  }

  async function initSearch() {
    var box = document.getElementById("imc-search");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var bundle = new URL(box.dataset.bundle, location.href);
    var form = box.querySelector("form");
    var input = box.querySelector("#imc-q");
    var body = box.querySelector(".imc-search__body");
    var toggle = box.querySelector(".imc-search__toggle");
    var note = toggle.querySelector(".imc-search__toggle-note");
    var hint = note.textContent;
    var filtersBox = box.querySelector(".imc-search__filters");
    try { JSON.parse(box.dataset.abbr || "[]").forEach(function (a) { ABBREVIATIONS.add(fold(a)); }); } catch (e) { /* none */ }
    var results = box.querySelector(".imc-search__results");
    var pagefind;
    try {
      // A big bank's index comes in shards (imc-shards.json lists all but the first): pagefind
      // searches them together, with one runtime.
      var shardsP = fetch(new URL("imc-shards.json", bundle).href)
        .then(function (r) { return r.ok ? r.json() : { shards: [] }; })
        .catch(function () { return { shards: [] }; });
      pagefind = await import(new URL("pagefind.js", bundle).href);
      // Result links are relative to the site root, wherever the site is published.
      var opts = { excerptLength: 30, baseUrl: new URL("../", bundle).pathname };
      await pagefind.options(opts);
      await pagefind.init();
      var manifest = await shardsP;
      var shards = manifest.shards || [];
      // a search server configured (`search_api`): queries go there, the static index stays for the rest
      if (manifest.api) API = new URL(manifest.api, new URL("../", bundle));
      SHARDS = shards.length ? ["s0"].concat(shards.map(function (s) { return s.replace(/\/$/, ""); })) : [];
      (manifest.common || []).forEach(function (w) { COMMON[w] = true; });
      HELD = manifest.abbreviations || {};
      WORDS = manifest.words || {};
      await Promise.all(shards.map(function (s) {
        return pagefind.mergeIndex(new URL(s, bundle).pathname, opts);
      }));
    } catch (e) {
      results.textContent = "Поиск не загрузился. Откройте сайт через веб-сервер (imc serve), а не как файл.";
      return;
    }
    // One query is asked several times while it is checked and shown (is the word known, what is
    // on the first screen, the results): pagefind scores every page holding the word each time,
    // which on a big bank is most of the wait. The same question is answered once per page view.
    var asked = new Map();
    function search(query, options) {
      // by filters alone: the word every record holds (EVERY_RECORD), not pagefind's search
      // without words, which downloads the whole index
      if (query === null) query = EVERY_RECORD;
      // a result counts the facet values only once their data is loaded (loadFilters)
      var key = JSON.stringify([query, (options && options.filters) || {}, allFilters ? 1 : 0]);
      if (!asked.has(key)) {
        if (asked.size >= 64) asked.delete(asked.keys().next().value);
        asked.set(key, pagefind.search(query, options || {}));
      }
      return asked.get(key);
    }
    // The word checks ask with every shard named: the same records as no filter, and pagefind
    // counts each shard's part.
    function everyShard() {
      var all = {}; all[SHARD_FILTER] = { any: SHARDS };
      return SHARDS.length ? { filters: all } : {};
    }
    try {
      var resp = await fetch(new URL("../synonyms.json", bundle).href);
      if (resp.ok) {
        var raw = await resp.json();
        Object.keys(raw).forEach(function (k) { SYNONYMS[fold(k)] = raw[k]; });
      }
    } catch (e) { /* no synonyms: the search still works */ }

    var state = { q: "", filters: {} };
    var params = new URLSearchParams(location.search);
    state.q = (params.get("q") || "").trim();
    params.forEach(function (v, k) {
      if (k.indexOf("f.") === 0) (state.filters[k.slice(2)] = state.filters[k.slice(2)] || []).push(v);
    });
    input.value = state.q;
    function filtered() { return Object.keys(state.filters).length > 0; }

    // The facet panel. Its data (every filter of the site, a chunk per filter) is loaded only
    // when the panel is opened, or when filters are chosen (a shared address): a query alone
    // does not need it. pagefind counts a filter only once its chunk is loaded.
    var panelOpen = filtered();
    var allFilters = null, filtersP = null;
    function loadFilters() {
      return filtersP || (filtersP = pagefind.filters().then(function (f) { delete f[SHARD_FILTER]; allFilters = f; }));
    }
    function chosen() {
      return Object.keys(state.filters).reduce(function (n, k) { return n + state.filters[k].length; }, 0);
    }
    function drawToggle() {
      var n = chosen();
      toggle.setAttribute("aria-expanded", String(panelOpen));
      note.textContent = n ? "\u00a0(выбрано: " + n + ")" : panelOpen ? "" : hint;
      filtersBox.hidden = !panelOpen;
      body.classList.toggle("imc-search__body--open", panelOpen);
    }
    toggle.addEventListener("click", function () {
      panelOpen = !panelOpen;
      drawToggle();
      if (!panelOpen) return;
      loadFilters();
      if (!allFilters) {
        filtersBox.textContent = "";
        filtersBox.appendChild(el("p", { "class": "imc-muted", role: "status" }, "Загружаем фильтры…"));
      }
      refreshCounts();
    });

    // Which records carry each filter value: {name: {value: Set(ids)}}, built on first need.
    // When a query is several queries (an abbreviation and its expansion), the results are
    // joined here and the facet counts counted from it, so they stay exact.
    var facetIndexP = null;
    function facetIndex() { return facetIndexP || (facetIndexP = buildFacetIndex()); }
    async function buildFacetIndex() {
      await loadFilters();
      var map = {};
      // The build lists them (imc/publish/search.py facets_file): one small file.
      var data = await facetsFile();
      if (data) {
        Object.keys(data.facets).forEach(function (name) {
          map[name] = {};
          Object.keys(data.facets[name]).forEach(function (value) {
            var ids = new Set(), n = 0;
            data.facets[name][value].forEach(function (step) { n += step; ids.add(data.ids[n]); });
            map[name][value] = ids;
          });
        });
        return { map: map };
      }
      // A site built without the file: pagefind's own search without words, per value (it reads
      // the whole index once, then answers each value at once).
      var jobs = [];
      Object.keys(allFilters).forEach(function (name) {
        map[name] = {};
        Object.keys(allFilters[name]).forEach(function (value) {
          var f = {}; f[name] = value;
          jobs.push(pagefind.search(null, { filters: f }).then(function (r) {
            map[name][value] = new Set(r.results.map(function (h) { return h.id; }));
          }));
        });
      });
      await Promise.all(jobs);
      return { map: map };
    }
    async function facetsFile() {
      try {
        var r = await fetch(new URL(FACETS_FILE, bundle).href);
        if (!r.ok) return null;
        var bytes = new Uint8Array(await r.arrayBuffer());
        // gzipped, unless the server unpacked it on the way (a «.gz» served as Content-Encoding)
        var text = bytes[0] === 0x1f && bytes[1] === 0x8b ?
          await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text() :
          new TextDecoder().decode(bytes);
        return JSON.parse(text);
      } catch (e) { return null; }
    }

    function pagefindFilters(except, query) {
      var pf = onlyShards(query);
      Object.keys(state.filters).forEach(function (k) { if (k !== except) pf[k] = { any: state.filters[k] }; });
      return pf;
    }

    // One query: pagefind filters and counts itself. A facet with ticked values is counted
    // without its own ticks (the other facets applied), so its other values can be added.
    // Without counts (the panel closed) only the chunks of the chosen filters are loaded.
    async function searchOne(query, withCounts) {
      if (withCounts) await loadFilters();
      var main = await search(query, { filters: pagefindFilters(null, query) });
      if (!withCounts) return { hits: main.results, counts: null };
      var counts = {};
      Object.keys(main.filters || {}).forEach(function (k) { counts[k] = main.filters[k]; });
      await Promise.all(Object.keys(state.filters).map(async function (name) {
        var r = await search(query, { filters: pagefindFilters(name, query) });
        counts[name] = (r.filters || {})[name] || {};
      }));
      return { hits: main.results, counts: counts };
    }

    // The search server: the same hits as pagefind gives (id, data()), each page of results
    // fetched when one of its entries is shown; the server counts the filter values itself.
    async function searchApi(query, withCounts) {
      var pages = {};
      function pageAt(offset) {
        if (!pages[offset]) {
          var u = new URL(API.href);
          u.searchParams.set("q", query);
          u.searchParams.set("offset", String(offset));
          Object.keys(state.filters).forEach(function (k) {
            state.filters[k].forEach(function (v) { u.searchParams.append("f." + k, v); });
          });
          pages[offset] = fetch(u.href).then(function (r) {
            if (!r.ok) throw new Error("search server: " + r.status);
            return r.json();
          });
        }
        return pages[offset];
      }
      var first = await pageAt(0);
      var hits = [];
      for (var i = 0; i < first.total; i++) hits.push({ id: "api:" + i, data: (function (i) {
        return async function () {
          var off = i - i % API_PAGE, r = (await pageAt(off)).results[i - off];
          return { url: r.url, meta: { title: r.title }, filters: r.filters, excerpt: r.excerpt };
        };
      })(i) });
      if (withCounts) await loadFilters();
      return { hits: hits, counts: withCounts ? first.counts : null };
    }

    // Several queries: their results joined, filtered and counted with the facet index.
    async function searchMany(queries, withCounts) {
      // The panel closed: pagefind applies the chosen filters to each query itself. Counting the
      // panel's values needs every result's facets (facetIndex: one search per facet value).
      var narrowed = !withCounts && filtered();
      var found = await Promise.all(queries.map(function (q) {
        return search(q, { filters: narrowed ? pagefindFilters(null, q) : onlyShards(q) });
      }));
      var best = {};
      found.forEach(function (r) {
        r.results.forEach(function (h) { if (!best[h.id] || h.score > best[h.id].score) best[h.id] = h; });
      });
      var idx = withCounts || (filtered() && !narrowed) ? await facetIndex() : null;
      var ids = Object.keys(best);
      var hits = ids.filter(function (id) { return !idx || passes(idx, id, null); }).map(function (id) { return best[id]; });
      hits.sort(function (a, b) { return b.score - a.score; });
      return { hits: hits, counts: withCounts ? countFacets(idx, ids) : null };
    }

    // Whether pagefind really knows a query word (see resembles): an exact word needs no more;
    // otherwise a result must contain a word that begins like the query word. That result's
    // text is downloaded, so it is one of those shown first when it can be (shownFirst: the ids
    // the query as typed shows on its first screen), not one more download.
    var known = {};
    var holding = {};  // word → the shards that hold it as it is (a split index only)
    // A split index: a query goes only to the shards holding each of its words found as they are
    // (see SHARD_FILTER in imc/publish/search.py); a word known otherwise leaves all shards in.
    // No shard filter when every shard is kept: a search with a filter makes pagefind count
    // every loaded filter over all its results, which for a common word costs more than the search.
    function onlyShards(query) {
      var pf = {};
      if (!SHARDS.length || !query) return pf;
      var keep = SHARDS;
      query.split(/\s+/).forEach(function (w) {
        var h = holding[fold(w)];
        if (h) keep = keep.filter(function (s) { return h.indexOf(s) >= 0; });
      });
      if (keep.length < SHARDS.length) pf[SHARD_FILTER] = { any: keep.length ? keep : ["-"] };
      return pf;
    }
    // The shards that hold the word as it is, or a form of it (a shard's first result is checked
    // with the stemmer); the others would answer with a shorter prefix.
    async function holdingShards(word, exact) {
      // An abbreviation («ИОМ_») is indexed whole: the build lists the shards holding it, where a
      // shard without it would answer with its prefix («и…»).
      if (/_$/.test(word)) return HELD[fold(word)] || [];
      // So is a word of the synonyms (the build stems as pagefind does): no questions needed.
      if (WORDS[fold(word)]) return WORDS[fold(word)];
      // A shard where the word matches as it is (pagefind's own stemming, as one index would
      // match it) is kept without more questions; on a big bank a common word is in every shard.
      var matched = exact || await search('"' + word + '"', everyShard());
      var per = (matched.filters || {})[SHARD_FILTER] || {};
      if (SHARDS.every(function (s) { return per[s] > 0; })) return SHARDS;
      var loose = await search(word, everyShard());
      var maybe = (loose.filters || {})[SHARD_FILTER] || {};
      var stem = ruStem(word);
      var checked = await Promise.all(SHARDS.map(async function (s) {
        if (per[s] > 0) return true;
        if (!(maybe[s] > 0)) return false;
        var only = {}; only[SHARD_FILTER] = { any: [s] };
        var r = await search(word, { filters: only });
        // a form of the query word, as pagefind stems («практики» — «практика», «практикой»), not
        // the shorter prefix it falls back to («практи…» of «практический»; «образовательный»,
        // stem «образовательны», is not «образовательных», stem «образовательн»)
        return r.results.length ? seenWords(await r.results[0].data()).some(function (w) {
          return letters(w) && ruStem(letters(w)).indexOf(stem) === 0;
        }) : false;
      }));
      return SHARDS.filter(function (s, i) { return checked[i]; });
    }
    // The words of a result that matched the query, and its meta values (a title may match).
    function seenWords(d) {
      var content = d.raw_content || d.content || "";
      var words = content.indexOf("\u200B") >= 0 ? content.split("\u200B") : content.split(/[\r\n\s]+/g);
      var seen = (d.locations || []).map(function (j) { return words[j] || ""; });
      Object.keys(d.meta || {}).forEach(function (k) { seen = seen.concat(String(d.meta[k]).split(/\s+/)); });
      return seen;
    }
    function resemblesIn(d, key) {
      return seenWords(d).some(function (w) { return resembles(key, w); });
    }
    function isKnown(original, shownFirst) {
      var word = protect(original);
      var key = letters(word);
      if (!key) return Promise.resolve(null);  // punctuation only: pagefind ignores it too
      var cacheKey = fold(word);
      if (!known[cacheKey] && COMMON[cacheKey]) {
        if (SHARDS.length) holding[cacheKey] = SHARDS;
        known[cacheKey] = Promise.resolve(true);
      }
      // a word of the synonyms some shard holds (not a short one: see below)
      if (!known[cacheKey] && WORDS[cacheKey] && key.length >= 5) {
        holding[cacheKey] = WORDS[cacheKey];
        known[cacheKey] = Promise.resolve(true);
      }
      if (!known[cacheKey]) known[cacheKey] = (async function () {
        // A word present as it is needs no more checks, unless it is short: Russian stemming
        // can turn a short word into another one («доо» → «д»).
        if (key.length >= 5 || word !== original) {
          var exact = await search('"' + word + '"', everyShard());
          if (exact.results.length) {
            if (SHARDS.length) holding[cacheKey] = await holdingShards(word, exact);
            return true;
          }
        }
        var loose = await search(word, everyShard());
        if (!loose.results.length) return false;
        var picks = loose.results;
        if (shownFirst) {
          var ids = await shownFirst();
          picks = picks.filter(function (h) { return ids.has(h.id); }).concat(picks.filter(function (h) { return !ids.has(h.id); }));
        }
        // Up to three results, one after another: which result ranks first depends on the word
        // statistics of the index (of each shard, when the index is split), the answer must not.
        for (var i = 0; i < Math.min(3, picks.length); i++) {
          if (resemblesIn(await picks[i].data(), key)) {
            if (SHARDS.length) holding[cacheKey] = await holdingShards(word, null);
            return true;
          }
        }
        return false;
      })();
      return known[cacheKey];
    }

    function syncUrl() {
      var p = new URLSearchParams();
      if (state.q) p.set("q", state.q);
      Object.keys(state.filters).forEach(function (k) {
        state.filters[k].forEach(function (v) { p.append("f." + k, v); });
      });
      var qs = p.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
    }

    function has(idx, name, values, id) {
      return values.some(function (v) { return idx.map[name] && idx.map[name][v] && idx.map[name][v].has(id); });
    }
    // Within a facet any checked value matches; facets combine with «и».
    function passes(idx, id, except) {
      return Object.keys(state.filters).every(function (name) {
        return name === except || has(idx, name, state.filters[name], id);
      });
    }
    // How many results a value would give: the other facets applied, this one not.
    function countFacets(idx, ids) {
      var counts = {};
      Object.keys(idx.map).forEach(function (name) {
        var pool = ids.filter(function (id) { return passes(idx, id, name); });
        counts[name] = {};
        Object.keys(idx.map[name]).forEach(function (v) {
          var set = idx.map[name][v], n = 0;
          pool.forEach(function (id) { if (set.has(id)) n++; });
          counts[name][v] = n;
        });
      });
      return counts;
    }

    var expanded = {};  // facets shown whole
    function renderFilters(counts) {
      var focused = document.activeElement && document.activeElement.closest &&
        document.activeElement.closest(".imc-search__facet") ? document.activeElement : null;
      var focusKey = focused ? focused.dataset.facet + "\u0000" + focused.value : null;
      var focusAll = focused ? focused.dataset.facetAll : null;
      var restore = null;
      filtersBox.textContent = "";
      var names = Object.keys(allFilters || {}).sort(function (a, b) {
        var i = FACET_ORDER.indexOf(a), j = FACET_ORDER.indexOf(b);
        return (i < 0 ? 99 : i) - (j < 0 ? 99 : j) || a.localeCompare(b, "ru");
      });
      names.forEach(function (name, i) {
        var values = Object.keys(allFilters[name]);
        var c = counts[name] || {};
        var ticked = state.filters[name] || [];
        values = values.filter(function (v) { return c[v] || ticked.indexOf(v) >= 0; });
        if (!values.length) return;
        var fs = el("fieldset", { "class": "imc-search__facet" });
        fs.appendChild(el("legend", {}, name));
        values.sort(function (a, b) { return (c[b] || 0) - (c[a] || 0) || a.localeCompare(b, "ru"); });
        // a long facet shows its largest values (and the ticked ones) until asked for all
        var hidden = values.length > FACET_SHORT + 1 && !expanded[name] ? values.filter(function (v, j) {
          return j >= FACET_SHORT && ticked.indexOf(v) < 0;
        }) : [];
        values.forEach(function (v, j) {
          if (hidden.indexOf(v) >= 0) return;
          var id = "imc-f-" + i + "-" + j;
          var label = el("label", { "for": id });
          var cb = el("input", { type: "checkbox", id: id, value: v, "data-facet": name });
          cb.checked = (state.filters[name] || []).indexOf(v) >= 0;
          cb.addEventListener("change", function () {
            var list = state.filters[name] = state.filters[name] || [];
            if (cb.checked) { if (list.indexOf(v) < 0) list.push(v); } else list.splice(list.indexOf(v), 1);
            if (!list.length) delete state.filters[name];
            run();
          });
          if (focusKey === name + "\u0000" + v) restore = cb;
          label.appendChild(cb);
          label.appendChild(document.createTextNode(" " + v + " "));
          label.appendChild(el("span", { "class": "imc-count", "aria-label": plural(c[v] || 0, "результат", "результата", "результатов") }, String(c[v] || 0)));
          fs.appendChild(label);
        });
        if (hidden.length || expanded[name]) {
          var all = el("button", { type: "button", "class": "imc-search__all", "aria-expanded": String(!hidden.length),
            "data-facet-all": name }, hidden.length ? "Ещё " + hidden.length : "Свернуть");
          all.addEventListener("click", function () { expanded[name] = !expanded[name]; renderFilters(counts); });
          if (focusAll === name) restore = all;
          fs.appendChild(all);
        }
        filtersBox.appendChild(fs);
      });
      if (!filtersBox.children.length) {
        filtersBox.appendChild(el("p", { "class": "imc-muted" }, "Уточнять нечего: ничего не найдено."));
      } else {  // on a phone the results are below a long panel
        filtersBox.appendChild(el("a", { href: "#imc-search-h", "class": "imc-search__to-results" }, "К результатам"));
      }
      if (chosen()) {
        var reset = el("button", { type: "button", "class": "md-button imc-search__reset" }, "Сбросить фильтры");
        reset.addEventListener("click", function () {
          state.filters = {};
          // the ticks go at once; the counts follow the results
          filtersBox.querySelectorAll("input:checked").forEach(function (cb) { cb.checked = false; });
          toggle.focus();
          reset.remove();
          run();
        });
        filtersBox.insertBefore(reset, filtersBox.firstChild);
      }
      if (restore) restore.focus();  // a keyboard user stays on the checkbox just pressed
    }

    // The counts of the panel for the results on screen (the panel opened after the query).
    var current = { seq: 0, done: false, queries: null };
    async function countsFor(queries) {
      await loadFilters();
      if (queries === null) return allFilters;  // no query, no filter: every value, all records
      if (!queries.length) return {};
      return (queries.length === 1 ? await searchOne(queries[0], true) : await searchMany(queries, true)).counts;
    }
    var countsTimer;
    function countsSoon() {
      filtersBox.setAttribute("aria-busy", "true");  // the counts shown are the last query's
      clearTimeout(countsTimer);
      countsTimer = setTimeout(refreshCounts, PAUSE);
    }
    async function refreshCounts() {
      var my = seq;
      if (current.seq !== my || !current.done) return;  // the query being searched draws them
      filtersBox.setAttribute("aria-busy", "true");  // the counts shown are the last query's
      var counts = await countsFor(current.queries);
      if (my !== seq) return;  // a newer query counts again
      filtersBox.removeAttribute("aria-busy");
      if (panelOpen) renderFilters(counts);
    }

    // One result. also: records of the page's attached files found by the same query (the page
    // is shown once, naming them, with links to their lines on the page).
    function entry(d, also) {
      var li = el("li", { "class": "imc-entry" });
      var h = el("h3", { "class": "imc-entry__title" });
      h.appendChild(el("a", { href: d.url }, unprotect((d.meta && d.meta.title) || d.url)));
      li.appendChild(h);
      var kind = unprotect((d.meta && d.meta["Тип"]) || (d.filters && d.filters["Тип"] && d.filters["Тип"][0]) || "");
      var facts = [kind];
      ["Предметы", "Уровни образования", "Организация", "Год"].forEach(function (k) {
        if (d.filters && d.filters[k]) facts.push(d.filters[k].join(", "));
      });
      if (d.meta && d.meta.file) facts.push("найдено в файле " + d.meta.file);
      var meta = el("p", { "class": "imc-entry__meta" }, facts.filter(Boolean).join(" · "));
      if (also && also.length) {
        meta.appendChild(document.createTextNode(" · найдено также в " + (also.length === 1 ? "файле " : "файлах ")));
        also.forEach(function (f, i) {
          if (i) meta.appendChild(document.createTextNode(", "));
          meta.appendChild(el("a", { href: f.url, "class": "imc-entry__file" }, f.meta.file));
        });
      }
      li.appendChild(meta);
      var ex = el("p", { "class": "imc-entry__desc" });
      ex.innerHTML = unprotect(d.excerpt); // pagefind escapes the text and adds only <mark>
      li.appendChild(ex);
      return li;
    }

    var seq = 0;
    async function run() {
      var my = ++seq;
      current = { seq: my, done: false, queries: null };
      syncUrl();
      drawToggle();
      // The results first, the panel's counts after them (refreshCounts): counting takes more
      // searches (a facet is counted without its own ticks), which on a big bank take longer than
      // the results themselves. A search server counts in the same answer.
      var withCounts = panelOpen && !!API && !!state.q;
      var filtersReady = withCounts ? loadFilters() : null;  // loaded while the query is searched
      if (!state.q && !filtered()) {
        results.textContent = "";
        results.appendChild(el("p", { "class": "imc-muted" }, "Введите запрос или выберите фильтр."));
        current.done = true;
        if (panelOpen) refreshCounts();
        return;
      }
      var queries = [null], dropped = [];  // null: pagefind's search by filters only
      var res = null;
      if (API && state.q) {
        try { res = await searchApi(state.q, withCounts); } catch (e) { res = null; }  // down: the static index
        if (my !== seq) return;
      }
      if (res) { queries = [state.q]; }
      else if (/^\s*".+"\s*$/.test(state.q)) queries = [state.q];  // «"…"»: pagefind's exact phrase
      else if (state.q) {
        var words = state.q.split(/\s+/).filter(Boolean);
        // What the query as typed shows first: a word checked with isKnown is checked on one of
        // these, whose text is downloaded to be shown anyway.
        var firstIds = null;
        var shownFirst = function () {
          return firstIds || (firstIds = search(words.map(protect).join(" "), { filters: pagefindFilters(null) })
            .then(function (r) { return new Set(r.results.slice(0, PAGE).map(function (h) { return h.id; })); }));
        };
        // A word is searched as written if pagefind knows it, and by its synonyms whose words
        // it knows; a word with neither is left out (and named above the results).
        var slots = await Promise.all(words.map(async function (w) {
          // a short word in capitals is an abbreviation, or the Caps Lock key: search both ways
          var forms = ABBR_WORD.test(bare(w)) && !listed(w) ? [w, bare(w).toLowerCase()] : [w];
          var ok = await Promise.all(forms.map(function (f) { return isKnown(f, shownFirst); }));
          if (ok.every(function (x) { return x === null; })) return null;  // punctuation
          var alts = await Promise.all((synonymsOf(w) || []).map(async function (alt) {
            var r = await Promise.all(alt.split(/\s+/).map(function (a) { return isKnown(a, null); }));
            return r.every(function (x) { return x !== false; }) ? alt : null;
          }));
          return forms.filter(function (f, i) { return ok[i]; }).concat(alts.filter(Boolean));
        }));
        dropped = words.filter(function (w, i) { return slots[i] && !slots[i].length; });
        slots = slots.filter(function (s) { return s && s.length; });
        queries = (slots.length ? variants(slots) : []).map(function (q) {
          return q.split(/\s+/).map(protect).join(" ");
        });
      }
      if (my !== seq) return;
      res = res || !queries.length ? res || { hits: [], counts: withCounts ? {} : null } :
        queries.length === 1 ? await searchOne(queries[0], withCounts) : await searchMany(queries, withCounts);
      if (my !== seq) return;
      var hits = res.hits;
      var ol = el("ol", { "class": "imc-list" });
      var next = 0;  // the first hit not placed yet
      // A material and the records of its attached files (its address + «#imc-file-…») can
      // all be found: the material is shown once, in the place of the first of them.
      var pages = {};  // address without «#…» → {d: the page's own result, li, files: [{d, li}]}
      var round = 0;  // entries get the number of the fill that added them (li.imcRound)
      var place = function (d) {
        var key = String(d.url).split("#")[0], file = d.meta && d.meta.file;
        var p = pages[key] || (pages[key] = { d: null, li: null, files: [] });
        var li;
        if (file && p.d) {  // the page is shown: it names this file too
          p.files.push({ d: d });
          li = entry(p.d, p.files.map(function (f) { return f.d; }));
          li.imcRound = p.li.imcRound;
          p.li.replaceWith(li);
          p.li = li;
        } else if (file) {  // a file whose page is not (yet) among the results: as it is, naming the file
          li = entry(d);
          li.imcRound = round;
          p.files.push({ d: d, li: li });
          ol.appendChild(li);
        } else if (!p.files.length) {
          p.d = d;
          p.li = entry(d);
          p.li.imcRound = round;
          ol.appendChild(p.li);
        } else {  // the page takes the place of its file found first
          p.d = d;
          p.li = entry(d, p.files.map(function (f) { return f.d; }));
          p.li.imcRound = p.files[0].li.imcRound;
          p.files[0].li.replaceWith(p.li);
          p.files.slice(1).forEach(function (f) { f.li.remove(); });
        }
      };
      var added = function () {
        return Array.prototype.filter.call(ol.children, function (li) { return li.imcRound === round; });
      };
      // PAGE more entries (fewer when the hits run out): each hit downloads its text.
      // Returns the first new entry.
      var fill = async function () {
        round++;
        while (added().length < PAGE && next < hits.length) {
          var batch = hits.slice(next, next + PAGE - added().length);
          var got = await Promise.all(batch.map(function (h) { return h.data(); }));
          if (my !== seq) return null;
          next += batch.length;
          got.forEach(place);
        }
        return added()[0] || null;
      };
      await fill();
      if (my !== seq) return;

      // Everything is ready: replace the results in one go (screen readers hear one update).
      var out = document.createDocumentFragment();
      if (dropped.length && hits.length) {
        out.appendChild(el("p", { "class": "imc-search__notice" }, (dropped.length === 1 ? "Слово " + quote(dropped) + " не встречается" :
          "Слова " + quote(dropped) + " не встречаются") + " на сайте — показаны результаты без " + (dropped.length === 1 ? "него." : "них.")));
      }
      if (!hits.length) {
        out.appendChild(el("p", { "class": "imc-search__empty", role: "status" },
          "Ничего не найдено" + (state.q ? " по запросу «" + state.q + "»" : "") +
          ". Проверьте написание, попробуйте другое слово" + (filtered() ? " или уберите фильтры." : ".")));
      } else {
        out.appendChild(el("p", { "class": "imc-total", role: "status" },
          "Найдено: " + plural(hits.length, "результат", "результата", "результатов")));
        out.appendChild(ol);
        if (hits.length > next) {
          var more = el("button", { type: "button", "class": "md-button imc-search__more" }, "Показать ещё");
          more.addEventListener("click", async function () {
            if (more.disabled) return;
            more.disabled = true;
            var first = await fill();
            if (my !== seq) return;
            more.disabled = false;
            if (next >= hits.length) more.remove();
            // the first new result gets the focus: a keyboard user goes on reading from there
            // (when the rest were all files of pages shown already, the last result does)
            var target = first || (next >= hits.length ? ol.lastElementChild : null);
            if (target) { var a = target.querySelector("a"); if (a) a.focus(); }
          });
          out.appendChild(more);
        }
      }
      if (res.counts) { await filtersReady; if (my !== seq) return; renderFilters(res.counts); }
      results.textContent = "";
      results.appendChild(out);
      current.queries = queries;
      current.done = true;
      if (panelOpen && !res.counts) countsSoon();
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); state.q = input.value.trim(); run(); });
    var timer;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = input.value.trim(); run(); }, PAUSE);
    });
    run();
  }

  // A plan's filter by month, direction and mark hides rows in place. Without a script the form
  // stays hidden, and the section headings and «План по месяцам» lead to the same items.
  function initPlanFilter() {
    var form = document.querySelector("[data-imc-plan-filter]");
    if (!form) return;
    form.hidden = false;
    var rows = Array.prototype.slice.call(document.querySelectorAll(".imc-plan__item"));
    var count = form.querySelector("output");
    function value(name) { return form.elements[name] ? form.elements[name].value : ""; }
    function run() {
      var month = value("month"), dir = value("direction"), st = value("status"), shown = 0;
      rows.forEach(function (r) {
        var ok = (!month || (" " + r.dataset.month + " ").indexOf(" " + month + " ") >= 0) &&
          (!dir || r.dataset.direction === dir) && (!st || r.dataset.status === st);
        r.hidden = !ok;
        if (ok) shown++;
      });
      document.querySelectorAll(".imc-plan__section").forEach(function (s) {
        s.hidden = !s.querySelector(".imc-plan__item:not([hidden])");
      });
      count.textContent = (month || dir || st) ? "Показано: " + shown + " из " + rows.length : "";
    }
    form.addEventListener("change", run);
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  }

  function init() { initA11y(); initPrint(); initPlanFilter(); foldFacets(); initSearch(); scrollRegions(); setTimeout(scrollRegions, 0); }
  window.addEventListener("resize", scrollRegionsSoon);
  window.addEventListener("load", scrollRegions);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
  window.imcRuStem = ruStem;  // tests compare it with the build's stemmer
})();
