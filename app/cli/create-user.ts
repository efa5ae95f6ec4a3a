/**
 * npm run user:create -- --email staff@city.nerima.tokyo.jp --name "練馬 太郎" --role staff [--password …]
 *
 * Creates a verified account on the configured database (DATABASE_URL, or the embedded one under
 * ./data — stop `npm start` first: the embedded database allows one process at a time).
 * Without --password a strong one is generated and printed once.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import * as v from "valibot";
import { migrateToLatest, openDatabase } from "../../db/connection";
import { ROLES } from "../../db/schema";
import { translateMessage, translator } from "../i18n";
import { emailSchema, nameSchema, newPasswordSchema } from "../models/account-schemas";
import { createVerifiedUser, findUserByEmail } from "../models/accounts.server";
import { configOrExit, fail } from "./shared";

const t = translator("en");

const argsSchema = v.object({
  email: emailSchema,
  name: nameSchema,
  role: v.picklist(ROLES, `--role must be one of: ${ROLES.join(", ")}`),
  password: v.optional(newPasswordSchema),
});

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", default: "member" },
    password: { type: "string" },
  },
});
const parsed = v.safeParse(argsSchema, values);
if (!parsed.success) {
  fail(
    `Usage: npm run user:create -- --email ADDRESS --name NAME --role ${ROLES.join("|")} [--password PASSWORD]\n` +
      parsed.issues
        .map((issue) => `  --${issue.path?.map((p) => p.key).join(".") ?? ""}: ${translateMessage(t, issue.message)}`)
        .join("\n"),
  );
}

const config = configOrExit();
// A tool run by hand, migrations included: no request's bound on its statements.
const handle = openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir }, {
  timeoutMs: null,
});
try {
  await migrateToLatest(handle.db);
  if (await findUserByEmail(handle.db, parsed.output.email))
    fail(`An account with ${parsed.output.email} already exists.`);
  const password = parsed.output.password ?? randomBytes(12).toString("base64url");
  // The person has not agreed to the privacy policy yet: the site asks on their first visit.
  const user = await createVerifiedUser(handle.db, { ...parsed.output, password, privacyVersion: null });
  console.log(`Created ${user.role} ${user.email} (${user.name}).`);
  if (!parsed.output.password) console.log(`Password (shown once): ${password}`);
} finally {
  await handle.close();
}
