import { Transform } from "node:stream";

/**
 * React 18's renderToPipeableStream pads a chunk with NUL bytes when a multi-byte character does
 * not fit at the end of its 2 KB buffer (writeStringChunk writes the whole view, not the bytes it
 * filled); Japanese pages hit it all the time and showed broken characters. Valid HTML never
 * contains NUL, so dropping those bytes restores the page exactly. React 19 fixes the cause.
 */
export function stripNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, chunk.includes(0) ? chunk.filter((byte) => byte !== 0) : chunk);
    },
  });
}
