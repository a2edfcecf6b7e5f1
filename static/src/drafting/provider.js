// A Yjs provider over the /live Socket.IO connection, behaving like y-websocket's (docs/architecture.md §5, §7 rule 7):
// y-protocols frames travel as event `y` with (section_id, frame); the client sends its sync step 1 on every
// (re)connect after `section.join`, answers the server's step 1 with step 2, and keeps awareness in step.
// It counts local changes the server has not yet acknowledged, so the page can say "offline with N unsaved
// changes" and warn before the tab closes. No DOM here: the benchmark drives the same provider from Node.
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { ObservableV2 } from "lib0/observable";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
// The server takes frames up to 1 MiB (docs/architecture.md §5): a change over it is never sent, but taken back here
export const MAX_FRAME_BYTES = 1024 * 1024;
export const TOO_LARGE_MESSAGE = "This change is too large to send at once (over 1 MiB): paste it in parts.";
const ACK_TIMEOUT_MS = 15000;
const SAVE_RETRY_MS = 2000; // first wait before sending unsaved changes again, doubling up to the max
const SAVE_RETRY_MAX_MS = 30000;

// The status the page shows, derived from the connection, the sync and the unacknowledged changes
export function syncStatus(provider) {
  if (!provider.socket.connected) return { state: "offline", unsaved: provider.unsaved };
  if (!provider.synced) return { state: "syncing", unsaved: provider.unsaved };
  if (provider.unsaved > 0) return { state: "saving", unsaved: provider.unsaved };
  return { state: "saved", unsaved: 0 };
}

export class SectionProvider extends ObservableV2 {
  /**
   * @param {import("socket.io-client").Socket} socket the /live socket, shared with the rest of the page
   * @param {number} sectionId
   * @param {{join: (sectionId: number, epoch: any) => Promise<any>, leave?: (sectionId: number) => Promise<any>,
   *          user?: object}} options join/leave send `section.join`/`section.leave` and resolve with the ack data
   */
  constructor(socket, sectionId, { join, leave, user } = {}) {
    super();
    this.socket = socket;
    this.sectionId = sectionId;
    this.joinSection = join;
    this.leaveSection = leave;
    this.user = user || null;
    this.epoch = undefined;
    this.joined = false;
    this.synced = false;
    this.destroyed = false;
    this.localSeq = 0; // local changes made so far
    this.savedSeq = 0; // local changes the server has acknowledged
    this.joinAttempt = 0;
    this.buffered = []; // frames that arrive before the join's ack tells us the epoch
    this._newDoc();

    this._onFrame = (sectionId, frame) => {
      if (sectionId !== this.sectionId || this.destroyed) return;
      const bytes = toBytes(frame);
      if (!bytes) return;
      if (this.joined) this._handle(bytes);
      else this.buffered.push(bytes);
    };
    this._onConnect = () => this._join();
    this._onDisconnect = () => {
      this.joined = false;
      this.buffered = [];
      this._setSynced(false);
      this._dropRemoteAwareness("connection closed");
      this._status();
    };
    this._onSection = (payload) => {
      // A restored revision bumps the epoch: our copy is stale and must not be merged back (docs/architecture.md §7 rule 4)
      const section = payload && payload.section;
      if (!section || section.id !== this.sectionId || section.epoch === undefined || this.destroyed) return;
      if (this.epoch !== undefined && section.epoch !== this.epoch) {
        this.joined = false;
        this._discard();
        this.rejoin();
      }
    };
    this._onError = (payload) => {
      if (!payload || payload.section_id !== this.sectionId || this.destroyed) return;
      if (payload.code === "invalid" && /too large/i.test(payload.message || "")) {
        // Sending it again (a rejoin's step 2 carries it) would only be refused again: take it back
        this._takeBack();
        return;
      }
      this.emit("refused", [payload]);
      if (payload.code === "forbidden") return;
      // The server did not take a frame (restored section, rate limit, a replica that missed something):
      // nothing we sent since counts as saved; join again and the sync carries it all over
      // A `conflict` means a restored section: joining again with our epoch lets the server say whether
      // it is stale (then the join discards our copy); an error for a frame sent before we already
      // caught up must not throw away newer work.
      this.refusedSince = true;
      if (!this.rejoining) {
        this.rejoining = true;
        this.joined = false;
        this.rejoin(payload.code === "rate_limited" ? 2000 : 200).finally(() => { this.rejoining = false; });
      }
    };
    socket.on("y", this._onFrame);
    socket.on("error", this._onError);
    socket.on("connect", this._onConnect);
    socket.on("disconnect", this._onDisconnect);
    socket.on("section", this._onSection);
    if (socket.connected) this._join();
  }

  get unsaved() {
    return this.localSeq - this.savedSeq;
  }

  _newDoc() {
    if (this.doc) {
      this.doc.off("update", this._onDocUpdate);
      this.awareness.off("update", this._onAwarenessUpdate);
      this.awareness.destroy();
      this.doc.destroy();
    }
    this.doc = new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    if (this.user) this.awareness.setLocalStateField("user", this.user);
    this._onDocUpdate = (update, origin) => {
      if (origin === this || this.takingBack) return;
      const bytes = frame(MESSAGE_SYNC, (encoder) => syncProtocol.writeUpdate(encoder, update));
      if (bytes.length > MAX_FRAME_BYTES) {
        this._takeBack();
        return;
      }
      this.localSeq += 1;
      if (this.joined) this._emit(bytes, this.localSeq);
      this._status();
    };
    this._onAwarenessUpdate = ({ added, updated, removed }, origin) => {
      if (origin === this || !this.joined) return;
      const changed = added.concat(updated, removed);
      this._send(MESSAGE_AWARENESS, (encoder) =>
        encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
    };
    this.doc.on("update", this._onDocUpdate);
    this.awareness.on("update", this._onAwarenessUpdate);
  }

  async _join() {
    if (this.destroyed || !this.socket.connected) return;
    const attempt = ++this.joinAttempt;
    this.joined = false;
    this.buffered = [];
    this._setSynced(false);
    this._status();
    let data;
    try {
      data = (await this.joinSection(this.sectionId, this.epoch)) || {};
    } catch (error) {
      if (attempt !== this.joinAttempt || this.destroyed) return;
      if (error && error.code === "conflict" && this.epoch !== undefined) {
        // The server refuses our epoch: a revision was restored. Start from its text, not ours.
        this._discard();
        this._join();
        return;
      }
      this.emit("join-error", [error]);
      // A refused join (forbidden, not found) is final; a slow or busy server is asked again
      if (error && (error.code === "timeout" || error.code === "rate_limited")) {
        setTimeout(() => attempt === this.joinAttempt && this._join(), 2000);
      }
      return;
    }
    if (attempt !== this.joinAttempt || this.destroyed || !this.socket.connected) return;
    if (this.epoch !== undefined && data.epoch !== undefined && data.epoch !== this.epoch) this._discard();
    if (data.epoch !== undefined) this.epoch = data.epoch;
    this.emit("joined", [data]);
    this.joined = true;
    this.refusedSince = false;
    // Step 1 on every (re)connect, then our awareness, then whatever the server sent meanwhile
    this._send(MESSAGE_SYNC, (encoder) => syncProtocol.writeSyncStep1(encoder, this.doc));
    if (this.awareness.getLocalState() !== null) {
      this._send(MESSAGE_AWARENESS, (encoder) => encoding.writeVarUint8Array(encoder,
        awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID])));
    }
    const pending = this.buffered;
    this.buffered = [];
    pending.forEach((bytes) => this._handle(bytes));
    this._status();
  }

  // Drop the local copy (docs/architecture.md §7 rule 4): merging it back would bring the replaced text back
  _discard() {
    const discarded = this.unsaved;
    this.epoch = undefined;
    this._newDoc();
    this.localSeq = this.savedSeq = 0;
    this.emit("reset", [{ discarded }]);
  }

  // A local change too large to send (or refused as such): never sent again, on reconnect or otherwise.
  // The local copy is dropped (what the server has stays) and the section joined again, so the writer
  // sees the text as the others do and can paste in parts. The page shows TOO_LARGE_MESSAGE.
  _takeBack() {
    if (this.takingBack || this.destroyed) return;
    this.takingBack = true;
    this.joined = false; // nothing more goes out from this copy
    this.emit("too-large", [{ message: TOO_LARGE_MESSAGE }]);
    // Not from inside the transaction that made the change: the editor is still dispatching it
    setTimeout(() => {
      this.takingBack = false;
      if (this.destroyed) return;
      const discarded = this.unsaved;
      this._newDoc();
      this.localSeq = this.savedSeq = 0;
      this.emit("reset", [{ discarded, reason: "too-large" }]);
      this.rejoin();
    }, 0);
  }

  async rejoin(delay = 0) {
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    if (this.destroyed) return;
    this.joined = false;
    if (this.leaveSection) {
      try {
        await this.leaveSection(this.sectionId);
      } catch {
        // leaving is best effort: joining again replaces the membership anyway
      }
    }
    this._join();
  }

  _handle(bytes) {
    let decoder;
    let type;
    try {
      decoder = decoding.createDecoder(bytes);
      type = decoding.readVarUint(decoder);
    } catch {
      return;
    }
    if (type === MESSAGE_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const upTo = this.localSeq;
      let kind;
      try {
        kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      } catch (error) {
        this.emit("frame-error", [error]);
        return;
      }
      if (encoding.length(encoder) > MAX_FRAME_BYTES) {
        this._takeBack(); // local changes the server lacks, too large to send at once
        return;
      }
      if (encoding.length(encoder) > 1) {
        // Our step 2 answers the server's step 1: it carries every local change the server lacks
        this._emit(encoding.toUint8Array(encoder), upTo);
      }
      if (kind === syncProtocol.messageYjsSyncStep2 && !this.synced) this._setSynced(true);
    } else if (type === MESSAGE_AWARENESS) {
      try {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
      } catch (error) {
        this.emit("frame-error", [error]);
      }
    }
  }

  _send(type, write) {
    this._emit(frame(type, write), null);
  }

  // Sends a frame; when it carries local changes up to `upTo`, the server's ack (sent once they are in its
  // database) marks them saved.
  // Nothing is sent while disconnected: socket.io would buffer it and replay it before the join.
  _emit(bytes, upTo) {
    if (!this.socket.connected || !this.joined) return;
    if (upTo === null || upTo <= this.savedSeq) {
      this.socket.emit("y", this.sectionId, bytes);
      return;
    }
    const epoch = this.epoch;
    const joinAttempt = this.joinAttempt;
    this.socket.timeout(ACK_TIMEOUT_MS).emit("y", this.sectionId, bytes, (err, reply) => {
      // The server acks a change once it is stored ({ok: true}); a refusal also comes as an `error` event,
      // which arrives before the ack of the frame it refused (and a rejoin then carries everything over)
      if (this.destroyed || epoch !== this.epoch || joinAttempt !== this.joinAttempt || this.refusedSince) return;
      if (err || !reply || !reply.ok) {
        this._saveAgainLater(); // not stored yet (its database away): ask again, or nothing would
        return;
      }
      this.retryDelay = 0;
      if (upTo > this.savedSeq) {
        this.savedSeq = upTo;
        this._status();
      }
    });
  }

  // Sends our whole state again after a backoff, so the changes an unanswered or failed ack left unsaved
  // are saved once the server can store them, even if nobody types meanwhile
  _saveAgainLater() {
    if (this.retryTimer) return;
    this.retryDelay = Math.min(Math.max(2 * (this.retryDelay || 0), SAVE_RETRY_MS), SAVE_RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.destroyed || !this.joined || this.unsaved === 0) return;
      const update = Y.encodeStateAsUpdate(this.doc);
      const bytes = frame(MESSAGE_SYNC, (encoder) => syncProtocol.writeUpdate(encoder, update));
      if (bytes.length > MAX_FRAME_BYTES) this._takeBack();
      else this._emit(bytes, this.localSeq);
    }, this.retryDelay);
  }

  _setSynced(value) {
    if (this.synced === value) return;
    this.synced = value;
    this.emit("synced", [value]);
    this._status();
  }

  _dropRemoteAwareness(origin) {
    const others = Array.from(this.awareness.getStates().keys()).filter((id) => id !== this.doc.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, origin);
  }

  _status() {
    this.emit("status", [syncStatus(this)]);
  }

  // Tell the others our cursor is gone (on leaving the section or closing the tab)
  removeLocalAwareness() {
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], "leaving");
  }

  destroy() {
    if (this.destroyed) return;
    this.removeLocalAwareness();
    this.destroyed = true;
    clearTimeout(this.retryTimer);
    this.socket.off("y", this._onFrame);
    this.socket.off("error", this._onError);
    this.socket.off("connect", this._onConnect);
    this.socket.off("disconnect", this._onDisconnect);
    this.socket.off("section", this._onSection);
    if (this.joined && this.leaveSection) this.leaveSection(this.sectionId).catch(() => {});
    this.joined = false;
    this.doc.off("update", this._onDocUpdate);
    this.awareness.off("update", this._onAwarenessUpdate);
    this.awareness.destroy();
    super.destroy();
  }
}

function frame(type, write) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

// Socket.IO hands binary over as an ArrayBuffer in browsers and a Buffer in Node
function toBytes(frame) {
  if (frame instanceof Uint8Array) return frame;
  if (frame instanceof ArrayBuffer) return new Uint8Array(frame);
  if (ArrayBuffer.isView(frame)) return new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  return null;
}
