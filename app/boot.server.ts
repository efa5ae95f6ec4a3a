import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import { serveControlSocket } from "../db/backup";
import { listenForChanges } from "../db/change-notices";
import { migrateToLatest, openDatabase } from "../db/connection";
import type { Database } from "../db/schema";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoSeeded, seedDemoIfNew } from "../db/seed";
import { type Config, ConfigError, loadConfig } from "./config.server";
import { sendDraftNudges } from "./models/draft-nudges.server";
import { checkReadiness, type Readiness } from "./models/health.server";
import { mailJob, SMTP_TIMEOUTS } from "./models/mail.server";
import { sendDigests } from "./models/notice-deliveries.server";
import { sendDueReminders } from "./models/project-reminders.server";
import { nextPublicChange } from "./models/public-clock.server";
import { sendReviewDeadlineReminders } from "./models/review-reminders.server";
import { loadSigningSecrets } from "./models/subscriptions.server";
import { resealTotpKeys } from "./models/two-factor.server";
import { createServices, installServices, type Services } from "./services.server";
import { type Job, startJobs } from "./utils/jobs.server";
import { log } from "./utils/log.server";
import { changeMemo } from "./web/change-memo.server";
import { PageCache } from "./web/page-cache.server";

export interface Running {
  services: Services;
  /** Public pages kept for visitors; emptied by every committed write (app/web/page-cache.server.ts). */
  pageCache: PageCache;
  /** A write this process answered: what was kept (pages, memoised reads) goes before the notice comes. */
  forgetKept(): void;
  /** For /readyz: database reachable, migrations current, age of the oldest unsent e-mail. */
  readiness(): Promise<Readiness>;
  /** Stops claiming work (mail, reminders); the send under way gets `graceMs` to finish. */
  stopWorkers(graceMs?: number): Promise<void>;
  /** Stops the workers, then closes the database. */
  stop(): Promise<void>;
}

function loadConfigOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Start-up, in order: configuration, database, migrations, demo seed, mail worker. */
export async function boot(
  env: Record<string, string | undefined> = process.env,
  options: { instrumentDatabase?: (db: Kysely<Database>) => Kysely<Database> } = {},
): Promise<Running> {
  const config = loadConfigOrExit(env);
  log.level = config.logLevel;
  const handle = openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir }, {
    timeoutMs: config.databaseTimeoutMs,
    onPoolError: (error) => log.warn({ err: error.message }, "database connection lost; it will be replaced"),
  });
  // The embedded database belongs to this process: `npm run backup` asks it for a copy.
  const control = handle.pglite
    ? await serveControlSocket(handle.pglite, config.dataDir, (error) => log.error({ err: error }, "backup failed"))
    : null;
  if (config.databaseUrl) {
    // Migrations may build an index on a large table, or wait for another process's migration lock:
    // they get a connection without the request's statement bound.
    const migrating = openDatabase({ url: config.databaseUrl }, { timeoutMs: null });
    try {
      await migrateToLatest(migrating.db);
    } finally {
      await migrating.close();
    }
  } else {
    await migrateToLatest(handle.db);
  }
  const { secret, previous, keysSealedUnder } = await loadSigningSecrets(
    handle.db,
    config.sessionSecret,
    config.previousSessionSecrets,
  );
  if (keysSealedUnder.length > 0) {
    const keys = await resealTotpKeys(handle.db, secret, keysSealedUnder);
    if (keys.resealed > 0) log.info({ count: keys.resealed }, "second-factor keys sealed again under the new secret");
    if (keys.unopened > 0) log.warn({ count: keys.unopened }, "second-factor keys that no configured secret opens");
  }
  if (config.seedDemo) {
    const fresh = await seedDemoIfNew(handle.db, { publicUrl: config.publicUrl, secret });
    if (fresh) console.log("Demo data created.");
  }
  const demo = await isDemoSeeded(handle.db);
  // Pages get the instrumented database (the benchmark counts their queries); workers the plain one.
  const db = options.instrumentDatabase?.(handle.db) ?? handle.db;
  const services = {
    ...createServices(config, db, handle.kind, secret, demo && !config.smtpUrl, demo),
    previousSecrets: previous,
  };
  installServices(services);
  if (demo) {
    console.log(`Demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(22)} ${account.note}`);
  }

  // Background work, on one runner: milestone, review-deadline and draft reminders and the daily digests (through the outbox
  // like every other e-mail) every ten minutes, and the outbox delivered when there is a mail server.
  const jobs: Job[] = [
    {
      name: "reminders",
      everyMs: 10 * 60_000,
      run: async () => {
        const ctx = { publicUrl: config.publicUrl, locale: "ja" as const, now: new Date() };
        // One pass failing must not keep the other from running, nor go unreported.
        const passes = await Promise.allSettled([
          sendDueReminders(handle.db, ctx),
          sendReviewDeadlineReminders(handle.db, ctx),
          sendDraftNudges(handle.db, ctx),
          sendDigests(handle.db, ctx),
        ]);
        const failed = passes.flatMap((pass) => (pass.status === "rejected" ? [pass.reason] : []));
        if (failed.length > 0) throw new AggregateError(failed, "reminder pass failed");
      },
    },
  ];
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS });
    jobs.push(mailJob(handle.db, transport, config.mailFrom));
  } else if (services.demoMailbox) {
    console.log("No SMTP_URL: e-mail stays in the outbox; read it at /dev/mail.");
  } else {
    log.warn(
      "No SMTP_URL: e-mail is NOT being delivered. It waits in the outbox (admins can read it at /dev/mail) and goes out once SMTP_URL is set.",
    );
  }
  const pageCache = new PageCache({ nextChange: (now) => nextPublicChange(handle.db, now) });
  // Everything this process keeps until a change (kept-until-change.server.ts).
  const kept = [pageCache, changeMemo];
  const forgetKept = () => {
    for (const store of kept) store.clear();
  };
  const changes = await listenForChanges(
    handle.pglite ? { pglite: handle.pglite } : { url: config.databaseUrl ?? "" },
    {
      onChange: forgetKept,
      onListening: (listening) => {
        for (const store of kept) store.setListening(listening);
      },
      onError: (error) => log.warn({ err: error.message }, "listening for changes failed; public pages are not cached"),
    },
  );

  const runner = startJobs(jobs, (job, error) => log.error({ err: error }, `${job} job`));

  console.log(
    `Database: ${handle.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)"}`,
  );
  let workersStopped: Promise<void> | null = null;
  const stopWorkers = (graceMs?: number) => {
    workersStopped ??= (async () => {
      await runner.stop(graceMs);
    })();
    return workersStopped;
  };
  return {
    services,
    pageCache,
    forgetKept,
    readiness: () => checkReadiness(handle.db),
    stopWorkers,
    async stop() {
      await stopWorkers();
      await changes.stop();
      await control?.close();
      installServices(null);
      await handle.close();
    },
  };
}
