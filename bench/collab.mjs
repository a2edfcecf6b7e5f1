#!/usr/bin/env node
// Collaboration benchmark: C real Yjs clients in one section, E of them typing R characters a second for
// D seconds, against our server and the reference y-websocket server in the same run.
//
//   node bench/collab.mjs --clients 100 --editors 10 --rate 5 --duration 20
//   PYTHON=.venv/bin/python node bench/collab.mjs --clients 200 --editors 20
//
// Prints delivery latency p50/p99 (ms), delivered/expected, convergence, server CPU and peak memory, and
// the ratio of our p99 to the reference's. Every run is bounded: at most 300 clients, 120 s of typing,
// 60 s of draining. Results are also written as JSON under bench/results/ (not committed).
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { arrangeWorkshop } from "./clients.mjs";
import { BENCH, processStats, startReference, startWorkshop } from "./servers.mjs";
import { runWorkload } from "./workload.mjs";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "100" },
    editors: { type: "string", default: "10" },
    rate: { type: "string", default: "5" },
    duration: { type: "string", default: "20" },
    drain: { type: "string", default: "20" },
    targets: { type: "string", default: "workshop,reference" },
    threads: { type: "string", default: "2" },
  },
});
const bounded = (value, low, high) => Math.max(low, Math.min(high, Number(value)));
const workload = {
  clients: bounded(args.clients, 2, 300),
  editors: 0,
  rate: bounded(args.rate, 0.5, 50),
  duration: bounded(args.duration, 1, 120),
  drain: bounded(args.drain, 1, 60),
  threads: bounded(args.threads, 1, 8),
};
workload.editors = bounded(args.editors, 1, workload.clients);
const python = process.env.PYTHON || "python3";

async function measure(name, server, target, afterRun) {
  const load = loadavg()[0];
  const before = processStats(server.pid);
  const generatorBefore = process.cpuUsage();
  const wall = performance.now();
  const result = await runWorkload(target, workload);
  const seconds = (performance.now() - wall) / 1000;
  const after = processStats(server.pid);
  result.serverCpuSeconds = after.cpu - before.cpu;
  result.serverCpuPercent = (100 * result.serverCpuSeconds) / seconds;
  result.serverPeakMiB = after.peakMiB;
  const generator = process.cpuUsage(generatorBefore); // all generator threads, in µs
  result.generatorCpuPercent = (generator.user + generator.system) / 1e4 / seconds;
  // The machine's 1-minute load before and after: figures from a busy machine say so
  result.load = `${load.toFixed(1)}→${loadavg()[0].toFixed(1)}`;
  if (afterRun) Object.assign(result, await afterRun(result));
  delete result.text;
  return { name, ...result };
}

async function benchWorkshop() {
  const server = await startWorkshop(python);
  try {
    const arranged = await arrangeWorkshop(server, workload.clients);
    const target = { kind: "workshop", url: server.url, sectionId: arranged.sectionId, tokens: arranged.tokens };
    return await measure("workshop", server, target, async (result) => {
        // The server's Markdown mirror is written by its batched writer: give it a moment
        let mirror = null;
        for (let i = 0; i < 20 && mirror !== result.text; i += 1) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          const response = await fetch(`${server.url}${arranged.base}/sections/${arranged.sectionId}`,
            { headers: { Authorization: `Bearer ${arranged.token}` } });
          mirror = (await response.json()).markdown;
        }
        return { mirrorMatches: mirror === result.text };
      });
  } finally {
    await server.stop();
  }
}

async function benchReference() {
  const server = await startReference();
  try {
    return await measure("y-websocket", server, { kind: "reference", url: server.url });
  } finally {
    await server.stop();
  }
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const rows = [];
const targets = args.targets.split(",");
if (targets.includes("workshop")) rows.push(await benchWorkshop());
if (targets.includes("reference")) rows.push(await benchReference());

console.log(`\n${workload.clients} clients, ${workload.editors} editors typing ${workload.rate} chars/s for ` +
  `${workload.duration}s (drain ${workload.drain}s), clients spread over ${workload.threads} generator threads`);
console.log("server        p50 ms  p99 ms  max ms  delivered/expected   conv  mirror  cpu s  cpu %  peak MiB  load  gen cpu %  drops");
for (const r of rows) {
  console.log(`${r.name.padEnd(12)} ${fmt(r.p50).padStart(7)} ${fmt(r.p99).padStart(7)} ${fmt(r.max).padStart(7)} ` +
    `${`${r.delivered}/${r.expected}`.padStart(19)} ${String(r.converged).padStart(6)} ` +
    `${String(r.mirrorMatches ?? "-").padStart(7)} ${fmt(r.serverCpuSeconds).padStart(6)} ` +
    `${fmt(r.serverCpuPercent, 0).padStart(6)} ${fmt(r.serverPeakMiB, 0).padStart(9)}  ${r.load}  ${fmt(r.generatorCpuPercent, 0).padStart(9)}  ${r.drops}`);
}
if (rows.length === 2) {
  console.log(`p99 ratio (workshop / y-websocket): ${fmt(rows[0].p99 / rows[1].p99, 2)}`);
}
mkdirSync(join(BENCH, "results"), { recursive: true });
const file = join(BENCH, "results", `collab-${workload.clients}c-${workload.editors}e-${Date.now()}.json`);
writeFileSync(file, JSON.stringify({ workload, rows }, null, 2));
console.log(`written ${file}`);
process.exit(rows.every((r) => r.delivered === r.expected && r.converged) ? 0 : 1);
