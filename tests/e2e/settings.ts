import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const MAILBOX_DIR = path.resolve("test-results/mailbox");

/**
 * Debian Chromium on this closed network: without the background-networking flags its own
 * connections fail (used by the browser tests and the benchmark).
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
