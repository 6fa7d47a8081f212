// better-sqlite3-multiple-ciphers ships better-sqlite3's API, but its package.json "exports" hides its typings
// from NodeNext resolution; reuse @types/better-sqlite3, which describes the same API.
declare module 'better-sqlite3-multiple-ciphers' {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the only way to re-export an `export =` module
  import Database = require('better-sqlite3');
  export = Database;
}
