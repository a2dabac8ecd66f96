export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js'
export { STATE_STORE_METHODS, type StateStore, type StoredValue } from './state-store.js'
