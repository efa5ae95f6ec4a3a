import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const MAILBOX_DIR = path.resolve("test-results/mailbox");
