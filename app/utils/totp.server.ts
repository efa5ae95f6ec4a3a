import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { renderSVG } from "uqr";

/**
 * Time-based one-time codes (RFC 6238: 30-second steps, 6 digits, as every authenticator app
 * expects), and the recovery codes that stand in when the phone is lost.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const ISSUER = "ねりま協働ラボ";
export const RECOVERY_CODE_COUNT = 10;

export function newTotpKey(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

/** The step a moment falls in. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpCode(key: Uint8Array, step: number): string {
  return generateHOTP(key, BigInt(step), TOTP_DIGITS);
}

/**
 * The step a code belongs to, if it is the code of the current step or of the one before or after
 * (a phone's clock may be half a minute out); null otherwise. The caller refuses a step already used.
 */
export function matchingStep(key: Uint8Array, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = totpStep(now);
  for (const step of [current, current - 1, current + 1]) {
    if (timingSafeEqual(Buffer.from(totpCode(key, step)), Buffer.from(code))) return step;
  }
  return null;
}

export function keyUri(key: Uint8Array, accountName: string): string {
  return createTOTPKeyURI(ISSUER, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The key as people type it into an app that cannot scan: base32 in groups of four. */
export function keyForTyping(key: Uint8Array): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const byte of key) bits += byte.toString(2).padStart(8, "0");
  let out = "";
  for (let i = 0; i + 5 <= bits.length; i += 5) out += alphabet[Number.parseInt(bits.slice(i, i + 5), 2)];
  return out.match(/.{1,4}/g)?.join(" ") ?? out;
}

/** A QR code of the key's URI, as SVG markup made here from our own string (no script, no user text). */
export function keyQrSvg(uri: string): string {
  return renderSVG(uri, { border: 2 });
}

// The key is kept sealed (AES-256-GCM under a key derived from the site secret): with
// SESSION_SECRET set outside the database, a copy of the database alone does not give the codes.
function sealingKey(siteSecret: string): Buffer {
  return createHash("sha256").update(`totp-key:${siteSecret}`).digest();
}

export function sealTotpKey(key: Uint8Array, siteSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(siteSecret), iv);
  const sealed = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

export function openTotpKey(sealed: string, siteSecret: string): Uint8Array | null {
  try {
    const raw = Buffer.from(sealed, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(siteSecret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return new Uint8Array(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]));
  } catch {
    return null;
  }
}

// No 0/O or 1/I/L: recovery codes are read off paper by people who may have kept them for years.
const RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Recovery codes are typed with or without the hyphen, in either case. */
export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
}

export function looksLikeRecoveryCode(code: string): boolean {
  return normalizeRecoveryCode(code).length === 10 && /^[A-Z0-9]+$/.test(normalizeRecoveryCode(code));
}
