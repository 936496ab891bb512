/// <reference types="node" />
/**
 * Byte sources: a file (or a byte range of it) read in chunks with one read ahead, stdin (whose
 * first bytes can be replayed: the header and `sample()` are read before the batches), gzip
 * decompression (node:zlib, streaming), and text pieces cut at line ends for the text formats.
 * @module
 */
import { open, stat } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { once } from "node:events";
import { createGunzip } from "node:zlib";
import { BadInputError } from "./types.js";

/** Bytes read per call (1 MiB: one decoded piece stays in the L2/L3 caches). */
export const CHUNK_BYTES = 1 << 20;

/** Chunks of bytes; `next()` resolves null at the end. */
export interface ByteSource {
  next(): Promise<Uint8Array | null>;
  /** Raw bytes consumed so far (for gzip: compressed bytes). */
  readonly bytesRead: number;
  close(): Promise<void>;
}

/** The name shown in messages: the path, or `<stdin>`. */
export function displayName(path: string): string {
  return path === "-" ? "<stdin>" : path;
}

/** Reads bytes [start, end) of a file in chunks, with one read in flight ahead of the consumer. */
export class FileRangeSource implements ByteSource {
  bytesRead = 0;
  private pos: number;
  private pending: Promise<Uint8Array | null> | null = null;
  private closed = false;

  private constructor(
    private readonly fh: FileHandle,
    start: number,
    private readonly end: number,
    private readonly chunk: number,
  ) {
    this.pos = start;
  }

  /** Opens `path` for bytes [start, end) (end: the file size by default). */
  static async open(path: string, start = 0, end?: number, chunk = CHUNK_BYTES): Promise<FileRangeSource> {
    const fh = await open(path, "r");
    const stop = end ?? (await fh.stat()).size;
    return new FileRangeSource(fh, start, stop, chunk);
  }

  private read(): Promise<Uint8Array | null> {
    if (this.closed || this.pos >= this.end) return Promise.resolve(null);
    const len = Math.min(this.chunk, this.end - this.pos);
    const at = this.pos;
    this.pos += len;
    const buf = Buffer.allocUnsafe(len);
    return this.fh.read(buf, 0, len, at).then(({ bytesRead }) => (bytesRead === 0 ? null : buf.subarray(0, bytesRead)));
  }

  async next(): Promise<Uint8Array | null> {
    const cur = this.pending ?? this.read();
    const got = await cur;
    this.pending = got === null ? null : this.read();
    if (got !== null) this.bytesRead += got.length;
    return got;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.pending;
    } catch {
      /* the read ahead failed after we stopped caring */
    }
    await this.fh.close();
  }
}

/**
 * Stdin, readable more than once from the start while `recording` (the header, then `sample()`),
 * and once for good with {@link StdinInput.openFinal} (the batches), which replays the recorded
 * chunks and then reads on.
 */
export class StdinInput {
  private readonly recorded: Uint8Array[] = [];
  private readonly it: AsyncIterator<Uint8Array>;
  private done = false;
  private final = false;
  /** Bytes pulled from stdin so far. */
  pulled = 0;

  constructor(stream: AsyncIterable<Uint8Array> = process.stdin) {
    this.it = stream[Symbol.asyncIterator]();
  }

  private async pull(): Promise<Uint8Array | null> {
    if (this.done) return null;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      return null;
    }
    this.pulled += r.value.length;
    return r.value;
  }

  /** A source from the start that records what it pulls (for the header and `sample()`). */
  openReplay(): ByteSource {
    if (this.final) throw new Error("stdin has already been read");
    let i = 0;
    let read = 0;
    return {
      next: async () => {
        let c: Uint8Array | null;
        if (i < this.recorded.length) c = this.recorded[i++];
        else {
          c = await this.pull();
          if (c !== null) {
            this.recorded.push(c);
            i++;
          }
        }
        if (c !== null) read += c.length;
        return c;
      },
      get bytesRead() {
        return read;
      },
      close: async () => {},
    };
  }

  /** The one final pass: the recorded chunks (released as they go), then the rest of stdin. */
  openFinal(): ByteSource {
    if (this.final) throw new Error("stdin can be read only once");
    this.final = true;
    let read = 0;
    return {
      next: async () => {
        const c = this.recorded.length ? this.recorded.shift()! : await this.pull();
        if (c !== null) read += c.length;
        return c;
      },
      get bytesRead() {
        return read;
      },
      close: async () => {},
    };
  }
}

/** The gzip magic bytes. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Decompresses a gzip source (all members) through node:zlib; `bytesRead` counts compressed bytes. */
export function gunzipSource(inner: ByteSource, file: string): ByteSource {
  const z = createGunzip();
  let failed: Error | null = null;
  z.on("error", (e) => {
    failed = e;
  });
  // feed the compressed chunks, honouring back-pressure
  const pump = (async () => {
    for (;;) {
      const c = await inner.next();
      if (c === null) break;
      if (failed) return;
      if (!z.write(c)) await once(z, "drain").catch(() => {});
    }
    z.end();
  })();
  pump.catch((e: Error) => z.destroy(e));
  const out = z[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return {
    next: async () => {
      try {
        const r = await out.next();
        return r.done ? null : r.value;
      } catch (e) {
        if (e instanceof BadInputError) throw e;
        const err = e as NodeJS.ErrnoException;
        if (err.code === "ENOENT" || err.code === "EISDIR" || err.code === "EACCES") throw e;
        throw new BadInputError(`${displayName(file)}: not valid gzip data: ${err.message}`, { file }, `not valid gzip data: ${err.message}`);
      }
    },
    get bytesRead() {
      return inner.bytesRead;
    },
    close: async () => {
      z.destroy();
      await inner.close();
    },
  };
}

/** The file size, or a BadInputError when the path is not a readable file. */
export async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new BadInputError(`${path}: not a file`, { file: path }, "not a file");
    return s.size;
  } catch (e) {
    if (e instanceof BadInputError) throw e;
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === "ENOENT" ? "no such file" : err.message;
    throw new BadInputError(`${path}: ${reason}`, { file: path }, reason);
  }
}

/**
 * Bytes cut at line ends: each piece ends with `\n` (a missing final newline is supplied), so a
 * scanner finds every unquoted field's end inside the piece; a record that continues past a piece
 * (a quoted field with line breaks) is pushed back and comes again at the start of a piece at least
 * twice as long, so a huge field costs linear time overall. Pieces are Buffers (one element kind
 * for the scanners' loops).
 */
export class LinePieces {
  private rest: Buffer = Buffer.alloc(0);
  private back: Buffer = Buffer.alloc(0);
  private eof = false;
  /** Whether the last piece returned ends the input. */
  atEnd = false;

  constructor(private readonly src: ByteSource) {}

  /** Puts back the unconsumed end of the last piece (an incomplete record); the next piece starts with it. */
  pushBack(bytes: Buffer): void {
    this.back = bytes;
  }

  /** The next piece (null when the input is exhausted and nothing was pushed back). */
  async next(): Promise<Buffer | null> {
    const back = this.back;
    this.back = Buffer.alloc(0);
    // at least as many new bytes as pushed back (amortised growth for a record spanning pieces)
    const want = back.length;
    const parts: Buffer[] = [];
    if (back.length) parts.push(back);
    if (this.rest.length) parts.push(this.rest);
    let total = back.length + this.rest.length;
    let fresh = this.rest.length;
    let lastNl = this.rest.length ? this.rest.lastIndexOf(10) : -1;
    if (lastNl >= 0) lastNl += back.length;
    while (!this.eof && (lastNl < 0 || fresh < want)) {
      const c = await this.src.next();
      if (c === null) {
        this.eof = true;
        break;
      }
      const buf = Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      const k = buf.lastIndexOf(10);
      if (k >= 0) lastNl = total + k;
      parts.push(buf);
      total += buf.length;
      fresh += buf.length;
    }
    if (this.eof) {
      this.rest = Buffer.alloc(0);
      this.atEnd = true;
      if (total === 0) return null;
      const last = parts[parts.length - 1];
      if (last[last.length - 1] !== 10) parts.push(NEWLINE);
      return Buffer.concat(parts);
    }
    const all = parts.length === 1 ? parts[0] : Buffer.concat(parts, total);
    this.rest = all.subarray(lastNl + 1);
    return all.subarray(0, lastNl + 1);
  }
}

const NEWLINE = Buffer.from("\n");
