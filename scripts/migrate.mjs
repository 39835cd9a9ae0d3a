// Database migrations without Prisma's native schema engine (it cannot be downloaded on a closed network):
// the same engine compiled to WebAssembly (@prisma/schema-engine-wasm) driven through the pg driver adapter.
// Keeps Prisma's standard layout (prisma/migrations/<timestamp>_<name>/migration.sql, migration_lock.toml) and its
// `_prisma_migrations` table, so `prisma migrate deploy` reads the same folder where the native engine exists.
//
//   node --experimental-wasm-modules scripts/migrate.mjs apply          apply pending migrations to DATABASE_URL
//   node --experimental-wasm-modules scripts/migrate.mjs diff <name>    write the next migration from schema.prisma
//
// DATABASE_URL defaults to postgresql://postgres@127.0.0.1:5432/hotline; `apply` creates the database if missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { SchemaEngine } from '@prisma/schema-engine-wasm';

const root = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = join(root, 'prisma', 'schema.prisma');
const migrationsDir = join(root, 'prisma', 'migrations');
const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/hotline';
const filters = { externalTables: [], externalEnums: [] };

function migrationsList() {
  mkdirSync(migrationsDir, { recursive: true });
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: readdirSync(migrationsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
      .map((name) => ({
        path: name,
        migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8') } },
      })),
  };
}

async function onServer(fn) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

async function ensureDatabase(databaseUrl = url) {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  await onServer(async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${quoteIdent(database)}`);
  });
}

/**
 * The pg adapter splits a migration script at every `;`, which breaks functions whose bodies hold statements
 * (`$$ ... ; ... $$`). Postgres' simple query protocol runs a whole script in one call, as `prisma migrate` does.
 */
class WholeScriptPg extends PrismaPg {
  async connect() {
    const adapter = await super.connect();
    adapter.executeScript = async (script) => {
      try {
        await adapter.client.query(script);
      } catch (error) {
        adapter.onError(error);
      }
    };
    return adapter;
  }
}

async function withEngine(fn, databaseUrl = url) {
  const schema = readFileSync(schemaPath, 'utf8');
  const logs = [];
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg({ connectionString: databaseUrl }));
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, (line) => logs.push(line), adapter);
  try {
    return await fn(engine, schema);
  } catch (error) {
    if (logs.length) console.error(logs.join('\n'));
    throw error;
  } finally {
    engine.free();
  }
}

async function apply() {
  await ensureDatabase();
  const { appliedMigrationNames } = await withEngine((engine) => engine.applyMigrations({ migrationsList: migrationsList(), filters }));
  console.log(appliedMigrationNames.length ? `applied ${appliedMigrationNames.join(', ')}` : 'database is up to date');
}

async function diff(name) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('usage: migrate.mjs diff <name> (lower-case letters, digits, _)');
  const list = migrationsList();
  // The engine's own `from: migrations` replays them into a shadow database and introspects it, which the
  // WebAssembly engine cannot do through the pg adapter (pg's "char" catalogue columns). The schema the
  // migrations were written from is the one committed with the latest of them, so diff from that.
  let from = { tag: 'empty' };
  if (list.migrationDirectories.length) {
    const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    const commit = git('log', '-1', '--format=%H', '--', 'prisma/migrations');
    if (!commit) throw new Error('commit the existing migrations first: the diff starts from the schema committed with them');
    from = { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: git('show', `${commit}:prisma/schema.prisma`) }] };
  }
  await ensureDatabase();
  const result = await withEngine((engine, schema) =>
    engine.diff({ from, to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] }, script: true, exitCode: null, filters }),
  );
  const sql = result.stdout ?? '';
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) return console.log('schema and migrations agree: nothing to write');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), sql);
  const lock = join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lock)) writeFileSync(lock, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
  console.log(`wrote ${dir}/migration.sql`);
}

const [command, arg] = process.argv.slice(2);
try {
  if (command === 'apply') await apply();
  else if (command === 'diff') await diff(arg);
  else throw new Error('usage: migrate.mjs apply | diff <name>');
} catch (error) {
  console.error(`migrate: ${error.message ?? error}`);
  process.exit(1);
}
