import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organizations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_kana", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("areas", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("fields", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("contact_email", "text", (c) => c.notNull())
    .addColumn("contact_phone", "text")
    .addColumn("website", "text")
    .addColumn("founded_year", "integer")
    .addColumn("member_count", "integer")
    .addColumn("verification_status", "text", (c) =>
      c.notNull().defaultTo("unverified").check(sql`verification_status in ('unverified', 'verified', 'returned')`),
    )
    .addColumn("verification_note", "text")
    .addColumn("verified_at", "timestamptz")
    // Character bigrams of name, kana and description: see app/models/search.ts.
    .addColumn("search_tokens", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("organizations_kana_idx").on("organizations").columns(["name_kana", "id"]).execute();
  await db.schema
    .createIndex("organizations_kind_kana_idx")
    .on("organizations")
    .columns(["kind", "name_kana", "id"])
    .execute();
  await sql`create index organizations_areas_idx on organizations using gin (areas)`.execute(db);
  await sql`create index organizations_fields_idx on organizations using gin (fields)`.execute(db);
  await sql`create index organizations_search_idx on organizations using gin (search_tokens)`.execute(db);
  await db.schema
    .createIndex("organizations_verification_idx")
    .on("organizations")
    .columns(["verification_status", "created_at"])
    .execute();

  await db.schema
    .createTable("organization_members")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('representative', 'member')`))
    .addColumn("joined_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("organization_members_pk", ["organization_id", "user_id"])
    .execute();
  await db.schema.createIndex("organization_members_user_idx").on("organization_members").column("user_id").execute();

  await db.schema
    .createTable("organization_invitations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("accepted_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("organization_invitations_email_idx")
    .on("organization_invitations")
    .columns(["email", "expires_at"])
    .execute();
  await db.schema
    .createIndex("organization_invitations_org_idx")
    .on("organization_invitations")
    .column("organization_id")
    .execute();

  await db.schema
    .createTable("partner_listings")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("offers", "text", (c) => c.notNull())
    .addColumn("seeks", "text", (c) => c.notNull())
    .addColumn("areas", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("fields", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("theme_id", "text")
    .addColumn("ends_at", "timestamptz", (c) => c.notNull())
    .addColumn("closed_at", "timestamptz")
    .addColumn("search_tokens", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The board shows open listings, newest first: a partial index keeps closed ones out of the way.
  await sql`create index partner_listings_open_idx on partner_listings (created_at desc, id) where closed_at is null`.execute(
    db,
  );
  await sql`create index partner_listings_areas_idx on partner_listings using gin (areas)`.execute(db);
  await sql`create index partner_listings_fields_idx on partner_listings using gin (fields)`.execute(db);
  await sql`create index partner_listings_search_idx on partner_listings using gin (search_tokens)`.execute(db);
  await db.schema
    .createIndex("partner_listings_org_idx")
    .on("partner_listings")
    .columns(["organization_id", "created_at"])
    .execute();

  await db.schema
    .createTable("partnership_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("listing_id", "text", (c) => c.references("partner_listings.id").onDelete("set null"))
    .addColumn("from_organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("to_organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status in ('pending', 'accepted', 'declined')`),
    )
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_at", "timestamptz")
    .addColumn("decided_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema
    .createIndex("partnership_requests_to_idx")
    .on("partnership_requests")
    .columns(["to_organization_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("partnership_requests_from_idx")
    .on("partnership_requests")
    .columns(["from_organization_id", "created_at"])
    .execute();

  await db.schema
    .createTable("partnership_messages")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("request_id", "text", (c) => c.notNull().references("partnership_requests.id").onDelete("cascade"))
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("partnership_messages_request_idx")
    .on("partnership_messages")
    .columns(["request_id", "id"])
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("message_key", "text", (c) => c.notNull())
    .addColumn("params", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("link", "text", (c) => c.notNull())
    .addColumn("read_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("notifications_user_idx").on("notifications").columns(["user_id", "id"]).execute();
  await sql`create index notifications_unread_idx on notifications (user_id) where read_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "notifications",
    "partnership_messages",
    "partnership_requests",
    "partner_listings",
    "organization_invitations",
    "organization_members",
    "organizations",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
