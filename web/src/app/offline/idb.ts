// The app's own storage on the phone: one IndexedDB database with the
// outbox (writes waiting to be sent, photos included as Blobs) and the read
// cache (the last answer of a few list routes, masked data only). Both are
// reached through Table, which has an in-memory twin for tests and for a
// browser that refuses IndexedDB (a private window): the app then still
// works, it only forgets on reload.

/** A table of records keyed by a string. */
export interface Table<T> {
  all(): Promise<T[]>
  get(key: string): Promise<T | undefined>
  put(value: T): Promise<void>
  delete(key: string): Promise<void>
  clear(): Promise<void>
}

const DB = 'hg-app'
const VERSION = 1
/** The stores of the database and the key path of each. */
export const STORES = { outbox: 'id', cache: 'key' } as const
export type StoreName = keyof typeof STORES

let opening: Promise<IDBDatabase> | undefined

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB, VERSION)
    req.onupgradeneeded = () => {
      for (const [name, keyPath] of Object.entries(STORES)) {
        if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath })
      }
    }
    req.onsuccess = () => {
      const db = req.result
      // a newer build in another tab upgrades the database: let it
      db.onversionchange = () => {
        db.close()
        opening = undefined
      }
      resolve(db)
    }
    req.onerror = () => reject(req.error)
  }).catch((e: unknown) => {
    opening = undefined
    throw e
  })
  return opening
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function run<T>(store: StoreName, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  const tx = db.transaction(store, mode)
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
  // a write counts once its transaction is committed, not when its request is
  const [result] = await Promise.all([done(fn(tx.objectStore(store))), committed])
  return result
}

/** memoryTable keeps records in memory, keyed by keyOf. */
export function memoryTable<T>(keyOf: (v: T) => string): Table<T> {
  const rows = new Map<string, T>()
  // a copy in and out, as IndexedDB does: callers never share a record
  const copy = (v: T): T => structuredClone(v)
  return {
    all: async () => [...rows.values()].map(copy),
    get: async (k) => {
      const v = rows.get(k)
      return v === undefined ? undefined : copy(v)
    },
    put: async (v) => void rows.set(keyOf(v), copy(v)),
    delete: async (k) => void rows.delete(k),
    clear: async () => rows.clear(),
  }
}

/**
 * idbTable is one store of the app's database; if IndexedDB cannot be
 * opened at all it falls back to memory for the rest of the page's life.
 */
export function idbTable<T>(store: StoreName): Table<T> {
  const key = STORES[store]
  let fallback: Table<T> | undefined
  async function use<R>(idb: () => Promise<R>, mem: (t: Table<T>) => Promise<R>): Promise<R> {
    if (!fallback) {
      try {
        if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB')
        await open()
      } catch (e) {
        console.warn('IndexedDB unavailable; the app keeps its offline data in memory', e)
        fallback = memoryTable<T>((v) => String((v as Record<string, unknown>)[key]))
      }
    }
    return fallback ? mem(fallback) : idb()
  }
  return {
    all: () => use(() => run<T[]>(store, 'readonly', (s) => s.getAll() as IDBRequest<T[]>), (t) => t.all()),
    get: (k) => use(() => run<T | undefined>(store, 'readonly', (s) => s.get(k) as IDBRequest<T | undefined>), (t) => t.get(k)),
    put: (v) => use(() => run(store, 'readwrite', (s) => s.put(v)).then(() => undefined), (t) => t.put(v)),
    delete: (k) => use(() => run(store, 'readwrite', (s) => s.delete(k)).then(() => undefined), (t) => t.delete(k)),
    clear: () => use(() => run(store, 'readwrite', (s) => s.clear()).then(() => undefined), (t) => t.clear()),
  }
}
