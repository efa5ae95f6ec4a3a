import { PassThrough, Readable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { stripNulBytes, withoutNul } from "~/utils/strip-nul.server";

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

  it("drops NULs wherever they are: at either end, alone or in runs", () => {
    const bytes = (...parts: (string | number)[]) =>
      Buffer.concat(parts.map((p) => (typeof p === "number" ? Buffer.alloc(p) : Buffer.from(p, "utf8"))));
    expect(withoutNul(bytes(2, "練馬", 1, "区", 5)).toString("utf8")).toBe("練馬区");
    expect(withoutNul(bytes(3)).length).toBe(0);
    expect(withoutNul(bytes("a", 1, "b", 1, "c")).toString("utf8")).toBe("abc");
    const untouched = bytes("ねりま");
    expect(withoutNul(untouched)).toBe(untouched);
  });
});
