/** The SQLite backend: the default store, one file, no server. */
import { sql } from 'kysely';
import { driverErrorCode, type Backend } from '../backend.js';
import { connectSqlite } from './connect.js';

export function createSqliteBackend(path: string): Backend {
  const { db } = connectSqlite(path);
  return Object.freeze({
    kind: 'sqlite',
    location: path,
    db,
    async withSchemaLock(work) {
      // One connection per Kysely instance in SQLite: hold it, and take the write lock up front.
      return db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        try {
          const result = await work(connection);
          await sql`commit`.execute(connection);
          return result;
        } catch (error) {
          await sql`rollback`.execute(connection);
          throw error;
        }
      });
    },
    isUniqueViolation(error) {
      const code = driverErrorCode(error);
      return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    },
    isForeignKeyViolation(error) {
      return driverErrorCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY';
    },
    async close() {
      await db.destroy();
    },
  } satisfies Backend);
}
