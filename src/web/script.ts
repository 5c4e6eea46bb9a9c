// The pages' only script, served as /static/site-<hash>.js (CSP script-src 'self': no inline
// script). Progressive: a page works without it; with it, the hidden 复制链接 button appears and
// copies the page's address (what a service worker pastes into a WeChat group). ES5 and feature
// checks only, for old mobile browsers: navigator.clipboard when there is one (secure pages),
// else a selected text field and execCommand("copy"), else the address is shown to copy by hand.

export const SITE_JS = `(function () {
  if (!document.querySelector || !document.addEventListener) return;
  var button = document.querySelector("button.copy-link");
  if (!button) return;
  var label = button.textContent;
  function done(text) {
    button.textContent = text;
    setTimeout(function () { button.textContent = label; }, 2000);
  }
  function fallback(url) {
    var field = document.createElement("textarea");
    field.value = url;
    field.setAttribute("readonly", "");
    field.style.position = "absolute";
    field.style.left = "-9999px";
    document.body.appendChild(field);
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(field);
    if (ok) done("已复制链接");
    else if (window.prompt) window.prompt("请复制下面的链接：", url);
  }
  button.addEventListener("click", function () {
    var url = button.getAttribute("data-url") || String(window.location.href);
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { done("已复制链接"); }, function () { fallback(url); });
    } else fallback(url);
  });
  button.removeAttribute("hidden");
})();
`;
