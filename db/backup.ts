import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

/**
 * Backups of the embedded database. PGlite lives inside one process, so a copy taken while the
 * site runs must be made by that process: it listens on a Unix socket beside the data folder
 * (readable by its owner only), and `npm run backup` asks it there. With the site stopped, the
 * backup opens the folder itself. The copy is PGlite's own dump of the data folder (a gzipped tar),
 * taken between two statements, so it is consistent.
 */
export function controlSocketPath(dataDir: string): string {
  return path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.sock`);
}

export async function writeBackup(pglite: PGlite, file: string): Promise<number> {
  const dump = await pglite.dumpDataDir("gzip");
  const bytes = Buffer.from(await dump.arrayBuffer());
  mkdirSync(path.dirname(file), { recursive: true });
  // Written beside, then renamed: a backup file is never seen half-written.
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  renameSync(partial, file);
  return bytes.length;
}

/** Whether a server is running on this data folder (its control socket answers). */
export function serverIsRunning(dataDir: string): Promise<boolean> {
  const socket = controlSocketPath(dataDir);
  if (!existsSync(socket)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const connection = net.connect(socket);
    connection.once("connect", () => {
      connection.end();
      resolve(true);
    });
    connection.once("error", () => resolve(false));
  });
}

/** Listens for backup requests from `npm run backup` while the site runs. */
export async function serveControlSocket(pglite: PGlite, dataDir: string, onError: (error: unknown) => void) {
  const socketPath = controlSocketPath(dataDir);
  if (await serverIsRunning(dataDir)) {
    throw new Error(`Another server is already using the embedded database in ${dataDir}`);
  }
  rmSync(socketPath, { force: true });
  const server = net.createServer((connection) => {
    let input = "";
    connection.setEncoding("utf8");
    connection.on("data", (chunk) => {
      input += chunk;
      if (!input.includes("\n")) return;
      let file = "";
      try {
        const request = JSON.parse(input.slice(0, input.indexOf("\n")));
        if (request.command !== "backup" || typeof request.file !== "string" || !path.isAbsolute(request.file)) {
          throw new Error("expected {command: 'backup', file: '/absolute/path'}");
        }
        file = request.file;
      } catch (error) {
        connection.end(`${JSON.stringify({ ok: false, error: String(error) })}\n`);
        return;
      }
      writeBackup(pglite, file).then(
        (bytes) => connection.end(`${JSON.stringify({ ok: true, bytes })}\n`),
        (error) => {
          onError(error);
          connection.end(`${JSON.stringify({ ok: false, error: String(error) })}\n`);
        },
      );
    });
    connection.on("error", onError);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
      }),
  };
}

/** Asks the running server for a backup; resolves with its size in bytes. */
export function requestBackup(dataDir: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const connection = net.connect(controlSocketPath(dataDir));
    let answer = "";
    connection.setEncoding("utf8");
    connection.on("data", (chunk) => {
      answer += chunk;
    });
    connection.once("error", reject);
    connection.once("end", () => {
      try {
        const parsed = JSON.parse(answer);
        if (parsed.ok) resolve(parsed.bytes);
        else reject(new Error(parsed.error));
      } catch {
        reject(new Error(`The server gave no answer to the backup request: ${answer}`));
      }
    });
    connection.write(`${JSON.stringify({ command: "backup", file })}\n`);
  });
}

/** A backup with the site stopped: the folder is opened, dumped and closed. */
export async function backupStoppedDataDir(dataDir: string, file: string): Promise<number> {
  const pglite = new PGlite(dataDir);
  try {
    return await writeBackup(pglite, file);
  } finally {
    await pglite.close();
  }
}

/**
 * Puts a backup in place of the data folder (the site must be stopped). The folder it replaces is
 * kept beside it, renamed, so a restore of the wrong file can be undone. Returns that folder.
 */
export async function restoreDataDir(file: string, dataDir: string, now = new Date()): Promise<string | null> {
  const archive = await readFile(file);
  let keptAs: string | null = null;
  if (existsSync(dataDir) && statSync(dataDir).isDirectory()) {
    keptAs = `${dataDir}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    renameSync(dataDir, keptAs);
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    const pglite = new PGlite(dataDir, { loadDataDir: new Blob([archive]) });
    await pglite.query("select 1");
    await pglite.close();
  } catch (error) {
    // Leave things as they were: the old folder back in its place.
    rmSync(dataDir, { recursive: true, force: true });
    if (keptAs) renameSync(keptAs, dataDir);
    throw error;
  }
  return keptAs;
}
