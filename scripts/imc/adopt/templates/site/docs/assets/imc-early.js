// Applies the visually-impaired settings before the first paint (no flash of the normal view).
(function () {
  try {
    var s = JSON.parse(localStorage.getItem("imc-a11y") || "{}");
    var c = document.documentElement.classList;
    if (s.font > 1) c.add("a11y-font-" + s.font);
    if (s.scheme) c.add("a11y", "a11y-" + s.scheme);
    if (s.images === false) c.add("a11y-noimg");
    if (s.spacing) c.add("a11y-spacing");
  } catch (e) { /* private mode: settings are simply not remembered */ }
})();
