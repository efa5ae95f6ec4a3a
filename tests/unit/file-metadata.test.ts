import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { withoutMetadata } from "~/models/file-metadata.server";
import { prepareUpload } from "~/models/files.server";

// Security finding 9: PDF document information and photo EXIF (with the place it was taken) were
// served unchanged.

const WHO = "Yamada Taro, Kobo Ltd. taro@kobo.example.jp";

/** A PDF as an office program writes it: document information and an XMP packet naming its author. */
async function pdfWithAuthor(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.addPage([595, 842]);
  const info = pdf.context.obj({
    Author: PDFString.of(WHO),
    Title: PDFString.of("Internal draft"),
    Creator: PDFString.of("Word for Kobo Ltd."),
  });
  pdf.context.trailerInfo.Info = pdf.context.register(info);
  const xmp = pdf.context.stream(`<x:xmpmeta><dc:creator>${WHO}</dc:creator></x:xmpmeta>`, {
    Type: "Metadata",
    Subtype: "XML",
  });
  pdf.catalog.set(PDFName.of("Metadata"), pdf.context.register(xmp));
  return pdf.save({ useObjectStreams: false });
}

/** A phone photo: EXIF with the owner, and GPS coordinates; taken sideways (orientation 6). */
async function photoWithLocation(format: "jpeg" | "png"): Promise<Uint8Array> {
  const image = sharp({ create: { width: 40, height: 20, channels: 3, background: "#3a7" } })
    .withExif({
      IFD0: { Artist: WHO },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "35/1 44/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "139/1 39/1 0/1" },
    })
    .withMetadata({ orientation: 6 });
  return new Uint8Array(await (format === "jpeg" ? image.jpeg() : image.png()).toBuffer());
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

describe("metadata removed on the way in", () => {
  it("takes the author, title, program and XMP out of a PDF and keeps its pages", async () => {
    const original = await pdfWithAuthor();
    expect(text(original)).toContain("taro@kobo.example.jp");
    const cleaned = await withoutMetadata(original, "application/pdf");
    if (!cleaned) throw new Error("not cleaned");
    expect(text(cleaned)).not.toContain("taro@kobo.example.jp");
    expect(text(cleaned)).not.toContain("Internal draft");
    expect(text(cleaned)).not.toContain("xmpmeta");
    const reread = await PDFDocument.load(cleaned, { updateMetadata: false });
    expect(reread.getPageCount()).toBe(1);
    expect(reread.getAuthor()).toBeUndefined();
    expect(reread.getProducer()).toBeUndefined();
  });

  for (const format of ["jpeg", "png"] as const) {
    it(`takes EXIF and GPS out of a ${format.toUpperCase()} photo, turned upright first`, async () => {
      const original = await photoWithLocation(format);
      const before = await sharp(original).metadata();
      expect(before.exif?.length ?? 0).toBeGreaterThan(0);
      expect(before.orientation).toBe(6);
      expect(text(original)).toContain("taro@kobo.example.jp");
      const cleaned = await withoutMetadata(original, `image/${format}`);
      if (!cleaned) throw new Error("not cleaned");
      const after = await sharp(cleaned).metadata();
      expect(after.exif).toBeUndefined();
      expect(after.format).toBe(format);
      expect(text(cleaned)).not.toContain("taro@kobo.example.jp");
      // Orientation 6 means "turn a quarter": the stored photo is upright without the tag.
      expect([after.width, after.height]).toEqual([20, 40]);
    });
  }

  it("refuses a file that claims to be a PDF or a photo but cannot be read, rather than store it as is", async () => {
    const broken = new Uint8Array([...new TextEncoder().encode("%PDF-1.7\n"), ...new Uint8Array(50)]);
    expect(await prepareUpload(broken, "report.pdf")).toEqual({ ok: false, problem: "validation.file.unreadable" });
    const notAPhoto = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect(await prepareUpload(notAPhoto, "photo.jpg")).toEqual({ ok: false, problem: "validation.file.unreadable" });
  });

  it("gives the cleaned bytes to the upload routes", async () => {
    const prepared = await prepareUpload(await pdfWithAuthor(), "kobo.pdf");
    if (!prepared.ok) throw new Error(prepared.problem);
    expect(prepared.contentType).toBe("application/pdf");
    expect(text(prepared.bytes)).not.toContain("taro@kobo.example.jp");
  });
});
