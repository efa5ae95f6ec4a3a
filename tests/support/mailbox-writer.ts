// Files `count` large messages into `dir` as fast as it can: the other side of the mailbox test.
import { fileMail } from "./mailbox";

const [dir, count] = process.argv.slice(2);
const text = "本文".repeat(300_000);
for (let n = 1; n <= Number(count); n++) {
  fileMail(dir, n, { to: [`m${n}@example.jp`], subject: `件名${n}`, text, html: "", messageId: `<${n}@x>` });
}
