// The course as plain lines of text, for screen readers and small
// screens: what the server writes goes into a live region a line at a
// time, and the one input sends a line back when Enter is pressed.
"use strict";
(function () {
  const log = document.getElementById("log");
  const form = document.getElementById("answer");
  const input = document.getElementById("line");
  const status = document.getElementById("status");
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const ws = new WebSocket(scheme + location.host + "/socket?mode=plain");
  let line = null;
  const decoder = new TextDecoder();
  ws.binaryType = "arraybuffer";
  ws.onopen = () => ws.send(JSON.stringify({ t: "hello", cols: 0, rows: 0, dark: false }));
  ws.onmessage = (e) => {
    const text = decoder.decode(new Uint8Array(e.data), { stream: true }).replace(/\r/g, "");
    const parts = text.split("\n");
    parts.forEach((part, i) => {
      if (i > 0) line = null;
      if (part === "" && i === parts.length - 1) return;
      if (!line) {
        line = document.createElement("p");
        log.appendChild(line);
      }
      line.textContent += part;
    });
    window.scrollTo(0, document.body.scrollHeight);
  };
  ws.onclose = (e) => {
    status.textContent = (e.reason ? e.reason + " " : "The course has closed here. ") + "Reload the page to carry on.";
    input.disabled = true;
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify({ t: "in", d: input.value + "\n" }));
    const echo = document.createElement("p");
    echo.textContent = "> " + input.value;
    log.appendChild(echo);
    line = null;
    input.value = "";
    input.focus();
  });
  input.focus();
})();
