import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

/** A proposal ("p") read with its theme ("t"): most rules about a proposal are its theme's. */
export function proposalsWithTheme(db: Kysely<Database>) {
  return db.selectFrom("proposals as p").innerJoin("themes as t", "t.id", "p.theme_id");
}

/** A funded project ("p") read with the theme ("t") it was funded under. */
export function projectsWithTheme(db: Kysely<Database>) {
  return db.selectFrom("projects as p").innerJoin("themes as t", "t.id", "p.theme_id");
}
