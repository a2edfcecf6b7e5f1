// The two kinds of real Yjs clients the benchmark drives: ours over Socket.IO (the page's own provider)
// and y-websocket's wire format over a plain WebSocket for the reference server.
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { io } from "socket.io-client";
import WebSocket from "ws";
import { SectionProvider } from "../static/src/drafting/provider.js";

function act(socket, name, payload) {
  return socket.timeout(20000).emitWithAck(name, payload).then((reply) => {
    if (reply && reply.ok) return reply.data;
    throw Object.assign(new Error(`${name}: ${JSON.stringify(reply && reply.error)}`), reply && reply.error);
  }, () => {
    throw Object.assign(new Error(`${name}: no answer in 20 s`), { code: "timeout" });
  });
}

async function api(url, path, body, token) {
  const response = await fetch(url + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(data)}`);
  return data;
}

// A workshop with delegations, one document with one section, and `count` joined delegates
export async function arrangeWorkshop(server, count) {
  const { token } = await api(server.url, "/api/v1/session", { email: server.email, password: server.password });
  const workshop = await api(server.url, "/api/v1/workshops", {
    title: "Benchmark drafting session", process: "Bali Process", body: "TEG-RR", ordinal: 1,
    city: "Bangkok", country: "Thailand", start_date: "2024-03-04", end_date: "2024-03-06", modality: "in_person",
  }, token);
  const base = `/api/v1/workshops/${workshop.slug}`;
  const names = [];
  for (let i = 0; i < 20; i += 1) {
    names.push(`Member state ${i + 1}`);
    await api(server.url, `${base}/delegations`, { name: names[i], kind: "member_state" }, token);
  }
  const document = await api(server.url, `${base}/documents`, { title: "Co-chairs' statement", kind: "statement" }, token);
  const section = await api(server.url, `${base}/documents/${document.id}/sections`, { heading: "Proceedings" }, token);
  const tokens = [];
  for (let i = 0; i < count; i += 1) {
    const joined = await api(server.url, "/api/v1/join",
      { code: workshop.join_code, name: `Delegate ${i + 1}`, delegation: names[i % names.length] });
    tokens.push(joined.token);
  }
  return { slug: workshop.slug, sectionId: section.id, tokens, token, base };
}

export function workshopClient(url, token, sectionId, index) {
  const socket = io(`${url}/live`, {
    auth: { token }, transports: ["websocket"], forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 8000,
  });
  const provider = new SectionProvider(socket, sectionId, {
    join: (id) => act(socket, "section.join", { section_id: id }),
    leave: (id) => act(socket, "section.leave", { section_id: id }),
    user: { name: `Delegate ${index + 1}`, color: "#1f6feb", colorLight: "#1f6feb33" },
  });
  const ready = new Promise((resolve, reject) => {
    provider.on("synced", (synced) => synced && resolve());
    // A timed-out join is asked again by the provider; other refusals are final
    provider.on("join-error", (error) => error.code !== "timeout" && error.code !== "rate_limited" && reject(error));
  });
  const client = {
    drops: 0, // connections lost during the run (each one ends in a rejoin and a resync)
    get doc() { return provider.doc; },
    get awareness() { return provider.awareness; },
    ready,
    close() {
      provider.destroy();
      socket.close();
    },
  };
  socket.on("disconnect", () => { client.drops += 1; });
  return client;
}

// y-websocket's client protocol, as its WebsocketProvider speaks it, over the `ws` package
export function referenceClient(url, room, index) {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalStateField("user", { name: `Delegate ${index + 1}`, color: "#1f6feb", colorLight: "#1f6feb33" });
  const ws = new WebSocket(`${url.replace("http", "ws")}/${room}`);
  ws.binaryType = "arraybuffer";
  const send = (type, write) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, type);
    write(encoder);
    ws.send(encoding.toUint8Array(encoder));
  };
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  ws.on("open", () => {
    send(0, (encoder) => syncProtocol.writeSyncStep1(encoder, doc));
    send(1, (encoder) => encoding.writeVarUint8Array(encoder,
      awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])));
  });
  ws.on("message", (data) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === 0) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      const kind = syncProtocol.readSyncMessage(decoder, encoder, doc, ws);
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
      if (kind === syncProtocol.messageYjsSyncStep2) resolveReady();
    } else if (type === 1) {
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), ws);
    }
  });
  doc.on("update", (update, origin) => {
    if (origin !== ws) send(0, (encoder) => syncProtocol.writeUpdate(encoder, update));
  });
  awareness.on("update", ({ added, updated, removed }, origin) => {
    if (origin === ws) return;
    const changed = added.concat(updated, removed);
    send(1, (encoder) => encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, changed)));
  });
  const client = {
    doc,
    awareness,
    ready,
    drops: 0, // this client does not reconnect: a drop shows as undelivered characters
    close() {
      client.closing = true;
      awarenessProtocol.removeAwarenessStates(awareness, [doc.clientID], "close");
      ws.close();
    },
  };
  ws.on("close", () => { if (!client.closing) client.drops += 1; });
  return client;
}
