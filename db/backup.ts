import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
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

async function dump(pglite: PGlite): Promise<Buffer> {
  return Buffer.from(await (await pglite.dumpDataDir("gzip")).arrayBuffer());
}

/** Written beside, then renamed: a backup file is never seen half-written. */
function writeAtomically(file: string, bytes: Buffer): number {
  mkdirSync(path.dirname(file), { recursive: true });
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

/**
 * Listens for backup requests from `npm run backup` while the site runs. The socket is its
 * owner's only (0600), and it only ever sends the dump back: where to write it is the caller's
 * business, so nobody who can reach the socket can make the server write a file.
 */
export async function serveControlSocket(pglite: PGlite, dataDir: string, onError: (error: unknown) => void) {
  const socketPath = controlSocketPath(dataDir);
  if (await serverIsRunning(dataDir)) {
    throw new Error(`Another server is already using the embedded database in ${dataDir}`);
  }
  rmSync(socketPath, { force: true });
  const server = net.createServer((connection) => {
    let input = "";
    connection.setEncoding("utf8");
    connection.on("error", onError);
    connection.on("data", (chunk) => {
      input += chunk;
      if (!input.includes("\n")) return;
      if (input.trim() !== "backup") {
        connection.end("ERR expected: backup\n");
        return;
      }
      dump(pglite).then(
        (bytes) => {
          connection.write(`OK ${bytes.length}\n`);
          connection.end(bytes);
        },
        (error) => {
          onError(error);
          connection.end(`ERR ${String(error).replace(/\n/g, " ")}\n`);
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
      }),
  };
}

/** Asks the running server for a backup and writes it to `file`; resolves with its size in bytes. */
export function requestBackup(dataDir: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const connection = net.connect(controlSocketPath(dataDir));
    const chunks: Buffer[] = [];
    connection.on("data", (chunk: Buffer) => chunks.push(chunk));
    connection.once("error", reject);
    connection.once("end", () => {
      const answer = Buffer.concat(chunks);
      const newline = answer.indexOf(10);
      const header = answer.subarray(0, newline === -1 ? answer.length : newline).toString("utf8");
      const match = /^OK (\d+)$/.exec(header);
      const bytes = answer.subarray(newline + 1);
      if (!match) return reject(new Error(`The server refused the backup: ${header}`));
      if (bytes.length !== Number(match[1])) {
        return reject(new Error(`The backup arrived incomplete (${bytes.length} of ${match[1]} bytes)`));
      }
      resolve(writeAtomically(file, bytes));
    });
    connection.write("backup\n");
  });
}

/** A backup with the site stopped: the folder is opened, dumped and closed. */
export async function backupStoppedDataDir(dataDir: string, file: string): Promise<number> {
  const pglite = new PGlite(dataDir);
  try {
    return writeAtomically(file, await dump(pglite));
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
