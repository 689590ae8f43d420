/* Яндекс Метрика — only on sites that set `metrika:` in data/site.yml (off by default).
   The counter number comes from this tag's data-counter; the tag script is Yandex's own. */
(function () {
  var counter = Number(document.currentScript && document.currentScript.dataset.counter);
  if (!counter) return;
  window.ym = window.ym || function () { (window.ym.a = window.ym.a || []).push(arguments); };
  window.ym.l = Date.now();
  var s = document.createElement("script");
  s.async = true;
  s.src = "https://mc.yandex.ru/metrika/tag.js";
  document.head.appendChild(s);
  window.ym(counter, "init", { clickmap: false, trackLinks: true, accurateTrackBounce: true, webvisor: false });
})();
