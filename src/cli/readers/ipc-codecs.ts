/**
 * Decompression codecs for Arrow IPC record batches: apache-arrow reads compressed bodies only
 * through codecs registered in its `compressionRegistry`. pyarrow's `write_feather` (and pandas'
 * `to_feather`) compress with LZ4 frames by default, and ZSTD is the other codec of the format, so
 * both are registered: `lz4js` (LZ4 frame format) and `fzstd` (Zstandard), small pure-JS decoders.
 * @module
 */
import { CompressionType, compressionRegistry } from "apache-arrow";
import { decompress as zstdDecompress } from "fzstd";
// lz4js is CommonJS without types: its frame decoder
import lz4 from "lz4js";

let registered = false;

/** Registers the LZ4_FRAME and ZSTD decoders with apache-arrow (once). */
export function registerIpcCodecs(): void {
  if (registered) return;
  registered = true;
  compressionRegistry.set(CompressionType.LZ4_FRAME, {
    decode: (data: Uint8Array) => aligned((lz4 as { decompress(src: Uint8Array): Uint8Array }).decompress(data)),
  });
  compressionRegistry.set(CompressionType.ZSTD, { decode: (data: Uint8Array) => aligned(zstdDecompress(data)) });
}

/** apache-arrow views the bytes as typed arrays (BigInt64Array, Float64Array): they must start 8-aligned. */
function aligned(b: Uint8Array): Uint8Array {
  return b.byteOffset % 8 === 0 ? b : b.slice();
}
