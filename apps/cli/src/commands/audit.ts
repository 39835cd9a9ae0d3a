// `hotline audit verify`: proves the audit trail was neither changed nor thinned, by recomputing its hash chain in
// the database with the very expression of the insert trigger (migration `access`, function `audit_log_chain`).
import type { Command } from 'commander';
import type { Client, QueryResult } from 'pg';
import { AUDIT_GENESIS_HASH } from '@hotline/contracts';
import type { CliConfig } from '../config';
import { connectDatabase } from '../db';

/** One broken link of the chain. */
export interface AuditProblem {
  /** The entry's id (decimal string: ids are bigint). */
  id: string;
  /**
   * `changed`: the entry's stored hash does not match its content (the entry was edited after it was written);
   * `chain`: its `prevHash` is not the hash of the entry before it (an entry before it was removed or changed).
   */
  kind: 'changed' | 'chain';
  message: string;
}

/** What {@link verifyAuditChain} found. */
export interface AuditVerification {
  ok: boolean;
  /** Entries read. */
  entries: number;
  /** The hash of the newest entry (the genesis hash, 64 zeros, when the trail is empty): keep it elsewhere to prove later that no newest entries were removed. */
  lastHash: string;
  /** The id of the newest entry, or null when the trail is empty. */
  lastId: string | null;
  problems: AuditProblem[];
}

/** An entry as the verification reads it: stored hashes and the recomputed one. */
interface ChainRow {
  id: string;
  prev_hash: string;
  hash: string;
  computed: string;
}

/** Rows read per query (keyset pages by id: a million entries never load at once). */
export const AUDIT_PAGE_SIZE = 5000;

/**
 * Walks the audit trail in id order (the chain's order: the trigger numbers entries under one lock) and recomputes
 * each entry's hash in SQL exactly as the insert trigger does:
 * `encode(sha256(convert_to("prevHash" || E'\n' || audit_log_text(entry), 'UTF8')), 'hex')`. An entry whose stored
 * hash differs was changed; an entry whose `prevHash` is not the previous entry's hash (64 zeros for the first)
 * follows a removed or changed entry. One read-only snapshot (REPEATABLE READ): entries appended meanwhile are not
 * half-seen.
 * @param pageSize rows per query (tests use small pages to cross page boundaries).
 */
export async function verifyAuditChain(db: Client, pageSize = AUDIT_PAGE_SIZE): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let entries = 0;
  let previousHash = AUDIT_GENESIS_HASH;
  let previousId: string | null = null;
  await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    for (;;) {
      const page: QueryResult<ChainRow> = await db.query<ChainRow>(
        `SELECT a.id::text AS id, a."prevHash" AS prev_hash, a.hash,
                encode(sha256(convert_to(a."prevHash" || E'\\n' || audit_log_text(a), 'UTF8')), 'hex') AS computed
           FROM "AuditLog" a
          WHERE $1::bigint IS NULL OR a.id > $1::bigint
          ORDER BY a.id
          LIMIT $2`,
        [previousId, pageSize],
      );
      for (const row of page.rows) {
        entries++;
        if (row.computed !== row.hash) {
          problems.push({ id: row.id, kind: 'changed', message: `entry ${row.id}: hash does not match its content (changed)` });
        }
        if (row.prev_hash !== previousHash) {
          problems.push({
            id: row.id,
            kind: 'chain',
            message:
              previousId === null
                ? `entry ${row.id}: previous hash is not the start of the chain (an entry before it was removed or changed)`
                : `entry ${row.id}: previous hash does not match entry ${previousId} (an entry before it was removed or changed)`,
          });
        }
        previousHash = row.hash;
        previousId = row.id;
      }
      if (page.rows.length < pageSize) break;
    }
  } finally {
    await db.query('COMMIT');
  }
  return { ok: problems.length === 0, entries, lastHash: previousHash, lastId: previousId, problems };
}

/** The verification as the command prints it. */
export function auditVerificationText(v: AuditVerification): string {
  if (v.ok) return `ok: ${v.entries} entries, chain intact, last hash ${v.lastHash}${v.lastId ? ` (entry ${v.lastId})` : ''}\n`;
  return `${v.problems.map((p) => p.message).join('\n')}\nbroken: ${v.problems.length} problem(s) in ${v.entries} entries\n`;
}

/** `hotline audit verify`: exit 0 when the chain is intact, 1 naming every broken entry. */
export function registerAuditCommand(program: Command, config: CliConfig): void {
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('recompute the hash chain of the audit trail; exit 1 naming every changed entry and every gap')
    .option('--database-url <url>', 'PostgreSQL (default: DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/hotline)')
    .option('--json', 'the result as JSON: ok, entries, lastHash, lastId, problems[] (id, kind, message)')
    .action(async (flags: { databaseUrl?: string; json?: boolean }) => {
      const db = await connectDatabase(flags.databaseUrl ?? config.databaseUrl);
      let result: AuditVerification;
      try {
        result = await verifyAuditChain(db);
      } finally {
        await db.end();
      }
      process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : auditVerificationText(result));
      if (!result.ok) process.exitCode = 1;
    });
}
