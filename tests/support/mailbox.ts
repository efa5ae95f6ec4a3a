import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ReceivedMail } from "./smtp";

/**
 * The browser tests' mailbox: the harness files each received message as NNNNN.json, written
 * beside (`.partial`) and then renamed, so a test polling the folder never reads half a file.
 */
export function fileMail(dir: string, number: number, mail: ReceivedMail): void {
  const file = path.join(dir, `${String(number).padStart(5, "0")}.json`);
  writeFileSync(`${file}.partial`, JSON.stringify(mail));
  renameSync(`${file}.partial`, file);
}

/** The numbers of the messages filed so far, oldest first. */
export function filedMail(dir: string): number[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => Number.parseInt(file, 10))
    .sort((a, b) => a - b);
}

export function readMail(dir: string, number: number): ReceivedMail {
  return JSON.parse(readFileSync(path.join(dir, `${String(number).padStart(5, "0")}.json`), "utf8"));
}
