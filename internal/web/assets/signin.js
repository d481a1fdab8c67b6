// The link in a member's letter carries their code after "#code=", which
// never reaches the server's logs: it is put into the form here.
"use strict";
(function () {
  const m = /(?:^#|&)code=([^&]*)/.exec(location.hash);
  if (!m) return;
  const input = document.getElementById("code");
  if (input && !input.value) input.value = decodeURIComponent(m[1]).slice(0, 64);
  history.replaceState(null, "", location.pathname);
})();
