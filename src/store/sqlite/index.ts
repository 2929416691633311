/** The SQLite backend: the default store, one file, no server. */
import { sql, type CompiledQuery } from 'kysely';
import { driverErrorCode, type Backend } from '../backend.js';
import { connectSqlite, type SqliteOptions } from './connect.js';
import { serialised } from './file-mutex.js';

export function createSqliteBackend(path: string, options: SqliteOptions = {}): Backend {
  const { db, handle } = connectSqlite(path, options);
  const statements = new Map<string, ReturnType<typeof handle.prepare>>();
  const prepare = (text: string): ReturnType<typeof handle.prepare> => {
    let statement = statements.get(text);
    if (statement === undefined) {
      if (statements.size >= 64) statements.clear();
      statement = handle.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const runBatch = handle.transaction((queries: readonly CompiledQuery[]) =>
    queries.map((query) => prepare(query.sql).run(query.parameters as unknown[]).changes),
  );
  return Object.freeze({
    kind: 'sqlite',
    location: path,
    db,
    async withSchemaLock(work) {
      // Stores in this process that share the file take turns here, waiting on the event loop; other processes
      // wait in SQLite's busy handler. Kysely keeps one connection per store: hold it, take the write lock.
      return serialised(path, () =>
        db.connection().execute(async (connection) => {
          await sql`begin immediate`.execute(connection);
          try {
            const result = await work(connection);
            await sql`commit`.execute(connection);
            return result;
          } catch (error) {
            await sql`rollback`.execute(connection);
            throw error;
          }
        }),
      );
    },
    async executeBatch(queries) {
      return runBatch.immediate(queries);
    },
    isUniqueViolation(error) {
      const code = driverErrorCode(error);
      return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    },
    isForeignKeyViolation(error) {
      return driverErrorCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY';
    },
    async close() {
      statements.clear();
      await db.destroy();
    },
  } satisfies Backend);
}
