import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { withoutMetadata } from "./file-metadata.server";

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

const OFFICE_XML: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};
const OFFICE_LEGACY: Record<string, string> = { doc: "application/msword", xls: "application/vnd.ms-excel" };

/**
 * The type is read from the file's first bytes, never trusted from its name or the browser: a
 * renamed program is refused. The name's extension must then agree with what the bytes are, so a
 * PDF cannot be stored as `請求書.exe` and opened as something else after download. Office files
 * are zip (or OLE) containers, told apart by extension once the container itself is confirmed.
 */
export function detectFileType(bytes: Uint8Array, filename: string): string | null {
  const dot = filename.lastIndexOf(".");
  const extension = dot > 0 ? filename.slice(dot + 1).toLowerCase() : "";
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return extension === "pdf" ? "application/pdf" : null;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return extension === "png" ? "image/png" : null;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return extension === "jpg" || extension === "jpeg" ? "image/jpeg" : null;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && OFFICE_XML[extension]) return OFFICE_XML[extension];
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) && OFFICE_LEGACY[extension]) {
    return OFFICE_LEGACY[extension];
  }
  return null;
}

export type FileProblem =
  | "validation.file.missing"
  | "validation.file.empty"
  | "validation.file.tooLarge"
  | "validation.file.type"
  | "validation.file.unreadable";

export function checkUpload(
  bytes: Uint8Array | null,
  filename: string,
): { ok: true; contentType: string } | { ok: false; problem: FileProblem } {
  if (!bytes || !filename) return { ok: false, problem: "validation.file.missing" };
  if (bytes.length === 0) return { ok: false, problem: "validation.file.empty" };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, problem: "validation.file.tooLarge" };
  // Judged by the name as it will be stored: a hidden right-to-left mark cannot disguise the extension.
  const contentType = detectFileType(bytes, cleanFilename(filename));
  if (!contentType) return { ok: false, problem: "validation.file.type" };
  return { ok: true, contentType };
}

/** Checks an upload and gives back the bytes to store: the same file without its makers' metadata. */
export async function prepareUpload(
  bytes: Uint8Array | null,
  filename: string,
): Promise<{ ok: true; contentType: string; bytes: Uint8Array } | { ok: false; problem: FileProblem }> {
  const checked = checkUpload(bytes, filename);
  if (!checked.ok || !bytes) return checked.ok ? { ok: false, problem: "validation.file.missing" } : checked;
  const cleaned = await withoutMetadata(bytes, checked.contentType);
  if (!cleaned) return { ok: false, problem: "validation.file.unreadable" };
  return { ok: true, contentType: checked.contentType, bytes: cleaned };
}

/**
 * Keeps the name people gave the file, minus path parts, control characters and the invisible
 * direction marks that make `請求書\u202Efdp.exe` display as `請求書exe.pdf`.
 */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  // Cut by characters, not UTF-16 units, so a name never ends in half a character.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = Array.from(base.replace(/[\u0000-\u001f\u007f"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ""));
  if (clean.length <= 200) return clean.join("") || "file";
  // A long name is shortened before its extension, which says what the file is.
  const dot = clean.lastIndexOf(".");
  const extension = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : [];
  return [...clean.slice(0, 200 - extension.length), ...extension].join("");
}

export async function storeFile(
  db: Kysely<Database>,
  input: {
    ownerType: string;
    ownerId: string;
    label: string;
    filename: string;
    bytes: Uint8Array;
    contentType: string;
    uploadedBy: string;
    /** Shown on the public pages too (a report's photo the team chose to publish); private otherwise. */
    isPublic?: boolean;
    /** A report photo's description for people who cannot see it: its alt text wherever it is shown. */
    description?: string;
  },
) {
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("files")
      .values({
        id,
        owner_type: input.ownerType,
        owner_id: input.ownerId,
        label: input.label,
        filename: cleanFilename(input.filename),
        content_type: input.contentType,
        size: input.bytes.length,
        data: input.bytes,
        uploaded_by: input.uploadedBy,
        is_public: input.isPublic ?? false,
        description: input.description ?? null,
      })
      .execute();
    await recordAudit(trx, input.uploadedBy, "file.uploaded", [input.ownerType, input.ownerId], {
      file: id,
      filename: cleanFilename(input.filename),
    });
  });
  return id;
}

export async function filesOf(db: Kysely<Database>, ownerType: string, ownerId: string) {
  return db
    .selectFrom("files")
    .select(["id", "label", "filename", "content_type", "size", "created_at"])
    .where("owner_type", "=", ownerType)
    .where("owner_id", "=", ownerId)
    .orderBy("created_at")
    .execute();
}

export async function fileMeta(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("files")
    .select(["id", "owner_type", "owner_id", "label", "filename", "content_type", "size"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function deleteFile(
  db: Kysely<Database>,
  input: { id: string; ownerType: string; ownerId: string; actorId: string },
) {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom("files")
      .where("id", "=", input.id)
      .where("owner_type", "=", input.ownerType)
      .where("owner_id", "=", input.ownerId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return false;
    await recordAudit(trx, input.actorId, "file.deleted", [input.ownerType, input.ownerId], { file: input.id });
    return true;
  });
}

const CHUNK_BYTES = 256 * 1024;

/** The file's bytes read from the database a piece at a time, so a download never holds the whole file. */
export function fileStream(db: Kysely<Database>, id: string, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= size) {
        controller.close();
        return;
      }
      const row = await db
        .selectFrom("files")
        .select(sql<Uint8Array>`substring(data from ${offset + 1} for ${CHUNK_BYTES})`.as("chunk"))
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row || row.chunk.length === 0) {
        controller.close();
        return;
      }
      offset += row.chunk.length;
      controller.enqueue(new Uint8Array(row.chunk));
    },
  });
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name, so Japanese file names survive every browser. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  // RFC 5987 also reserves ' ( ) *, which encodeURIComponent leaves alone.
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A report photo's project, and whether the public may see it: the report approved and the photo marked public. */
export async function reportPhotoOwner(db: Kysely<Database>, fileId: string, reportId: string) {
  const row = await db
    .selectFrom("milestone_reports as r")
    .innerJoin("milestones as m", "m.id", "r.milestone_id")
    .innerJoin("files as f", (join) => join.on("f.id", "=", fileId))
    .select(["m.project_id", "r.status", "f.is_public"])
    .where("r.id", "=", reportId)
    .executeTakeFirst();
  return row ? { projectId: row.project_id, isPublic: row.status === "approved" && row.is_public } : null;
}

/** A file's bytes with what is needed to send them. */
export function fileContent(db: Kysely<Database>, id: string) {
  return db.selectFrom("files").select(["data", "content_type", "filename"]).where("id", "=", id).executeTakeFirst();
}
