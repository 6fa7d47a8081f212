/**
 * Errors the storage raises itself. Each carries a stable `code` so the app can show a message in the user's
 * language; the English `message` is for logs and developers.
 */
export type StorageErrorCode =
  | 'HT_DB_KEY_MISSING'
  | 'HT_DB_KEY_INVALID'
  | 'HT_DB_KEY_WRONG'
  | 'HT_DB_CLOSED'
  | 'HT_DB_SCHEMA_CHANGED'
  | 'HT_DB_ATTACHMENT_MISSING'
  | 'HT_DB_INDEX_UNKNOWN';

export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}
