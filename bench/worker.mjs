// One load-generator thread: it holds a share of the clients, types for its editors, and records when each
// character was typed and when each of its clients received it (times comparable across threads).
import { parentPort, workerData } from "node:worker_threads";
import * as Y from "yjs";
import { referenceClient, workshopClient } from "./clients.mjs";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz ";
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const { target, url, sectionId, room, tokens, indices, editors, total, rate } = workerData;

const clients = [];
const sent = new Map(); // clientID -> typed-at time per clock (one character is one clock tick)
const arrivals = []; // flat: clientID, clock, time
let delivered = 0;
let typed = 0;
let stopTyping = [];
let progress = null;

function watch(client, ids) {
  client.doc.on("afterTransaction", (tr) => {
    if (tr.local) return;
    const t = now();
    for (const [id, after] of tr.afterState) {
      if (!ids.has(id)) continue;
      for (let clock = tr.beforeState.get(id) || 0; clock < after; clock += 1) {
        arrivals.push(id, clock, t);
        delivered += 1;
      }
    }
  });
}

function startTyping(client) {
  const doc = client.doc;
  const text = doc.getText("body");
  const times = [];
  sent.set(doc.clientID, times);
  let cursor = Math.floor(Math.random() * (text.length + 1));
  let count = 0;
  const type = () => {
    if (count % 20 === 0) cursor = Math.floor(Math.random() * (text.length + 1));
    cursor = Math.min(cursor, text.length);
    times[Y.getState(doc.store, doc.clientID)] = now();
    text.insert(cursor, ALPHABET[count % ALPHABET.length]);
    cursor += 1;
    count += 1;
    typed += 1;
    // The cursor moves with each keystroke and the others are told, as y-codemirror does
    const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, cursor));
    client.awareness.setLocalStateField("cursor", { anchor: position, head: position });
  };
  let timer;
  const start = setTimeout(() => { timer = setInterval(type, 1000 / rate); }, Math.random() * (1000 / rate));
  return () => { clearTimeout(start); clearInterval(timer); };
}

parentPort.on("message", async (message) => {
  if (message.cmd === "connect") {
    // In batches, as people arrive in a room, not all in the same millisecond
    for (let start = 0; start < indices.length; start += 20) {
      const batch = indices.slice(start, start + 20).map((index, k) => (target === "workshop"
        ? workshopClient(url, tokens[start + k], sectionId, index)
        : referenceClient(url, room, index)));
      clients.push(...batch);
      await Promise.all(batch.map((client) => client.ready));
    }
    parentPort.postMessage({ type: "ready", ids: clients.map((c) => c.doc.clientID) });
  } else if (message.cmd === "settle") {
    // Joining floods everyone with everyone's awareness: wait until it has gone round
    const until = Date.now() + 30_000;
    while (Date.now() < until && !clients.every((c) => c.awareness.getStates().size >= total)) await sleep(100);
    parentPort.postMessage({ type: "settled" });
  } else if (message.cmd === "type") {
    const ids = new Set(message.editorIds);
    clients.forEach((client) => watch(client, ids));
    stopTyping = clients.filter((_c, i) => editors.includes(indices[i])).map(startTyping);
    progress = setInterval(() => parentPort.postMessage({ type: "progress", delivered }), 200);
    await sleep(message.duration * 1000);
    stopTyping.forEach((stop) => stop());
    parentPort.postMessage({ type: "typed", typed });
  } else if (message.cmd === "finish") {
    clearInterval(progress);
    parentPort.postMessage({
      type: "result",
      sent: [...sent.entries()],
      arrivals: Float64Array.from(arrivals),
      texts: clients.map((c) => c.doc.getText("body").toString()),
      drops: clients.reduce((sum, c) => sum + c.drops, 0),
    });
    clients.forEach((client) => client.close());
    await sleep(200);
    process.exit(0);
  }
});
