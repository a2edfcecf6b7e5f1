// The typing workload and what it measures: every character an editor types is timed until each other
// client has it (end-to-end delivery latency), then the texts are compared (convergence).
import * as Y from "yjs";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz ";

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runWorkload(clients, { editors, rate, duration, drain }) {
  // sentAt[clientID][clock] = when that character was typed; one character is one clock tick in Yjs
  const sentAt = new Map();
  const latencies = [];
  let delivered = 0;
  const watchers = clients.map((client) => {
    const watch = (tr) => {
      if (tr.local) return;
      const now = performance.now();
      for (const [id, after] of tr.afterState) {
        const times = sentAt.get(id);
        if (!times) continue;
        for (let clock = tr.beforeState.get(id) || 0; clock < after; clock += 1) {
          if (times[clock] !== undefined) {
            latencies.push(now - times[clock]);
            delivered += 1;
          }
        }
      }
    };
    client.doc.on("afterTransaction", watch);
    return () => client.doc.off("afterTransaction", watch);
  });

  let typed = 0;
  const timers = clients.slice(0, editors).map((client) => {
    const doc = client.doc;
    const text = doc.getText("body");
    const times = [];
    sentAt.set(doc.clientID, times);
    let cursor = Math.floor(Math.random() * (text.length + 1));
    let count = 0;
    const type = () => {
      if (count % 20 === 0) cursor = Math.floor(Math.random() * (text.length + 1));
      cursor = Math.min(cursor, text.length);
      times[Y.getState(doc.store, doc.clientID)] = performance.now();
      text.insert(cursor, ALPHABET[count % ALPHABET.length]);
      cursor += 1;
      count += 1;
      typed += 1;
      // The editor's cursor moves with each keystroke, as y-codemirror reports it
      const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, cursor));
      client.awareness.setLocalStateField("cursor", { anchor: position, head: position });
    };
    let timer;
    const start = setTimeout(() => { timer = setInterval(type, 1000 / rate); }, Math.random() * (1000 / rate));
    return () => { clearTimeout(start); clearInterval(timer); };
  });

  const started = performance.now();
  await sleep(duration * 1000);
  timers.forEach((stop) => stop());
  const typingMs = performance.now() - started;
  const expected = typed * (clients.length - 1);
  const drainUntil = performance.now() + drain * 1000;
  while (delivered < expected && performance.now() < drainUntil) await sleep(100);
  watchers.forEach((stop) => stop());

  const texts = clients.map((client) => client.doc.getText("body").toString());
  latencies.sort((a, b) => a - b);
  return {
    typed,
    typingSeconds: typingMs / 1000,
    expected,
    delivered,
    converged: texts.every((t) => t === texts[0]) && texts[0].length >= typed,
    textLength: texts[0].length,
    text: texts[0],
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1] : NaN,
  };
}
