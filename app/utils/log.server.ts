import { randomInt } from "node:crypto";
import pino from "pino";

/**
 * One JSON object per line on standard output (time, level, request id, message and fields), for
 * journald, docker or any log shipper. `LOG_LEVEL` (config.server.ts) sets how much.
 */
export const log = pino({
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

// No 0/O, 1/I/L: the number is read aloud over the phone to the ward's help desk.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A short id a person can read out: it is shown on error pages as the エラー番号. */
export function newRequestId(): string {
  let id = "";
  for (let i = 0; i < 10; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/** An id a reverse proxy already gave the request (X-Request-Id), if it looks like one. */
export function acceptableRequestId(value: string | null | undefined): string | null {
  return value && /^[A-Za-z0-9._-]{6,64}$/.test(value) ? value : null;
}
