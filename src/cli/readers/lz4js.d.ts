// lz4js ships no types: the one function the Arrow IPC codecs use (src/cli/readers/ipc-codecs.ts).
declare module "lz4js" {
  /** Decompresses an LZ4 frame. */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  const lz4: { decompress(src: Uint8Array, maxSize?: number): Uint8Array };
  export default lz4;
}
