// The course's screens, drawn by xterm.js from what the server's program
// writes, with the keys typed, the window's size and its light or dark
// scheme sent back over one WebSocket.
"use strict";
(function () {
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const themes = {
    dark: { background: "#1e1e1e", foreground: "#e8e8e8", cursor: "#e8e8e8" },
    light: { background: "#ffffff", foreground: "#1a1a1a", cursor: "#1a1a1a", selectionBackground: "#b3d4fc" },
  };
  const term = new Terminal({
    theme: dark.matches ? themes.dark : themes.light,
    fontFamily: "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace",
    fontSize: 15,
    cursorBlink: true,
    screenReaderMode: false,
  });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  const el = document.getElementById("terminal");
  term.open(el);
  fit.fit();
  term.focus();
  const status = document.getElementById("status");
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const ws = new WebSocket(scheme + location.host + "/socket?mode=screens");
  ws.binaryType = "arraybuffer";
  const send = (msg) => { if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg)); };
  ws.onopen = () => send({ t: "hello", cols: term.cols, rows: term.rows, dark: dark.matches });
  ws.onmessage = (e) => term.write(new Uint8Array(e.data));
  ws.onclose = (e) => {
    status.textContent = (e.reason ? e.reason + " " : "The course has closed here. ") + "Reload the page to carry on.";
    term.options.disableStdin = true;
  };
  // A long paste goes in pieces: the server takes messages of 16 KB at most.
  term.onData((d) => {
    if (d.length <= 2048) return send({ t: "in", d: d });
    const chars = Array.from(d); // whole characters, never half a pair
    for (let i = 0; i < chars.length; i += 2048) send({ t: "in", d: chars.slice(i, i + 2048).join("") });
  });
  term.onResize((s) => send({ t: "size", cols: s.cols, rows: s.rows }));
  window.addEventListener("resize", () => fit.fit());
  dark.addEventListener("change", () => {
    term.options.theme = dark.matches ? themes.dark : themes.light;
    send({ t: "dark", dark: dark.matches });
  });
})();
