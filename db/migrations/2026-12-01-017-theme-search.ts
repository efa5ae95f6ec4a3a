import { type Kysely, sql } from "kysely";

/**
 * `/themes` searches by keyword the way the directory does (see app/models/search.ts): each theme
 * keeps its normalised text and that text's character bigrams, the bigrams in a GIN index.
 * Existing themes are filled here.
 */
// Migrations are frozen against the schema and code of their day: the normalisation is copied, not imported.
function normalize(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(/\s+/g, " ")
    .trim();
}

function bigramsOf(normalized: string): string[] {
  const grams = new Set<string>();
  for (const word of normalized.split(" ")) {
    const chars = Array.from(word);
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  }
  return [...grams];
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("themes")
    .addColumn("search_tokens", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  const themes = await db
    .selectFrom("themes")
    .select(["id", "title", "summary", "background", "expectations", "department"])
    .execute();
  for (const theme of themes) {
    const text = normalize(
      [theme.title, theme.summary, theme.background, theme.expectations, theme.department].filter(Boolean).join(" "),
    );
    await db
      .updateTable("themes")
      .set({ search_text: text, search_tokens: sql`${sql.val(bigramsOf(text))}::text[]` })
      .where("id", "=", theme.id)
      .execute();
  }
  await sql`create index themes_search_idx on themes using gin (search_tokens)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("themes_search_idx").execute();
  await db.schema.alterTable("themes").dropColumn("search_tokens").dropColumn("search_text").execute();
}
