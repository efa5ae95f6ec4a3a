import { fork } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { filedMail, fileMail, readMail } from "../support/mailbox";

const dir = mkdtempSync(path.join(os.tmpdir(), "mailbox-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("never hands a reader a message that is still being written by another process", async () => {
  const count = 20;
  // The receiver runs in its own process in the browser tests, as the writer does here.
  const writer = fork(path.resolve("tests/support/mailbox-writer.ts"), [dir, String(count)], {
    execArgv: ["--import", "tsx"],
  });
  const done = new Promise<number | null>((resolve) => writer.once("exit", resolve));
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  let reads = 0;
  while (!finished) {
    for (const number of filedMail(dir)) {
      expect(readMail(dir, number).subject).toBe(`件名${number}`);
      reads += 1;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(await done).toBe(0);
  expect(filedMail(dir)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  expect(reads).toBeGreaterThan(0);
});

it("lists only complete messages: one still being written (.partial) is left alone", () => {
  const own = mkdtempSync(path.join(os.tmpdir(), "mailbox-partial-"));
  try {
    writeFileSync(path.join(own, "00002.json.partial"), '{"to":["half');
    fileMail(own, 1, { to: ["a@example.jp"], subject: "完了", text: "", html: "", messageId: "<1@x>" });
    expect(filedMail(own)).toEqual([1]);
    expect(readMail(own, 1).subject).toBe("完了");
    expect(readdirSync(own).sort()).toEqual(["00001.json", "00002.json.partial"]);
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
});
