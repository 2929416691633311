/**
 * Serialises work per database file within this process. better-sqlite3 is synchronous: if one connection
 * held the write lock across an `await` while another connection of the same process asked for it, the second
 * would block the whole thread in SQLite's busy handler and the first could never finish.
 */
const tails = new Map<string, Promise<unknown>>();

export async function serialised<T>(path: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(path) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(work);
  const tail = current.catch(() => undefined);
  tails.set(path, tail);
  try {
    return await current;
  } finally {
    if (tails.get(path) === tail) tails.delete(path);
  }
}
