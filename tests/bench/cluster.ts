// Two server processes on one PostgreSQL database, as a ward would run them behind a load
// balancer: a session opened on one is honoured (and closed) on the other, and the two mail
// workers between them send every queued e-mail exactly once.

import { type ChildProcess, spawn } from "node:child_process";
import pg from "pg";
import { startSmtpReceiver } from "../support/smtp";
import { freePort, signIn } from "./site";

export interface ClusterCheck {
  sessionOnOtherServer: boolean;
  logoutOnOtherServer: boolean;
  mailQueued: number;
  mailReceived: number;
  mailDuplicates: number;
}

async function startProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: url, SEED_DEMO: "false" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error("A second server did not start within 20 s");
}

export async function checkTwoServers(
  databaseUrl: string,
  account: { email: string; password: string; page: string },
  resetEmails: string[],
): Promise<ClusterCheck> {
  const smtp = await startSmtpReceiver();
  const env = {
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtp.url,
    SESSION_SECRET: "bench-secret-bench-secret-bench-secret-0123",
  };
  const servers = await Promise.all([startProcess(env), startProcess(env)]);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [a, b] = servers;
    const cookie = await signIn(a.url, account.email, account.password);
    const onB = await fetch(`${b.url}${account.page}`, { headers: { cookie }, redirect: "manual" });
    await fetch(`${b.url}/logout`, { method: "POST", headers: { cookie, origin: b.url }, redirect: "manual" });
    const afterLogout = await fetch(`${a.url}${account.page}`, { headers: { cookie }, redirect: "manual" });

    // Mail queued through both servers (password resets), plus whatever the reminder workers queue.
    await Promise.all(
      resetEmails.map((email, i) =>
        fetch(`${servers[i % 2].url}/forgot-password`, {
          method: "POST",
          body: new URLSearchParams({ email }),
          headers: { origin: servers[i % 2].url },
          redirect: "manual",
        }),
      ),
    );
    const deadline = Date.now() + 120_000;
    let counts = { queued: 0, waiting: 1 };
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ queued: number; waiting: number }>(
        "select count(*)::int as queued, count(*) filter (where status in ('pending', 'sending'))::int as waiting from mail_outbox",
      );
      counts = rows[0];
      if (counts.waiting === 0 && smtp.received.length >= counts.queued) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // A duplicate would arrive after its twin: give a late one time to show up.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const seen = new Map<string, number>();
    for (const mail of smtp.received) {
      const key = `${mail.to.join(",")}\n${mail.subject}\n${mail.text}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return {
      sessionOnOtherServer: onB.status === 200,
      logoutOnOtherServer: afterLogout.status === 302 || afterLogout.status === 303,
      mailQueued: counts.queued,
      mailReceived: smtp.received.length,
      mailDuplicates: [...seen.values()].reduce((sum, n) => sum + n - 1, 0),
    };
  } finally {
    await client.end();
    for (const server of servers) server.child.kill("SIGTERM");
    await Promise.all(
      servers.map((s) => (s.child.exitCode === null ? new Promise((resolve) => s.child.once("exit", resolve)) : null)),
    );
    await smtp.close();
  }
}
