import type { Statement } from 'better-sqlite3-multiple-ciphers';
import {
  categorizeBulkWriteRows,
  getPrimaryFieldOfPrimaryKey,
  getQueryMatcher,
  getSortComparator,
  now,
  type BulkWriteRow,
  type CategorizeBulkWriteRowsOutput,
  type EventBulk,
  type PreparedQuery,
  type RxAttachmentWriteData,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageBulkWriteResponse,
  type RxStorageChangeEvent,
  type RxStorageCountResult,
  type RxStorageInstance,
  type RxStorageQueryResult,
  type RxStorageWriteError,
  type StringKeys,
} from 'rxdb';
import { Subject, type Observable, type Subscription } from 'rxjs';
import {
  hubFor,
  META_TABLE,
  noteWrite,
  quoteIdent,
  releaseConnection,
  type SharedConnection,
  type TableHub,
} from './connection.ts';
import { StorageError } from './errors.ts';
import { inRangesOf, spanningIn, type KeyRange } from './in-ranges.ts';
import { indexColumnsOf, indexName, type IndexColumn } from './index-keys.ts';

export interface SqliteInternals {
  readonly databasePath: string;
  readonly table: string;
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- RxDB passes per-collection options; we take none.
export type SqliteInstanceOptions = {};

/**
 * Position in the table's change order. `seq` is a per-table counter stamped on every write (it is the row id), so
 * paging through changes does not depend on wall-clock time: a laptop whose clock is set back still hands every
 * change to replication. `id` and `lwt` describe the last document, for readers.
 */
export interface SqliteCheckpoint {
  readonly id: string;
  readonly lwt: number;
  readonly seq: number;
}

type ChangeBulk<T> = EventBulk<RxStorageChangeEvent<RxDocumentData<T>>, SqliteCheckpoint>;

/** Attachment bytes read from the caller's Blobs before the (synchronous) write transaction starts. */
type AttachmentBytes = Map<Blob, Buffer>;

export class SqliteStorageInstance<RxDocType> implements RxStorageInstance<
  RxDocType,
  SqliteInternals,
  SqliteInstanceOptions,
  SqliteCheckpoint
> {
  readonly primaryPath: StringKeys<RxDocumentData<RxDocType>>;
  readonly internals: SqliteInternals;
  private readonly columns: IndexColumn[];
  private readonly columnByIndex: Map<string, IndexColumn>;
  private readonly quotedTable: string;
  private readonly quotedAttachments: string;
  private readonly changes$ = new Subject<ChangeBulk<RxDocType>>();
  private readonly hub: TableHub<ChangeBulk<RxDocType>>;
  private readonly hubSubscription: Subscription;
  private readonly statements = new Map<string, Statement>();
  private readonly writeTransaction: (
    rows: BulkWriteRow<RxDocType>[],
    context: string,
    attachmentBytes: AttachmentBytes | undefined,
  ) => CategorizeBulkWriteRowsOutput<RxDocType>;
  private closed = false;
  /**
   * What queries and counts have read since the instance opened: index ranges run and rows read (rows counted by
   * SQL's `count(*)` are not read). For tests and measurements of the query paths, never for behaviour.
   */
  readonly reads = { ranges: 0, rows: 0 };
  private readonly connection: SharedConnection;
  readonly databaseName: string;
  readonly collectionName: string;
  readonly schema: Readonly<RxJsonSchema<RxDocumentData<RxDocType>>>;
  readonly options: Readonly<SqliteInstanceOptions>;

  constructor(
    connection: SharedConnection,
    databaseName: string,
    collectionName: string,
    schema: Readonly<RxJsonSchema<RxDocumentData<RxDocType>>>,
    options: Readonly<SqliteInstanceOptions>,
  ) {
    this.connection = connection;
    this.databaseName = databaseName;
    this.collectionName = collectionName;
    this.schema = schema;
    this.options = options;
    this.primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey) as StringKeys<RxDocumentData<RxDocType>>;
    const table = `${collectionName}-${schema.version}`;
    this.internals = { databasePath: connection.path, table };
    this.quotedTable = quoteIdent(table);
    this.quotedAttachments = quoteIdent(`${table}__attachments`);
    this.columns = indexColumnsOf(schema);
    this.columnByIndex = new Map(this.columns.map((c) => [indexName(c.fields), c]));
    this.createTables(table);
    this.writeTransaction = connection.db.transaction(this.writeRows.bind(this)).immediate;
    this.hub = hubFor(connection, table);
    this.hubSubscription = this.hub.events.subscribe(this.changes$);
  }

  private createTables(table: string): void {
    const { db } = this.connection;
    const layout = JSON.stringify({
      indexes: this.columns.map((c) => c.fields),
      attachments: !!this.schema.attachments,
    });
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS ${this.quotedTable} (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        rev TEXT NOT NULL,
        deleted INTEGER NOT NULL,
        lwt REAL NOT NULL,
        data TEXT NOT NULL
        ${this.columns.map((c) => `, ${c.column} BLOB NOT NULL`).join('')}
      )`);
      for (const c of this.columns) {
        db.exec(
          `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}__${c.column}`)} ON ${this.quotedTable} (${c.column})`,
        );
      }
      db.exec(
        `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}__tombstones`)} ON ${this.quotedTable} (lwt) WHERE deleted = 1`,
      );
      if (this.schema.attachments) {
        db.exec(`CREATE TABLE IF NOT EXISTS ${this.quotedAttachments} (
          doc_id TEXT NOT NULL,
          att_id TEXT NOT NULL,
          digest TEXT NOT NULL,
          type TEXT NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (doc_id, att_id)
        )`);
      }
      // A new schema version is a new table: its change order starts above every earlier version's, so a replication
      // checkpoint taken before a migration still sees every change made after it.
      const prefix = `${this.collectionName}-`;
      const earlier = (db.prepare(`SELECT table_name FROM ${META_TABLE}`).pluck().all() as string[]).filter(
        (name) => name.startsWith(prefix) && Number(name.slice(prefix.length)) < this.schema.version,
      );
      const floor = Math.max(
        0,
        ...earlier.map((name) =>
          Math.max(
            db
              .prepare(`SELECT coalesce(max(seq), 0) FROM ${quoteIdent(name)}`)
              .pluck()
              .get() as number,
            db.prepare(`SELECT seq_floor FROM ${META_TABLE} WHERE table_name = ?`).pluck().get(name) as number,
          ),
        ),
      );
      db.prepare(
        `INSERT INTO ${META_TABLE} (table_name, layout, seq_floor) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
      ).run(table, layout, floor);
      const stored = db.prepare(`SELECT layout FROM ${META_TABLE} WHERE table_name = ?`).pluck().get(table);
      if (stored !== layout) {
        throw new StorageError(
          'HT_DB_SCHEMA_CHANGED',
          `Collection ${this.collectionName} version ${this.schema.version} exists with other indexes. ` +
            'A schema change needs a new schema version and a migration.',
        );
      }
    }).immediate();
  }

  /** Prepared statements, kept per instance and built on first use. */
  private stmt(key: string, sql: () => string, mode: 'pluck' | 'raw' | 'object' = 'pluck'): Statement {
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.connection.db.prepare(sql());
      if (mode === 'pluck') statement.pluck();
      if (mode === 'raw') statement.raw();
      this.statements.set(key, statement);
    }
    return statement;
  }

  private ensureOpen(): void {
    if (this.closed) {
      throw new StorageError('HT_DB_CLOSED', `Storage for ${this.collectionName} is closed.`);
    }
  }

  async bulkWrite(
    documentWrites: BulkWriteRow<RxDocType>[],
    context: string,
  ): Promise<RxStorageBulkWriteResponse<RxDocType>> {
    this.ensureOpen();
    const attachmentBytes = this.schema.attachments ? await readAttachmentBytes(documentWrites) : undefined;
    this.ensureOpen();
    // SQLite stores an id with a lone surrogate as U+FFFD, so two such ids would become one: refuse them.
    const malformed: RxStorageWriteError<RxDocType>[] = [];
    const writable = documentWrites.filter((writeRow) => {
      const id = writeRow.document[this.primaryPath] as string;
      if (id.isWellFormed()) return true;
      malformed.push({
        status: 422,
        isError: true,
        documentId: id,
        writeRow,
        context,
        validationErrors: [{ field: this.primaryPath, message: 'The id is not well-formed Unicode.' }],
        schema: this.schema,
      } as RxStorageWriteError<RxDocType>);
      return false;
    });
    const categorized = this.writeTransaction(writable, context, attachmentBytes);
    if (malformed.length > 0) categorized.errors.unshift(...malformed);
    if (categorized.bulkInsertDocs.length > 0 || categorized.bulkUpdateDocs.length > 0) noteWrite(this.connection);
    const eventBulk = categorized.eventBulk as ChangeBulk<RxDocType>;
    if (eventBulk.events.length > 0) {
      // Emitted after COMMIT, to every instance on this table in the process.
      this.hub.events.next(eventBulk);
    }
    return { error: categorized.errors };
  }

  /** Runs inside the write transaction: conflict check, rows, index keys and attachments, all or nothing. */
  private writeRows(
    rows: BulkWriteRow<RxDocType>[],
    context: string,
    attachmentBytes: AttachmentBytes | undefined,
  ): CategorizeBulkWriteRowsOutput<RxDocType> {
    const primaryPath = this.primaryPath;
    const docsInDb = this.readCurrent(rows.map((row) => row.document[primaryPath] as string));
    const categorized = categorizeBulkWriteRows<RxDocType>(
      this,
      primaryPath as StringKeys<RxDocType>,
      docsInDb,
      rows,
      context,
    );
    if (categorized.bulkInsertDocs.length === 0 && categorized.bulkUpdateDocs.length === 0) return categorized;

    let seq = this.stmt(
      'maxSeq',
      () =>
        `SELECT max(coalesce((SELECT max(seq) FROM ${this.quotedTable}), 0),
                    (SELECT seq_floor FROM ${META_TABLE} WHERE table_name = ?))`,
    ).get(this.internals.table) as number;

    const insert = this.stmt(
      'insert',
      () =>
        `INSERT INTO ${this.quotedTable} (seq, id, rev, deleted, lwt, data${this.columns.map((c) => `, ${c.column}`).join('')})
         VALUES (?, ?, ?, ?, ?, ?${', ?'.repeat(this.columns.length)})`,
      'object',
    );
    for (const row of categorized.bulkInsertDocs) {
      insert.run(++seq, ...this.rowValues(row.document));
    }
    const update = this.stmt(
      'update',
      () =>
        `UPDATE ${this.quotedTable} SET seq = ?, id = ?, rev = ?, deleted = ?, lwt = ?, data = ?
         ${this.columns.map((c) => `, ${c.column} = ?`).join('')} WHERE id = ?`,
      'object',
    );
    for (const row of categorized.bulkUpdateDocs) {
      update.run(++seq, ...this.rowValues(row.document), row.document[primaryPath]);
    }
    if (this.schema.attachments) this.writeAttachments(categorized, attachmentBytes);

    const newest = categorized.newestRow?.document;
    if (newest) {
      categorized.eventBulk.checkpoint = { id: newest[primaryPath] as string, lwt: newest._meta.lwt, seq };
    }
    return categorized;
  }

  private rowValues(doc: RxDocumentData<RxDocType>): unknown[] {
    const values: unknown[] = [
      doc[this.primaryPath],
      doc._rev,
      doc._deleted ? 1 : 0,
      doc._meta.lwt,
      JSON.stringify(doc),
    ];
    for (const c of this.columns) values.push(c.keyOf(doc));
    return values;
  }

  private readCurrent(ids: string[]): Map<string, RxDocumentData<RxDocType>> {
    const found = new Map<string, RxDocumentData<RxDocType>>();
    for (const doc of this.readByIds(ids, true)) found.set(doc[this.primaryPath] as string, doc);
    return found;
  }

  private readByIds(requested: string[], withDeleted: boolean): RxDocumentData<RxDocType>[] {
    const alive = withDeleted ? '' : ' AND deleted = 0';
    // Such ids are never stored (see bulkWrite); bound as text they would read as U+FFFD and find another document.
    const ids = requested.every((id) => id.isWellFormed()) ? requested : requested.filter((id) => id.isWellFormed());
    if (ids.length === 0) return [];
    if (ids.length === 1) {
      const data = this.stmt(`byId${alive}`, () => `SELECT data FROM ${this.quotedTable} WHERE id = ?${alive}`).get(
        ids[0],
      ) as string | undefined;
      return data === undefined ? [] : [JSON.parse(data)];
    }
    const rows = this.stmt(
      `byIds${alive}`,
      () => `SELECT data FROM ${this.quotedTable} WHERE id IN (SELECT value FROM json_each(?))${alive}`,
    ).all(JSON.stringify(ids)) as string[];
    return rows.map((data) => JSON.parse(data));
  }

  private writeAttachments(
    categorized: CategorizeBulkWriteRowsOutput<RxDocType>,
    bytes: AttachmentBytes | undefined,
  ): void {
    const put = this.stmt(
      'attPut',
      () =>
        `INSERT INTO ${this.quotedAttachments} (doc_id, att_id, digest, type, data) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (doc_id, att_id) DO UPDATE SET digest = excluded.digest, type = excluded.type, data = excluded.data`,
      'object',
    );
    for (const a of [...categorized.attachmentsAdd, ...categorized.attachmentsUpdate]) {
      const data = bytes?.get(a.attachmentData.data);
      if (!data) throw new Error(`attachment ${a.documentId}/${a.attachmentId} has no data`);
      put.run(a.documentId, a.attachmentId, a.digest, a.attachmentData.type, data);
    }
    const remove = this.stmt(
      'attRemove',
      () => `DELETE FROM ${this.quotedAttachments} WHERE doc_id = ? AND att_id = ?`,
      'object',
    );
    for (const a of categorized.attachmentsRemove) remove.run(a.documentId, a.attachmentId);
  }

  async findDocumentsById(ids: string[], withDeleted: boolean): Promise<RxDocumentData<RxDocType>[]> {
    this.ensureOpen();
    return this.readByIds(ids, withDeleted);
  }

  private columnFor(preparedQuery: PreparedQuery<RxDocType>): IndexColumn {
    const column = this.columnByIndex.get(indexName(preparedQuery.queryPlan.index));
    if (!column) {
      throw new StorageError(
        'HT_DB_INDEX_UNKNOWN',
        `No index ${preparedQuery.queryPlan.index.join(',')} on ${this.collectionName}.`,
      );
    }
    return column;
  }

  /** SQL for the plan's index range; `tail` adds ORDER BY / LIMIT or turns it into a count. */
  private rangeStatement(
    column: IndexColumn,
    plan: PreparedQuery<RxDocType>['queryPlan'],
    shape: 'ordered' | 'paged' | 'unordered' | 'count',
  ): Statement {
    const lower = plan.inclusiveStart ? '>=' : '>';
    const upper = plan.inclusiveEnd ? '<=' : '<';
    const key = `range:${column.column}:${lower}:${upper}:${shape}`;
    return this.stmt(key, () => {
      const what = shape === 'count' ? 'count(*)' : 'data';
      const where = `${column.column} ${lower} ? AND ${column.column} ${upper} ?`;
      const tail =
        shape === 'ordered'
          ? ` ORDER BY ${column.column}`
          : shape === 'paged'
            ? ` ORDER BY ${column.column} LIMIT ? OFFSET ?`
            : '';
      return `SELECT ${what} FROM ${this.quotedTable} WHERE ${where}${tail}`;
    });
  }

  async query(preparedQuery: PreparedQuery<RxDocType>): Promise<RxStorageQueryResult<RxDocType>> {
    this.ensureOpen();
    const { query, queryPlan } = preparedQuery;
    const skip = query.skip ?? 0;
    const limit = typeof query.limit === 'number' ? query.limit : Infinity;
    const column = this.columnFor(preparedQuery);
    const ranges = this.rangesFor(column, preparedQuery);

    if (!ranges.split && queryPlan.selectorSatisfiedByIndex && queryPlan.sortSatisfiedByIndex) {
      // The index answers everything: range, order, skip and limit all run in SQL.
      const [{ lower, upper }] = ranges.list as [KeyRange];
      this.reads.ranges++;
      const rows = this.rangeStatement(column, queryPlan, 'paged').all(
        lower,
        upper,
        limit === Infinity ? -1 : limit,
        skip,
      ) as string[];
      this.reads.rows += rows.length;
      return { documents: rows.map((data) => JSON.parse(data)) };
    }

    // Split ranges never satisfy the selector alone: `$in` is matched here.
    const matches =
      queryPlan.selectorSatisfiedByIndex && !ranges.split ? undefined : getQueryMatcher(this.schema, query);
    if (queryPlan.sortSatisfiedByIndex) {
      // Index order is the result order (split ranges are read in index order): read in order and stop once skip +
      // limit documents matched.
      const wanted = skip + limit;
      const found: RxDocumentData<RxDocType>[] = [];
      if (wanted > 0) {
        for (const data of this.readRanges(column, queryPlan, 'ordered', ranges.list)) {
          const doc = JSON.parse(data);
          if (!matches || matches(doc)) found.push(doc);
          if (found.length >= wanted) break;
        }
      }
      return { documents: found.slice(skip) };
    }

    // Every row is wanted: `all()` per range, which reads faster than iterating.
    const statement = this.rangeStatement(column, queryPlan, 'unordered');
    let documents: RxDocumentData<RxDocType>[] = [];
    for (const { lower, upper } of ranges.list) {
      const rows = statement.all(lower, upper) as string[];
      this.reads.ranges++;
      this.reads.rows += rows.length;
      for (const data of rows) documents.push(JSON.parse(data));
    }
    if (matches) documents = documents.filter((doc) => matches(doc));
    documents.sort(getSortComparator(this.schema, query));
    return { documents: documents.slice(skip, skip + limit) };
  }

  async count(preparedQuery: PreparedQuery<RxDocType>): Promise<RxStorageCountResult> {
    this.ensureOpen();
    const { queryPlan } = preparedQuery;
    const column = this.columnFor(preparedQuery);
    const ranges = this.rangesFor(column, preparedQuery);
    if (!ranges.split && queryPlan.selectorSatisfiedByIndex) {
      const [{ lower, upper }] = ranges.list as [KeyRange];
      this.reads.ranges++;
      const count = this.rangeStatement(column, queryPlan, 'count').get(lower, upper) as number;
      return { count, mode: 'fast' };
    }
    const matches = getQueryMatcher(this.schema, preparedQuery.query);
    let count = 0;
    for (const data of this.readRanges(column, queryPlan, 'unordered', ranges.list)) {
      if (matches(JSON.parse(data))) count++;
    }
    return { count, mode: 'fast' };
  }

  /**
   * One range per `$in` value where the plan's index allows (see `inRangesOf`), otherwise the plan's one range, its
   * `$in` spans made whole (see `spanningIn`).
   */
  private rangesFor(
    column: IndexColumn,
    { query, queryPlan }: PreparedQuery<RxDocType>,
  ): { split: boolean; list: KeyRange[] } {
    const selector = query.selector as Record<string, unknown>;
    const split = inRangesOf(this.schema, column, selector, queryPlan);
    if (split) return { split: true, list: split };
    const plan = spanningIn(selector, queryPlan);
    return { split: false, list: [{ lower: column.lowerBound(plan), upper: column.upperBound(plan) }] };
  }

  /** Each range's rows, one range after the other, counted in `reads`. */
  private *readRanges(
    column: IndexColumn,
    plan: PreparedQuery<RxDocType>['queryPlan'],
    shape: 'ordered' | 'unordered',
    ranges: readonly KeyRange[],
  ): Generator<string> {
    const statement = this.rangeStatement(column, plan, shape);
    for (const { lower, upper } of ranges) {
      this.reads.ranges++;
      for (const data of statement.iterate(lower, upper) as Iterable<string>) {
        this.reads.rows++;
        yield data;
      }
    }
  }

  async getChangedDocumentsSince(
    limit: number,
    checkpoint?: SqliteCheckpoint,
  ): Promise<{ documents: RxDocumentData<RxDocType>[]; checkpoint: SqliteCheckpoint }> {
    this.ensureOpen();
    const rows = this.stmt(
      'changes',
      () => `SELECT seq, data FROM ${this.quotedTable} WHERE seq > ? ORDER BY seq LIMIT ?`,
      'raw',
    ).all(checkpoint?.seq ?? 0, limit) as [number, string][];
    const documents: RxDocumentData<RxDocType>[] = rows.map(([, data]) => JSON.parse(data));
    const last = rows.at(-1);
    const lastDoc = documents.at(-1);
    if (!last || !lastDoc) {
      return { documents, checkpoint: checkpoint ?? { id: '', lwt: 0, seq: 0 } };
    }
    return {
      documents,
      checkpoint: { id: lastDoc[this.primaryPath] as string, lwt: lastDoc._meta.lwt, seq: last[0] },
    };
  }

  changeStream(): Observable<ChangeBulk<RxDocType>> {
    this.ensureOpen();
    return this.changes$.asObservable();
  }

  async getAttachmentData(documentId: string, attachmentId: string, digest: string): Promise<Blob> {
    this.ensureOpen();
    const row = this.schema.attachments
      ? (this.stmt(
          'attGet',
          () => `SELECT digest, type, data FROM ${this.quotedAttachments} WHERE doc_id = ? AND att_id = ?`,
          'object',
        ).get(documentId, attachmentId) as { digest: string; type: string; data: Buffer } | undefined)
      : undefined;
    if (!row || row.digest !== digest) {
      throw new StorageError('HT_DB_ATTACHMENT_MISSING', `No attachment ${attachmentId} on ${documentId}.`);
    }
    return new Blob([new Uint8Array(row.data)], { type: row.type });
  }

  async cleanup(minimumDeletedTime: number): Promise<boolean> {
    this.ensureOpen();
    const deletedBefore = now() - minimumDeletedTime;
    const { db } = this.connection;
    db.transaction(() => {
      // Purged tombstones may include the newest row; remember its seq so a later write never reuses a position
      // that a replication checkpoint may already hold.
      db.prepare(
        `UPDATE ${META_TABLE} SET seq_floor = max(seq_floor, coalesce((SELECT max(seq) FROM ${this.quotedTable}), 0))
         WHERE table_name = ?`,
      ).run(this.internals.table);
      if (this.schema.attachments) {
        db.prepare(
          `DELETE FROM ${this.quotedAttachments} WHERE doc_id IN
             (SELECT id FROM ${this.quotedTable} WHERE deleted = 1 AND lwt <= ?)`,
        ).run(deletedBefore);
      }
      db.prepare(`DELETE FROM ${this.quotedTable} WHERE deleted = 1 AND lwt <= ?`).run(deletedBefore);
    }).immediate();
    noteWrite(this.connection);
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hubSubscription.unsubscribe();
    this.changes$.complete();
    this.statements.clear();
    releaseConnection(this.connection);
  }

  async remove(): Promise<void> {
    this.ensureOpen();
    const { db } = this.connection;
    db.transaction(() => {
      db.exec(`DROP TABLE IF EXISTS ${this.quotedTable}`);
      db.exec(`DROP TABLE IF EXISTS ${this.quotedAttachments}`);
      db.prepare(`DELETE FROM ${META_TABLE} WHERE table_name = ?`).run(this.internals.table);
    }).immediate();
    this.connection.hubs.delete(this.internals.table);
    await this.close();
  }
}

async function readAttachmentBytes<T>(rows: BulkWriteRow<T>[]): Promise<AttachmentBytes> {
  const bytes: AttachmentBytes = new Map();
  const reads: Promise<void>[] = [];
  for (const row of rows) {
    const attachments = row.document._attachments as Record<string, RxAttachmentWriteData | undefined>;
    for (const attachment of Object.values(attachments ?? {})) {
      const blob = attachment?.data;
      if (blob && !bytes.has(blob)) {
        bytes.set(blob, Buffer.alloc(0));
        reads.push(blob.arrayBuffer().then((buffer) => void bytes.set(blob, Buffer.from(buffer))));
      }
    }
  }
  await Promise.all(reads);
  return bytes;
}
