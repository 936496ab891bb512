/// <reference types="node" />
/**
 * An input: a file or stdin, possibly gzip-compressed (detected by the magic bytes), that the text
 * readers open as fresh byte sources from its start (or, for plain files, at a byte range).
 * @module
 */
import { open } from "node:fs/promises";
import type { ByteSource } from "./source.js";
import { FileRangeSource, StdinInput, fileSize, gunzipSource, isGzip } from "./source.js";

/** A text input as the CSV/TSV and JSON Lines readers see it. */
export interface TextInput {
  /** The path as given (`"-"`: stdin). */
  readonly path: string;
  /** The file size in bytes (undefined for stdin). */
  readonly size: number | undefined;
  /** Whether the bytes are gzip-compressed. */
  readonly gzip: boolean;
  /** Byte ranges can be read (a plain, uncompressed file). */
  readonly seekable: boolean;
  /** A source over the (decompressed) content from its start. `final`: the one pass over stdin. */
  open(final: boolean): Promise<ByteSource>;
  /** A source over raw bytes [start, end) of a seekable file. */
  openRange(start: number, end: number): Promise<ByteSource>;
}

/** A file input (gzip detected from its first two bytes). */
export async function fileInput(path: string): Promise<TextInput> {
  const size = await fileSize(path);
  const head = Buffer.alloc(2);
  const fh = await open(path, "r");
  try {
    await fh.read(head, 0, 2, 0);
  } finally {
    await fh.close();
  }
  const gzip = size >= 2 && isGzip(head);
  return {
    path,
    size,
    gzip,
    seekable: !gzip,
    async open() {
      const src = await FileRangeSource.open(path, 0, size);
      return gzip ? gunzipSource(src, path) : src;
    },
    async openRange(start: number, end: number) {
      if (gzip) throw new Error("a gzip file has no byte ranges");
      return FileRangeSource.open(path, start, end);
    },
  };
}

/** Stdin as a text input; `gzip` was sniffed from the first bytes by the caller. */
export function stdinInput(stdin: StdinInput, gzip: boolean): TextInput {
  return {
    path: "-",
    size: undefined,
    gzip,
    seekable: false,
    async open(final: boolean) {
      const src = final ? stdin.openFinal() : stdin.openReplay();
      return gzip ? gunzipSource(src, "-") : src;
    },
    async openRange() {
      throw new Error("stdin has no byte ranges");
    },
  };
}
