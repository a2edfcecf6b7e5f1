// Starting and measuring the servers under test: ours (gevent, SQLite, one process) and the reference
// y-websocket server with LevelDB persistence. Both bind 127.0.0.1 only and are killed at the end.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = dirname(BENCH);
const TICKS = 100; // USER_HZ on Linux

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// CPU seconds used so far and the peak resident memory (MiB) of a process, from /proc
export function processStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const peak = Number((status.match(/VmHWM:\s+(\d+)/) || [0, 0])[1]) / 1024;
  const rss = Number((status.match(/VmRSS:\s+(\d+)/) || [0, 0])[1]) / 1024;
  return { cpu, peakMiB: peak, rssMiB: rss };
}

async function waitForHttp(url, child, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode})`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`server at ${url} did not start in ${seconds}s`);
}

// BENCH_SERVER_LOG=<file> keeps the servers' whole output (e.g. with GEVENT_MAX_BLOCKING_TIME set)
function started(child, name) {
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk).slice(-4000);
    if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.on("exit", (code, signal) => {
    if (code && !child.stopping) process.stderr.write(`${name} exited with ${code || signal}:\n${log}\n`);
  });
  return child;
}

function stopper(child, dir) {
  return async () => {
    child.stopping = true;
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => {
        const timer = setTimeout(() => { child.kill("SIGKILL"); resolve(); }, 5000);
        child.on("exit", () => { clearTimeout(timer); resolve(); });
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

export async function startWorkshop(python) {
  const dir = mkdtempSync(join(tmpdir(), "workshop-bench-"));
  // WORKSHOP_SOURCE runs another checkout of the server (e.g. to compare two branches)
  const source = process.env.WORKSHOP_SOURCE || ROOT;
  const env = { ...process.env, PYTHONPATH: source, WORKSHOP_INSTANCE_PATH: dir, WORKSHOP_SECRET_KEY: "bench-secret" };
  const email = "bench@example.org";
  const password = "bench password 1234";
  const made = spawnSync(python, ["-m", "workshop.cli", "create-user", email, "--role", "facilitator",
    "--password-stdin"], { env, input: `${password}\n`, cwd: source, encoding: "utf8" });
  if (made.status !== 0) throw new Error(`create-user failed: ${made.stderr}`);
  const port = await freePort();
  const child = started(spawn(python, ["-m", "workshop.cli", "serve", "--host", "127.0.0.1", "--port", String(port)],
    { env, cwd: source }), "workshop");
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url + "/", child);
  return { url, pid: child.pid, email, password, stop: stopper(child, dir) };
}

// In its own folder, so the clients here keep using the one Yjs copy of the root node_modules
const REFERENCE = join(BENCH, "reference");
const REFERENCE_SERVER = join(REFERENCE, "node_modules", "@y", "websocket-server", "src", "server.js");

export function installReference() {
  if (existsSync(REFERENCE_SERVER)) return;
  process.stderr.write("Installing the reference server (@y/websocket-server 0.1.1) into bench/reference…\n");
  const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock"],
    { cwd: REFERENCE, stdio: "inherit", timeout: 300_000 });
  if (npm.status !== 0) throw new Error("npm install in bench/reference failed");
}

export async function startReference() {
  installReference();
  const dir = mkdtempSync(join(tmpdir(), "yws-bench-"));
  const port = await freePort();
  const child = started(spawn(process.execPath, [REFERENCE_SERVER], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), YPERSISTENCE: join(dir, "leveldb") },
    cwd: REFERENCE,
  }), "y-websocket-server");
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url + "/", child);
  return { url, pid: child.pid, stop: stopper(child, dir) };
}
