import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "~/config.server";

describe("configuration", () => {
  it("runs the embedded demo with no settings at all", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: null,
      smtpUrl: null,
      port: 3000,
      host: null,
      publicUrl: "http://localhost:3000",
      seedDemo: true,
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it("never seeds demo accounts on a real database unless asked", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://u@db:5432/lab",
      PORT: "8080",
      PUBLIC_URL: "https://lab.example.jp/",
    });
    expect(config).toMatchObject({
      seedDemo: false,
      port: 8080,
      publicUrl: "https://lab.example.jp",
    });
    expect(loadConfig({ DATABASE_URL: "postgres://u@db/lab", SEED_DEMO: "true" }).seedDemo).toBe(true);
  });

  it("reads the operator's settings: log level, database bound, trusted proxies", () => {
    expect(loadConfig({})).toMatchObject({ logLevel: "info", databaseTimeoutMs: 10_000, trustProxy: null });
    expect(loadConfig({ LOG_LEVEL: "warn", DATABASE_TIMEOUT_MS: "5000", TRUST_PROXY: "loopback" })).toMatchObject({
      logLevel: "warn",
      databaseTimeoutMs: 5000,
      trustProxy: "loopback",
    });
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }).trustProxy).toBe("10.0.0.0/8, 127.0.0.1");
  });

  it("takes earlier secrets only beside a new one, each as long as a secret must be, never echoed", () => {
    const current = "c".repeat(32);
    const [older, oldest] = ["o".repeat(32), "p".repeat(40)];
    expect(loadConfig({}).previousSessionSecrets).toEqual([]);
    expect(
      loadConfig({ SESSION_SECRET: current, SESSION_SECRET_PREVIOUS: ` ${older} , ${oldest}` }).previousSessionSecrets,
    ).toEqual([older, oldest]);
    expect(() => loadConfig({ SESSION_SECRET_PREVIOUS: older })).toThrow(/SESSION_SECRET_PREVIOUS: set SESSION_SECRET/);
    const short = `${older},tooshort-secret`;
    expect(() => loadConfig({ SESSION_SECRET: current, SESSION_SECRET_PREVIOUS: short })).toThrow(
      `Invalid SESSION_SECRET_PREVIOUS: must be earlier secrets of at least 32 characters each, separated by commas (got ${short.length} characters)`,
    );
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://x"],
    ["SMTP_URL", "http://mail"],
    ["PUBLIC_URL", "lab.example.jp"],
    ["MAIL_FROM", "not an address"],
    ["SEED_DEMO", "maybe"],
    ["LOG_LEVEL", "loud"],
    ["DATABASE_TIMEOUT_MS", "100"],
    ["DATABASE_TIMEOUT_MS", "ten"],
    ["TRUST_PROXY", "everyone; rm -rf"],
  ])("stops with one line naming %s when it is %s", (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.startsWith(`Invalid ${name}:`)).toBe(true);
    expect(message).not.toContain("\n");
  });
});
