// The typing workload over several generator threads, and what it measures: every character an editor
// types is timed until each other client has it (end-to-end delivery latency), then the texts are compared.
import { Worker } from "node:worker_threads";

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Generator {
  constructor(data) {
    this.worker = new Worker(new URL("./worker.mjs", import.meta.url), { workerData: data });
    this.delivered = 0;
    this.waiting = new Map();
    this.worker.on("message", (message) => {
      if (message.type === "progress") this.delivered = message.delivered;
      const resolve = this.waiting.get(message.type);
      if (resolve) {
        this.waiting.delete(message.type);
        resolve(message);
      }
    });
    this.failed = new Promise((_resolve, reject) => this.worker.on("error", reject));
  }

  ask(cmd, answer, extra = {}) {
    const reply = new Promise((resolve) => this.waiting.set(answer, resolve));
    this.worker.postMessage({ cmd, ...extra });
    return Promise.race([reply, this.failed]);
  }
}

// Spreads the clients round-robin over `threads` generators; the first `editors` clients type
export async function runWorkload(target, { clients, editors, rate, duration, drain, threads }) {
  const indices = Array.from({ length: clients }, (_v, i) => i);
  const editorIndices = indices.slice(0, editors);
  const generators = Array.from({ length: Math.min(threads, clients) }, (_v, t) => {
    const mine = indices.filter((i) => i % threads === t);
    return new Generator({
      target: target.kind, url: target.url, sectionId: target.sectionId, room: "bench-section",
      tokens: mine.map((i) => (target.tokens ? target.tokens[i] : null)), indices: mine,
      editors: editorIndices, total: clients, rate,
    });
  });
  const ready = [];
  for (const generator of generators) ready.push(await generator.ask("connect", "ready"));
  await Promise.all(generators.map((g) => g.ask("settle", "settled")));
  await sleep(1000);

  const idOf = new Map(); // client index -> its Yjs client id
  generators.forEach((_g, t) => {
    const mine = indices.filter((i) => i % threads === t);
    ready[t].ids.forEach((id, k) => idOf.set(mine[k], id));
  });
  const editorIds = editorIndices.map((i) => idOf.get(i));
  const started = performance.now();
  const typedReplies = await Promise.all(generators.map((g) => g.ask("type", "typed", { duration, editorIds })));
  const typingSeconds = (performance.now() - started) / 1000;
  const typed = typedReplies.reduce((sum, r) => sum + r.typed, 0);
  const expected = typed * (clients - 1);
  const drainUntil = performance.now() + drain * 1000;
  const delivered = () => generators.reduce((sum, g) => sum + g.delivered, 0);
  while (delivered() < expected && performance.now() < drainUntil) await sleep(100);
  const results = await Promise.all(generators.map((g) => g.ask("finish", "result")));

  const sentAt = new Map(results.flatMap((r) => r.sent));
  const latencies = [];
  for (const { arrivals } of results) {
    for (let k = 0; k < arrivals.length; k += 3) {
      const times = sentAt.get(arrivals[k]);
      const at = times && times[arrivals[k + 1]];
      if (at !== undefined && at !== null) latencies.push(arrivals[k + 2] - at);
    }
  }
  latencies.sort((a, b) => a - b);
  const texts = results.flatMap((r) => r.texts);
  return {
    typed,
    typingSeconds,
    expected,
    delivered: latencies.length,
    converged: texts.length === clients && texts.every((t) => t === texts[0]) && texts[0].length >= typed,
    textLength: texts[0].length,
    drops: results.reduce((sum, r) => sum + r.drops, 0),
    text: texts[0],
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1] : NaN,
  };
}
