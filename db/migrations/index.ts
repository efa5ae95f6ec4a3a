import type { Migration } from "kysely";
import * as foundation from "./2026-11-26-001-foundation";

// An explicit list rather than FileMigrationProvider: it works under vitest (which cannot `import()` .ts
// files natively) and inside the server bundle alike. Append new migrations here, in date order.
export const migrations: Record<string, Migration> = {
  "2026-11-26-001-foundation": foundation,
};
