import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase } from "./database";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<number | null>;
}

/**
 * The built site (`node server.js`, as `npm start` runs it) in a process of its own, so a test can
 * send it signals and watch it survive faults. Run `remix build` first (`npm test` does).
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...inherited, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!output.includes("ねりま協働ラボ: ")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/**
 * Where a server process keeps its data: a new database on TEST_DATABASE_URL's server, or a new
 * PGlite folder. `env` is what to pass to startServerProcess.
 */
export async function scratchSiteDatabase(prefix: string) {
  if (process.env.TEST_DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL, prefix);
    const env: Record<string, string> = { DATABASE_URL: scratch.url };
    return { kind: "postgres" as const, url: scratch.url, env, drop: scratch.drop };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  return {
    kind: "pglite" as const,
    dataDir,
    env: { DATA_DIR: dataDir } as Record<string, string>,
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
