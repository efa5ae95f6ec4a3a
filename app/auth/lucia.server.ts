import type { Kysely } from "kysely";
import { type Adapter, type DatabaseSession, type DatabaseUser, Lucia, TimeSpan } from "lucia";
import type { Database, Role } from "../../db/schema";

/** Lucia's seven adapter methods over Kysely, so sessions live in whichever PostgreSQL the site uses. */
export class KyselySessionAdapter implements Adapter {
  constructor(private readonly db: Kysely<Database>) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await this.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select([
        "sessions.id as session_id",
        "sessions.expires_at",
        "sessions.created_at",
        "sessions.last_seen_at",
        "users.id as user_id",
        "users.email",
        "users.name",
        "users.role",
        "users.email_verified_at",
        "users.privacy_version",
      ])
      .where("sessions.id", "=", sessionId)
      .executeTakeFirst();
    if (!row) return [null, null];
    return [
      {
        id: row.session_id,
        userId: row.user_id,
        expiresAt: new Date(row.expires_at),
        attributes: { created_at: new Date(row.created_at), last_seen_at: new Date(row.last_seen_at) },
      },
      {
        id: row.user_id,
        attributes: {
          email: row.email,
          name: row.name,
          role: row.role,
          email_verified_at: row.email_verified_at,
          privacy_version: row.privacy_version,
        },
      },
    ];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.db.selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      expiresAt: new Date(r.expires_at),
      attributes: { created_at: new Date(r.created_at), last_seen_at: new Date(r.last_seen_at) },
    }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db
      .insertInto("sessions")
      .values({
        id: session.id,
        user_id: session.userId,
        expires_at: session.expiresAt,
        user_agent: session.attributes.user_agent ?? null,
        client_address: session.attributes.client_address ?? null,
      })
      .execute();
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", sessionId).execute();
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", sessionId).execute();
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.deleteFrom("sessions").where("expires_at", "<=", new Date()).execute();
  }
}

interface SessionAttributes {
  created_at?: Date;
  last_seen_at?: Date;
  /** Where the session began, shown on /me so people recognise (or not) their devices. */
  user_agent?: string | null;
  client_address?: string | null;
}

interface UserAttributes {
  email: string;
  name: string;
  role: Role;
  email_verified_at: Date | null;
  privacy_version: string | null;
}

/** The session cookie's name (server.js also reads it: signed-in responses are never cached). */
export const SESSION_COOKIE_NAME = "nerima_session";

export function createLucia(db: Kysely<Database>, secureCookies: boolean) {
  return new Lucia(new KyselySessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      name: SESSION_COOKIE_NAME,
      // Lucia sets HttpOnly, SameSite=Lax and Path=/ itself; Secure follows the site's own scheme.
      attributes: { secure: secureCookies },
    },
    getSessionAttributes: (attributes) => ({
      createdAt: attributes.created_at ?? new Date(),
      lastSeenAt: attributes.last_seen_at ?? new Date(),
    }),
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      name: attributes.name,
      role: attributes.role,
      emailVerified: attributes.email_verified_at !== null,
      privacyVersion: attributes.privacy_version,
    }),
  });
}

export type AppLucia = ReturnType<typeof createLucia>;

declare module "lucia" {
  interface Register {
    Lucia: AppLucia;
    DatabaseUserAttributes: UserAttributes;
    DatabaseSessionAttributes: SessionAttributes;
  }
}
