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
      callback(null, withoutNul(chunk));
    },
  });
}

/** The bytes between the NULs, found natively (a filter callback per byte cost milliseconds a page). */
export function withoutNul(chunk: Buffer): Buffer {
  let nul = chunk.indexOf(0);
  if (nul === -1) return chunk;
  const kept: Buffer[] = [];
  let start = 0;
  while (nul !== -1) {
    if (nul > start) kept.push(chunk.subarray(start, nul));
    start = nul + 1;
    while (start < chunk.length && chunk[start] === 0) start += 1;
    nul = chunk.indexOf(0, start);
  }
  if (start < chunk.length) kept.push(chunk.subarray(start));
  return Buffer.concat(kept);
}
