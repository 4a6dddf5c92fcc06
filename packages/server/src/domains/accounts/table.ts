import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    /** The one district this account belongs to; every user query is confined by it. */
    districtCode: text('district_code').notNull(),
    /** Division the user acts for (district, town or village); null for producers. */
    scopeCode: text('scope_code'),
    /** The producer's own entity. */
    entityId: uuid('entity_id'),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('users_district_idx').on(t.districtCode, t.username),
    check('users_district_code_ck', sql`${t.districtCode} ~ '^[0-9]{6}$'`),
    // A division-scoped user lies inside its own district.
    check(
      'users_scope_in_district_ck',
      sql`${t.scopeCode} is null or left(${t.scopeCode}, 6) = ${t.districtCode}`,
    ),
  ],
);

/**
 * Failed logins per normalised user name, kept whether or not the name exists, so the lockout
 * answers the same for unknown names; counted with one atomic upsert, so concurrent guesses all count.
 */
export const loginFailures = pgTable('login_failures', {
  usernameKey: text('username_key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Server-side sessions; the cookie carries a random token, the table keeps only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
