import { PassThrough, Readable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { stripNulBytes } from "~/utils/strip-nul.server";

async function render(stream: (out: PassThrough) => NodeJS.WritableStream) {
  const text = "練馬区の協働推進。".repeat(400);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await new Promise<void>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(
      createElement(
        "main",
        null,
        ...Array.from({ length: 40 }, (_, i) => createElement("p", { key: i }, `${i}${text.slice(0, 97 + i)}`)),
      ),
      {
        onAllReady() {
          pipe(stream(out));
        },
        onError: reject,
      },
    );
    out.on("end", resolve);
  });
  return Buffer.concat(chunks);
}

describe("server-rendered Japanese HTML", () => {
  it("comes out of React 18 with NUL bytes (the bug this works around)", async () => {
    const raw = await render((out) => out);
    expect(raw.includes(0)).toBe(true);
  });

  it("comes out clean and intact through stripNulBytes", async () => {
    const clean = await render((out) => {
      const strip = stripNulBytes();
      strip.pipe(out);
      return strip;
    });
    expect(clean.includes(0)).toBe(false);
    const html = clean.toString("utf8");
    expect(html).not.toContain("\uFFFD");
    expect(html).toContain(`<p>39${"練馬区の協働推進。".repeat(400).slice(0, 136)}</p>`);
  });

  it("passes other bytes through untouched", async () => {
    const input = Buffer.from("ねりま<b>協働</b>ラボ", "utf8");
    const output = await new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      Readable.from([input])
        .pipe(stripNulBytes())
        .on("data", (c: Buffer) => parts.push(c))
        .on("end", () => resolve(Buffer.concat(parts)));
    });
    expect(output.equals(input)).toBe(true);
  });
});
