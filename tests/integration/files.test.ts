import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrail } from "~/models/audit.server";
import {
  checkUpload,
  cleanFilename,
  contentDisposition,
  deleteFile,
  detectFileType,
  fileMeta,
  fileStream,
  filesOf,
  MAX_FILE_BYTES,
  storeFile,
} from "~/models/files.server";
import type { User } from "../../db/schema";
import { createTestDatabase, dropTestDatabase } from "../support/database";
import { verifiedUser } from "../support/fixtures";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let staff: User;

beforeAll(async () => {
  handle = await createTestDatabase();
  staff = await verifiedUser(handle.db, "files-staff@example.jp", "staff", "区 職員", "long enough password");
});
afterAll(() => dropTestDatabase(handle));

const bytes = (...values: number[]) => new Uint8Array(values);
const withTail = (head: number[], length = 64) => {
  const out = new Uint8Array(length);
  out.set(head);
  return out;
};

const PDF = withTail([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34]); // %PDF-1.4
const PNG = withTail([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = withTail([0xff, 0xd8, 0xff, 0xe0]);
const ZIP = withTail([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
const OLE = withTail([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const EXE = withTail([0x4d, 0x5a, 0x90, 0x00]); // "MZ"
const TEXT = new TextEncoder().encode("これはテキストファイルです。%PDF-1.4 ではありません。");

describe("detectFileType", () => {
  it("reads PDF, PNG and JPEG from their first bytes, whatever the name says", () => {
    expect(detectFileType(PDF, "募集要項.pdf")).toBe("application/pdf");
    expect(detectFileType(PNG, "map.PNG")).toBe("image/png");
    expect(detectFileType(JPEG, "photo.jpeg")).toBe("image/jpeg");
    expect(detectFileType(JPEG, "photo.jpg")).toBe("image/jpeg");
  });

  it("accepts Word and Excel only when the zip signature and the extension agree", () => {
    expect(detectFileType(ZIP, "申請書.docx")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(detectFileType(ZIP, "予算書.XLSX")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(detectFileType(ZIP, "archive.zip")).toBeNull();
    expect(detectFileType(ZIP, "申請書.pdf")).toBeNull();
    expect(detectFileType(TEXT, "申請書.docx")).toBeNull();
    expect(detectFileType(PDF.slice(0, 4), "申請書.docx")).toBeNull();
  });

  it("reads no extension from a name without a dot: a zip named just 'docx' or 'xlsx' is refused", () => {
    expect(detectFileType(ZIP, "docx")).toBeNull();
    expect(detectFileType(ZIP, "xlsx")).toBeNull();
    expect(detectFileType(OLE, "doc")).toBeNull();
  });

  it("accepts the legacy .doc and .xls (OLE container) only with their own extension", () => {
    expect(detectFileType(OLE, "old.doc")).toBe("application/msword");
    expect(detectFileType(OLE, "old.xls")).toBe("application/vnd.ms-excel");
    expect(detectFileType(OLE, "old.msi")).toBeNull();
    expect(detectFileType(OLE, "old.pdf")).toBeNull();
    expect(detectFileType(ZIP, "old.doc")).toBeNull();
  });

  it("refuses a file whose name says another type than its content (security #9)", () => {
    expect(detectFileType(PDF, "youkou")).toBeNull();
    expect(detectFileType(PDF, "請求書.exe")).toBeNull();
    expect(detectFileType(PDF, "請求書.png")).toBeNull();
    expect(detectFileType(PNG, "map.jpg")).toBeNull();
    expect(detectFileType(JPEG, "photo.png")).toBeNull();
    expect(detectFileType(JPEG, "photo.pdf")).toBeNull();
    // A right-to-left override makes "請求書\u202Efdp.exe" look like "請求書exe.pdf": judged as stored.
    expect(checkUpload(PDF, "請求書\u202Efdp.exe")).toEqual({ ok: false, problem: "validation.file.type" });
    expect(checkUpload(PDF, "請求書\u202E.pdf")).toEqual({ ok: true, contentType: "application/pdf" });
  });

  it("refuses a renamed program or a text file called .pdf", () => {
    expect(detectFileType(EXE, "募集要項.pdf")).toBeNull();
    expect(detectFileType(EXE, "setup.exe")).toBeNull();
    expect(detectFileType(TEXT, "募集要項.pdf")).toBeNull();
    expect(detectFileType(new TextEncoder().encode("<html><script>alert(1)</script>"), "a.pdf")).toBeNull();
  });

  it("refuses a file shorter than the signature it starts like", () => {
    expect(detectFileType(bytes(0x25, 0x50, 0x44, 0x46), "a.pdf")).toBeNull();
    expect(detectFileType(bytes(0xff, 0xd8), "a.jpg")).toBeNull();
    expect(detectFileType(bytes(), "a.pdf")).toBeNull();
  });
});

describe("checkUpload", () => {
  it("accepts a real file and gives its detected type", () => {
    expect(checkUpload(PDF, "募集要項.pdf")).toEqual({ ok: true, contentType: "application/pdf" });
  });

  it("names what is wrong: missing, empty, too large, wrong type", () => {
    expect(checkUpload(null, "a.pdf")).toEqual({ ok: false, problem: "validation.file.missing" });
    expect(checkUpload(PDF, "")).toEqual({ ok: false, problem: "validation.file.missing" });
    expect(checkUpload(new Uint8Array(0), "a.pdf")).toEqual({ ok: false, problem: "validation.file.empty" });
    expect(checkUpload(EXE, "a.pdf")).toEqual({ ok: false, problem: "validation.file.type" });
    expect(checkUpload(TEXT, "a.pdf")).toEqual({ ok: false, problem: "validation.file.type" });
  });

  it("allows exactly 10 MB and refuses one byte more", () => {
    expect(MAX_FILE_BYTES).toBe(10 * 1024 * 1024);
    const limit = new Uint8Array(MAX_FILE_BYTES);
    limit.set(PDF.subarray(0, 8));
    expect(checkUpload(limit, "big.pdf")).toEqual({ ok: true, contentType: "application/pdf" });
    const over = new Uint8Array(MAX_FILE_BYTES + 1);
    over.set(PDF.subarray(0, 8));
    expect(checkUpload(over, "big.pdf")).toEqual({ ok: false, problem: "validation.file.tooLarge" });
  });
});

describe("cleanFilename", () => {
  it("keeps the name people gave, Japanese included", () => {
    expect(cleanFilename("令和9年度 募集要項（確定版）.pdf")).toBe("令和9年度 募集要項（確定版）.pdf");
  });

  it("drops Windows and Unix path parts", () => {
    expect(cleanFilename("C:\\Users\\練馬\\Desktop\\申請書.docx")).toBe("申請書.docx");
    expect(cleanFilename("../../etc/passwd")).toBe("passwd");
    expect(cleanFilename("/tmp/report.pdf")).toBe("report.pdf");
  });

  it("removes control characters, double quotes and direction marks", () => {
    expect(cleanFilename('a\u0000b\nc\r\td\u007f"e".pdf')).toBe("abcde.pdf");
    expect(cleanFilename("請求書\u202Efdp.exe")).toBe("請求書fdp.exe");
    expect(cleanFilename("\u2066申請書\u2069\u200f.pdf")).toBe("申請書.pdf");
  });

  it("falls back to 'file' when nothing is left, and keeps at most 200 characters", () => {
    expect(cleanFilename("")).toBe("file");
    expect(cleanFilename("dir/")).toBe("file");
    expect(cleanFilename('\u0001"\u0002')).toBe("file");
    expect(cleanFilename(`${"あ".repeat(300)}.pdf`)).toBe(`${"あ".repeat(196)}.pdf`);
    expect(cleanFilename("い".repeat(300))).toBe("い".repeat(200));
  });

  it("cuts a long name between characters, never inside a surrogate pair, keeping its extension", () => {
    const cut = cleanFilename(`${"a".repeat(195)}𠮷野家.pdf`);
    expect(cut).toBe(`${"a".repeat(195)}𠮷.pdf`);
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });
});

describe("contentDisposition", () => {
  it("sends an ASCII name as is, in both forms", () => {
    expect(contentDisposition("guidelines-2027.pdf")).toBe(
      `attachment; filename="guidelines-2027.pdf"; filename*=UTF-8''guidelines-2027.pdf`,
    );
  });

  it("gives a Japanese name an ASCII fallback and the UTF-8 name per RFC 5987", () => {
    const header = contentDisposition("募集要項.pdf");
    expect(header).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''%E5%8B%9F%E9%9B%86%E8%A6%81%E9%A0%85.pdf`);
    const encoded = /filename\*=UTF-8''(\S+)$/.exec(header)?.[1];
    expect(decodeURIComponent(encoded ?? "")).toBe("募集要項.pdf");
  });

  it("keeps the header to printable ASCII: no quote, backslash or line break can escape the quoted name", () => {
    const header = contentDisposition('a"b\\c\r\nSet-Cookie: x=1;é.pdf');
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    const fallback = /filename="([^"]*)"/.exec(header)?.[1];
    expect(fallback).toBe("a_b_c__Set-Cookie: x=1;_.pdf");
    expect(header).not.toContain("\r");
  });

  it("percent-encodes ' ( ) * in filename* (RFC 5987 attr-char)", () => {
    expect(contentDisposition("O'Brien (final)*.pdf")).toContain("filename*=UTF-8''O%27Brien%20%28final%29%2A.pdf");
  });
});

/** Every chunk of a stream; a stream still going after 10 reads fails the test instead of hanging the run. */
async function readChunks(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  for (let read = 0; read < 10; read++) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
  await reader.cancel();
  throw new Error(`the stream did not end after ${chunks.length} chunks`);
}

describe("stored files", () => {
  const owner = randomUUID();
  const otherOwner = randomUUID();
  /** A document staff attach to the theme `ownerId`. */
  const themeFile = (
    ownerId: string,
    label: string,
    filename: string,
    data: Uint8Array,
    contentType = "application/pdf",
  ) =>
    storeFile(handle.db, {
      ownerType: "theme",
      ownerId,
      label,
      filename,
      bytes: data,
      contentType,
      uploadedBy: staff.id,
    });

  it("stores a file under its owner, lists it without its bytes and audits the upload", async () => {
    const id = await themeFile(owner, "募集要項", "C:\\fakepath\\募集要項.pdf", PDF);
    const second = await themeFile(
      owner,
      "申請書様式",
      "申請書.docx",
      ZIP,
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    await themeFile(otherOwner, "別のテーマ", "other.pdf", PDF);

    const list = await filesOf(handle.db, "theme", owner);
    expect(list.map((f) => [f.id, f.label, f.filename, f.content_type, f.size])).toEqual([
      [id, "募集要項", "募集要項.pdf", "application/pdf", PDF.length],
      [
        second,
        "申請書様式",
        "申請書.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        64,
      ],
    ]);
    expect(list[0]).not.toHaveProperty("data");
    expect(await filesOf(handle.db, "proposal", owner)).toEqual([]);

    expect(await fileMeta(handle.db, id)).toMatchObject({ owner_type: "theme", owner_id: owner, size: PDF.length });
    expect(await fileMeta(handle.db, randomUUID())).toBeUndefined();

    const trail = await auditTrail(handle.db, "theme", owner);
    expect(trail.map((e) => [e.action, e.actor_id, e.details])).toEqual([
      ["file.uploaded", staff.id, { file: id, filename: "募集要項.pdf" }],
      ["file.uploaded", staff.id, { file: second, filename: "申請書.docx" }],
    ]);
  });

  it("streams a 600 KB file back in several chunks, byte for byte", async () => {
    const data = new Uint8Array(randomBytes(600 * 1024));
    data.set(PNG.subarray(0, 8));
    const id = await themeFile(owner, "地図", "map.png", data, "image/png");
    const meta = await fileMeta(handle.db, id);
    expect(meta?.size).toBe(data.length);

    const chunks = await readChunks(fileStream(handle.db, id, meta!.size));
    // 256 KB + 256 KB + 88 KB: the download never holds the whole file.
    expect(chunks.map((c) => c.length)).toEqual([262_144, 262_144, 90_112]);
    expect(chunks.every((c) => c instanceof Uint8Array)).toBe(true);
    const joined = Buffer.concat(chunks);
    expect(joined.length).toBe(data.length);
    expect(joined.equals(Buffer.from(data))).toBe(true);
  });

  it("streams a small file in one chunk, and nothing for an unknown id", async () => {
    const id = await themeFile(owner, "写真", "photo.jpg", JPEG, "image/jpeg");
    const small = await readChunks(fileStream(handle.db, id, JPEG.length));
    expect(small).toHaveLength(1);
    expect(Buffer.from(small[0]).equals(Buffer.from(JPEG))).toBe(true);

    expect(await readChunks(fileStream(handle.db, randomUUID(), 100))).toEqual([]);
  });

  it("deletes a file only for its own owner, and audits the deletion", async () => {
    const id = await themeFile(otherOwner, "削除する", "delete-me.pdf", PDF);
    const deletions = async () =>
      (await auditTrail(handle.db, "theme", otherOwner)).filter((e) => e.action === "file.deleted");

    expect(await deleteFile(handle.db, { id, ownerType: "theme", ownerId: owner, actorId: staff.id })).toBe(false);
    expect(await deleteFile(handle.db, { id, ownerType: "proposal", ownerId: otherOwner, actorId: staff.id })).toBe(
      false,
    );
    expect(await fileMeta(handle.db, id)).toBeDefined();
    expect(await deletions()).toEqual([]);

    expect(await deleteFile(handle.db, { id, ownerType: "theme", ownerId: otherOwner, actorId: staff.id })).toBe(true);
    expect(await fileMeta(handle.db, id)).toBeUndefined();
    expect((await filesOf(handle.db, "theme", otherOwner)).map((f) => f.id)).not.toContain(id);
    expect((await deletions()).map((e) => [e.actor_id, e.details])).toEqual([[staff.id, { file: id }]]);

    expect(await deleteFile(handle.db, { id, ownerType: "theme", ownerId: otherOwner, actorId: staff.id })).toBe(false);
    expect(await deletions()).toHaveLength(1);
  });

  it("stores a file whose 200-character cut falls inside a surrogate pair ('a'×195 + '𠮷野家.pdf')", async () => {
    const id = await themeFile(owner, "長い名前", `${"a".repeat(195)}𠮷野家.pdf`, PDF);
    expect((await fileMeta(handle.db, id))?.filename).toBe(`${"a".repeat(195)}𠮷.pdf`);
  });
});
