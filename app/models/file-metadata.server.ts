import { type PDFDict, PDFDocument, PDFName, PDFRef } from "pdf-lib";
import sharp from "sharp";

/**
 * Files are stored without what they carry about their makers: a PDF's document information
 * (author, company, the program and its user) and XMP packet, a photo's EXIF (the phone, the time,
 * and where it was taken). Photos are turned upright first, since the turn is kept in EXIF too.
 * Null: the file could not be read well enough to be cleaned, and is refused rather than stored as is.
 */
export async function withoutMetadata(bytes: Uint8Array, contentType: string): Promise<Uint8Array | null> {
  try {
    if (contentType === "application/pdf") return await pdfWithoutMetadata(bytes);
    if (contentType === "image/jpeg" || contentType === "image/png") {
      // sharp writes no metadata unless asked to (withMetadata): the output keeps the pixels only.
      return new Uint8Array(await sharp(bytes, { failOn: "error" }).rotate().toBuffer());
    }
    return bytes;
  } catch {
    return null;
  }
}

async function pdfWithoutMetadata(bytes: Uint8Array): Promise<Uint8Array> {
  // updateMetadata: false, or pdf-lib would write its own Producer and dates back in.
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  // pdf-lib writes every object it holds, referenced or not: the objects themselves are removed.
  const drop = (holder: PDFDict, key: string) => {
    const value = holder.get(PDFName.of(key));
    if (value instanceof PDFRef) pdf.context.delete(value);
    holder.delete(PDFName.of(key));
  };
  const info = pdf.context.trailerInfo.Info;
  if (info instanceof PDFRef) pdf.context.delete(info);
  pdf.context.trailerInfo.Info = undefined;
  drop(pdf.catalog, "Metadata");
  for (const page of pdf.getPages()) drop(page.node, "Metadata");
  return pdf.save({ useObjectStreams: false });
}
