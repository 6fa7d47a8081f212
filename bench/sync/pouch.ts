/**
 * PouchDB 9 (CommonJS), with just the types the sync benchmark uses. Not `import PouchDB from 'pouchdb'`: that brings
 * in @types/pouchdb-core, whose `/// <reference lib="dom" />` puts the DOM library into the whole Node program and
 * breaks Buffer types in files that have nothing to do with PouchDB.
 */
import { createRequire } from 'node:module';

export interface PouchInfo {
  doc_count: number;
  update_seq: number | string;
}

export interface PouchBulkResult {
  ok?: boolean;
  id?: string;
  rev?: string;
  error?: string | boolean;
  reason?: string;
}

export interface PouchDatabase<Doc extends { _id: string }> {
  info(): Promise<PouchInfo>;
  bulkDocs(docs: Doc[]): Promise<PouchBulkResult[]>;
  close(): Promise<void>;
}

export interface PouchReplicationResult {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: unknown[];
  status: string;
}

export interface PouchOptions {
  /** A prefix for local databases' paths (a folder, with its trailing slash). */
  prefix?: string;
  /** Remote databases: do not create the database if it is missing. */
  skip_setup?: boolean;
  /** Remote databases: the fetch for their HTTP requests (PouchDB's own node-fetch otherwise). */
  fetch?: typeof fetch;
}

export interface PouchStatic {
  new <Doc extends { _id: string }>(name: string, options?: PouchOptions): PouchDatabase<Doc>;
  defaults(options: PouchOptions): PouchStatic;
  /** An event emitter that is also a promise of the result (one-shot replication). */
  replicate<Doc extends { _id: string }>(
    source: PouchDatabase<Doc>,
    target: PouchDatabase<Doc>,
    options: { batch_size: number; batches_limit?: number },
  ): PromiseLike<PouchReplicationResult>;
}

const require = createRequire(import.meta.url);
export const PouchDB = require('pouchdb') as PouchStatic;

/** Throws if any of `bulkDocs`' results is an error. */
export function checkBulk(results: PouchBulkResult[]): void {
  const failed = results.find((r) => r.error);
  if (failed) throw new Error(`bulkDocs: ${JSON.stringify(failed)}`);
}
