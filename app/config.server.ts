import path from "node:path";
import * as v from "valibot";

export interface Config {
  /** `null` means the embedded PGlite database under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string;
  port: number;
  host: string | null;
  seedDemo: boolean;
  /**
   * Signs links sent by e-mail (unsubscribe) and the half-done log-in cookie, and seals second-factor
   * keys. Null: a secret generated once and kept in the database.
   */
  sessionSecret: string | null;
  /** Earlier secrets, still accepted while they are rotated out (SESSION_SECRET_PREVIOUS). */
  previousSessionSecrets: string[];
  /** How much the JSON-line log says. */
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "silent";
  /** The longest one statement may keep a request waiting on the database (connecting gets half). */
  databaseTimeoutMs: number;
  /**
   * Which reverse proxies' X-Forwarded-For / X-Forwarded-Proto to believe (express's `trust proxy`:
   * `loopback`, an address or subnet list, or a hop count). Null: none, the socket's address counts.
   */
  trustProxy: string | null;
}

export class ConfigError extends Error {}

const optionalText = v.optional(v.pipe(v.string(), v.trim()), "");

// Each variable is checked on its own so the error names exactly one of them.
const rules = {
  DATABASE_URL: v.union([v.literal(""), v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\/.+/))]),
  DATA_DIR: v.string(),
  SMTP_URL: v.union([v.literal(""), v.pipe(v.string(), v.regex(/^smtps?:\/\/[^\s]+$/))]),
  MAIL_FROM: v.union([v.literal(""), v.pipe(v.string(), v.regex(/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/))]),
  PUBLIC_URL: v.union([v.literal(""), v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//))]),
  PORT: v.union([v.literal(""), v.pipe(v.string(), v.regex(/^\d{1,5}$/))]),
  HOST: v.string(),
  SEED_DEMO: v.union([v.literal(""), v.picklist(["true", "false", "1", "0"])]),
  SESSION_SECRET: v.union([v.literal(""), v.pipe(v.string(), v.minLength(32))]),
  SESSION_SECRET_PREVIOUS: v.union([
    v.literal(""),
    v.pipe(
      v.string(),
      v.check((value) => value.split(",").every((secret) => secret.trim().length >= 32)),
    ),
  ]),
  LOG_LEVEL: v.union([v.literal(""), v.picklist(["fatal", "error", "warn", "info", "debug", "silent"])]),
  DATABASE_TIMEOUT_MS: v.union([v.literal(""), v.pipe(v.string(), v.regex(/^\d{3,6}$/))]),
  TRUST_PROXY: v.union([
    v.literal(""),
    v.pipe(v.string(), v.regex(/^(loopback|uniquelocal|linklocal|\d{1,2}|[\d.:a-fA-F/, ]+)$/)),
  ]),
} as const;

const hints: Record<keyof typeof rules, string> = {
  DATABASE_URL: "must be a postgres:// or postgresql:// URL",
  DATA_DIR: "must be a folder path",
  SMTP_URL: "must be an smtp:// or smtps:// URL",
  MAIL_FROM: 'must be an e-mail address, optionally as "Name <address>"',
  PUBLIC_URL: "must be an absolute http:// or https:// URL",
  PORT: "must be a whole number from 1 to 65535",
  HOST: "must be a host name or address",
  SEED_DEMO: "must be true or false",
  SESSION_SECRET: "must be at least 32 characters",
  SESSION_SECRET_PREVIOUS: "must be earlier secrets of at least 32 characters each, separated by commas",
  LOG_LEVEL: "must be one of fatal, error, warn, info, debug, silent",
  DATABASE_TIMEOUT_MS: "must be a number of milliseconds from 500 to 120000",
  TRUST_PROXY: "must be loopback, a number of proxies, or addresses/subnets separated by commas",
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = {} as Record<keyof typeof rules, string>;
  for (const name of Object.keys(rules) as (keyof typeof rules)[]) {
    const value: string = v.parse(optionalText, env[name]);
    const length = value.length;
    if (!v.is(rules[name], value)) {
      // Never echo a secret back into a log.
      const shown = name.startsWith("SESSION_SECRET") ? `${length} characters` : `"${value}"`;
      throw new ConfigError(`Invalid ${name}: ${hints[name]} (got ${shown})`);
    }
    raw[name] = value;
  }
  const port = raw.PORT === "" ? 3000 : Number(raw.PORT);
  if (port < 1 || port > 65535) throw new ConfigError(`Invalid PORT: ${hints.PORT} (got "${raw.PORT}")`);
  const databaseTimeoutMs = raw.DATABASE_TIMEOUT_MS === "" ? 10_000 : Number(raw.DATABASE_TIMEOUT_MS);
  if (databaseTimeoutMs < 500 || databaseTimeoutMs > 120_000) {
    throw new ConfigError(
      `Invalid DATABASE_TIMEOUT_MS: ${hints.DATABASE_TIMEOUT_MS} (got "${raw.DATABASE_TIMEOUT_MS}")`,
    );
  }
  if (raw.SESSION_SECRET_PREVIOUS && !raw.SESSION_SECRET) {
    throw new ConfigError("Invalid SESSION_SECRET_PREVIOUS: set SESSION_SECRET to the new secret as well");
  }
  const databaseUrl = raw.DATABASE_URL || null;
  const smtpUrl = raw.SMTP_URL || null;
  const seedDemo = raw.SEED_DEMO === "" ? databaseUrl === null : raw.SEED_DEMO === "true" || raw.SEED_DEMO === "1";
  return {
    databaseUrl,
    dataDir: path.resolve(raw.DATA_DIR || "data"),
    smtpUrl,
    mailFrom: raw.MAIL_FROM || "ねりま協働ラボ <no-reply@nerima-collab.localhost>",
    publicUrl: (raw.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ""),
    port,
    host: raw.HOST || null,
    seedDemo,
    sessionSecret: raw.SESSION_SECRET || null,
    previousSessionSecrets: raw.SESSION_SECRET_PREVIOUS
      ? raw.SESSION_SECRET_PREVIOUS.split(",").map((secret) => secret.trim())
      : [],
    logLevel: (raw.LOG_LEVEL || "info") as Config["logLevel"],
    databaseTimeoutMs,
    trustProxy: raw.TRUST_PROXY || null,
  };
}
