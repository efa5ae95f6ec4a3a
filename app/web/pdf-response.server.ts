import { type DocumentProps, renderToBuffer } from "@react-pdf/renderer";
import type { ReactElement } from "react";
import { translator } from "~/i18n";
import { contentDisposition } from "~/models/files.server";
import { getLocale } from "~/utils/locale.server";
import type { DocumentContext } from "./pdf/layout.server";

/** The reader's language and its wording: every document is written in the language of the page it is downloaded from. */
export async function documentContext(request: Request): Promise<DocumentContext> {
  const locale = await getLocale(request);
  return { locale, t: translator(locale) };
}

/**
 * A document's file name from its parts (提案書_2026-コラボ-0007): characters no file system
 * accepts, and control characters, become "_", and the name is kept short.
 */
export function documentFilename(...parts: (string | null | undefined)[]): string {
  return (
    parts
      .filter((p): p is string => Boolean(p?.trim()))
      .join("_")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, "_")
      .slice(0, 80)
  );
}

/**
 * One of the ward's documents (app/web/pdf/) as a PDF download: rendered on the server, saved under
 * its Japanese name (RFC 5987, with an ASCII fallback), and never kept by a browser or proxy cache,
 * since every document is someone's own.
 */
export async function pdfResponse(document: ReactElement<DocumentProps>, filename: string): Promise<Response> {
  const body = await renderToBuffer(document);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(`${filename}.pdf`),
      "Content-Length": String(body.length),
      "Cache-Control": "private, no-store",
    },
  });
}
