import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Courses are data: the ward can add a call without a code change.
  await db.schema
    .createTable("courses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name_ja", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("short_name", "text", (c) => c.notNull())
    .addColumn("description_ja", "text", (c) => c.notNull())
    .addColumn("description_en", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // The two courses the programme runs today (reference data, not demo data).
  await db
    .insertInto("courses")
    .values([
      {
        id: "future_creation",
        name_ja: "未来創造チャレンジ",
        name_en: "Future Creation Challenge",
        short_name: "未来創造",
        description_ja: "区の担当課と団体が、区が設定したテーマに複数年かけて取り組むコースです。",
        description_en: "A ward department and a group work on a ward-set theme over several years.",
        position: 1,
      },
      {
        id: "collabo",
        name_ja: "コラボチャレンジ",
        name_en: "Collabo Challenge",
        short_name: "コラボ",
        description_ja: "町会・自治会とNPO・ボランティア団体・企業などが協働して取り組む1年間のコースです。",
        description_en:
          "A one-year course for groups working together, typically an association with an NPO or business.",
        position: 2,
      },
    ])
    .execute();

  await db.schema
    .createTable("themes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("course_id", "text", (c) => c.notNull().references("courses.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("background", "text", (c) => c.notNull())
    .addColumn("expectations", "text", (c) => c.notNull())
    .addColumn("department", "text", (c) => c.notNull())
    .addColumn("contact", "text", (c) => c.notNull())
    .addColumn("fields", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("grant_cap_per_year", "integer", (c) => c.notNull())
    .addColumn("grant_cap_total", "integer", (c) => c.notNull())
    .addColumn("subsidy_rate_percent", "integer", (c) => c.notNull().defaultTo(100))
    .addColumn("duration_years", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("awards_planned", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("reserved_slots", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reserved_for_kind", "text")
    .addColumn("required_kinds", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("min_organizations", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("declaration", "text", (c) => c.notNull())
    .addColumn("opens_at", "timestamptz", (c) => c.notNull())
    .addColumn("closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("draft").check(sql`status in ('draft', 'published', 'results_released', 'archived')`),
    )
    .addColumn("published_at", "timestamptz")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("themes_window_check", sql`closes_at > opens_at`)
    .addCheckConstraint("themes_caps_check", sql`grant_cap_per_year >= 0 and grant_cap_total >= grant_cap_per_year`)
    .addCheckConstraint("themes_rate_check", sql`subsidy_rate_percent between 1 and 100`)
    .execute();
  await db.schema.createIndex("themes_public_idx").on("themes").columns(["status", "closes_at"]).execute();
  await db.schema.createIndex("themes_course_idx").on("themes").columns(["course_id", "closes_at"]).execute();
  await sql`create index themes_fields_idx on themes using gin (fields)`.execute(db);

  await db.schema
    .createTable("theme_criteria")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("weight", "integer", (c) => c.notNull().check(sql`weight between 1 and 100`))
    .addColumn("max_score", "integer", (c) => c.notNull().check(sql`max_score between 1 and 100`))
    .execute();
  await db.schema
    .createIndex("theme_criteria_theme_idx")
    .on("theme_criteria")
    .columns(["theme_id", "position"])
    .execute();

  // Files live in the database so every server process sees them and a backup is whole.
  await db.schema
    .createTable("files")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("owner_type", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("data", "bytea", (c) => c.notNull())
    // A report's photo the team chose to show on the public project page.
    .addColumn("is_public", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("uploaded_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("files_owner_idx")
    .on("files")
    .columns(["owner_type", "owner_id", "created_at"])
    .execute();

  await db.schema
    .createTable("theme_questions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id").onDelete("cascade"))
    .addColumn("asked_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("answer", "text")
    .addColumn("answered_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("published_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("theme_questions_theme_idx")
    .on("theme_questions")
    .columns(["theme_id", "created_at"])
    .execute();

  await db.schema
    .createTable("consultations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id").onDelete("cascade"))
    .addColumn("requested_by", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status in ('open', 'closed')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("consultations_status_idx")
    .on("consultations")
    .columns(["status", "updated_at"])
    .execute();
  await db.schema
    .createIndex("consultations_requester_idx")
    .on("consultations")
    .columns(["requested_by", "created_at"])
    .execute();

  await db.schema
    .createTable("consultation_messages")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("consultation_id", "text", (c) => c.notNull().references("consultations.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("from_staff", "boolean", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("consultation_messages_idx")
    .on("consultation_messages")
    .columns(["consultation_id", "id"])
    .execute();

  await db.schema
    .createTable("subscriptions")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('field', 'course')`))
    .addColumn("value", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("subscriptions_pk", ["user_id", "kind", "value"])
    .execute();
  await db.schema.createIndex("subscriptions_value_idx").on("subscriptions").columns(["kind", "value"]).execute();

  // One row per person told about a theme: the primary key makes the announcement exactly-once.
  await db.schema
    .createTable("theme_announcements")
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("theme_announcements_pk", ["theme_id", "user_id"])
    .execute();

  // E-mail about other people's actions is written in the recipient's language, not the actor's.
  await db.schema
    .alterTable("users")
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("ja").check(sql`locale in ('ja', 'en')`))
    .execute();

  await db.schema
    .alterTable("partner_listings")
    .addForeignKeyConstraint("partner_listings_theme_fk", ["theme_id"], "themes", ["id"])
    .onDelete("set null")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // up() added users.locale (the recipient's language for e-mail about other people's actions).
  await db.schema.alterTable("users").dropColumn("locale").execute();

  await db.schema.alterTable("partner_listings").dropConstraint("partner_listings_theme_fk").execute();
  for (const table of [
    "theme_announcements",
    "subscriptions",
    "consultation_messages",
    "consultations",
    "theme_questions",
    "files",
    "theme_criteria",
    "themes",
    "courses",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
