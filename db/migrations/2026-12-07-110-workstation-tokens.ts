// Workstation tokens (issue 9 item 1): a browser's workstation is bound on the server. An
// administrator or a user with workstations.assign binds a browser; the browser keeps a random
// token in an HttpOnly cookie and the server stores only its SHA-256 hash, with who issued it,
// when, the browser's user agent, when it was last seen and when (and by whom) it was revoked.
// Owned by the workstations module. Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE workstation_tokens (
     id INTEGER PRIMARY KEY,
     workstation_id INTEGER NOT NULL REFERENCES workstations(id),
     token_hash TEXT NOT NULL UNIQUE,
     issued_by INTEGER REFERENCES users(id),
     issued_at INTEGER NOT NULL,
     user_agent TEXT,
     last_seen_at INTEGER,
     revoked_at INTEGER,
     revoked_by INTEGER REFERENCES users(id)
   ) STRICT`.execute(db);
  await sql`CREATE INDEX workstation_tokens_workstation ON workstation_tokens(workstation_id) WHERE revoked_at IS NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE workstation_tokens`.execute(db);
}
