/** Saving the visit form as it is filled in, and letting it go. */
import type { Handlers } from '../../core/api.ts';
import type { DraftRecord } from '../../core/drafts.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';

export interface DraftDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
}

export function draftHandlers({ database, now }: DraftDeps): Pick<Handlers<Session>, 'drafts.save' | 'drafts.discard'> {
  return {
    async 'drafts.save'({ plannedVisitId, clientId, startedAt, form }, session) {
      const existing = (await database.drafts.findOne(plannedVisitId).exec())?.toMutableJSON() as
        DraftRecord | undefined;
      // Pressing start once is enough: a later save without a start time keeps the first one.
      const started = startedAt ?? existing?.startedAt;
      const draft: DraftRecord = {
        id: plannedVisitId,
        teamId: session.teamId,
        workerId: session.userId,
        clientId,
        ...(started ? { startedAt: new Date(started).toISOString() } : {}),
        form,
        savedAt: now().toISOString(),
      };
      await database.drafts.upsert(draft);
      return draft;
    },
    async 'drafts.discard'({ plannedVisitId }, session) {
      const draft = await database.drafts.findOne(plannedVisitId).exec();
      if (draft && draft.teamId === session.teamId) await draft.remove();
      return null;
    },
  };
}
