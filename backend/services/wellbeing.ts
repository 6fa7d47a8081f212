/**
 * Loneliness and isolation: signing a screening, recording actions and their outcomes, a client's follow-up, and the
 * supervisor's overview. Every record is signed by its author and never changes (see core/wellbeing.ts); the
 * screening being held is saved as a draft on this laptop until it is signed, so a crash or a flat battery loses
 * nothing said.
 */
import { createHash } from 'node:crypto';
import type { MangoQuerySelector } from 'rxdb';
import { ApiFailure, type Handlers, type HighRiskRow, type OverdueRow } from '../../core/api.ts';
import type { ClientRecord } from '../../core/clients.ts';
import type { DraftRecord } from '../../core/drafts.ts';
import { localDate } from '../../core/schedule.ts';
import { RESCREEN_DAYS } from '../../core/screening.ts';
import { effectiveVisit, type AmendmentRecord, type VisitRecord } from '../../core/visits.ts';
import {
  assessScreening,
  dueScreening,
  followUp,
  isAction,
  isOutcome,
  isScreening,
  isSocialContact,
  lonelinessSigns,
  oldestFirst,
  RISK_RULE_VERSION,
  teamRiskByMonth,
  wellbeingRecordSchema,
  type AssessedScreening,
  type WellbeingRecord,
} from '../../core/wellbeing.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';
import type { AccessLog } from './access.ts';
import { appendOnce } from './append.ts';
import { clientInTeam, summaryOf } from './clients.ts';
import { staffNames } from './staff.ts';

export interface WellbeingDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
  readonly accessLog: AccessLog;
}

/**
 * The screening draft of one worker with one client on this laptop (a fixed-length id, whatever the ids): two workers
 * sharing a laptop each keep their own.
 */
export const screeningDraftId = (clientId: string, userId: string) =>
  `screening-${createHash('sha256').update(`${clientId}\n${userId}`).digest('hex').slice(0, 40)}`;

type WellbeingHandlers = Pick<
  Handlers<Session>,
  | 'wellbeing.forClient'
  | 'wellbeing.saveDraft'
  | 'wellbeing.discardDraft'
  | 'wellbeing.sign'
  | 'wellbeing.addAction'
  | 'wellbeing.recordOutcome'
  | 'wellbeing.overview'
>;

const SOCIAL_CONTACT_LOOKBACK_DAYS = 365;

export function wellbeingHandlers({ database, now, accessLog }: WellbeingDeps): WellbeingHandlers {
  const { clients, wellbeing, visits, amendments, drafts } = database;

  /** Visits as they stand with their corrections (an observation or a task may have been corrected). */
  async function effective(found: VisitRecord[]): Promise<VisitRecord[]> {
    if (found.length === 0) return [];
    const ids = found.map((v) => v.id);
    const corrections: AmendmentRecord[] = [];
    for (let i = 0; i < ids.length; i += 2000) {
      const visitId = { $in: ids.slice(i, i + 2000) };
      corrections.push(
        ...(await amendments.find({ selector: { visitId } }).exec()).map((d) => d.toJSON() as AmendmentRecord),
      );
    }
    const byVisit = Map.groupBy(corrections, (a) => a.visitId);
    return found.map((v) => effectiveVisit(v, byVisit.get(v.id) ?? []));
  }

  async function visitsOf(selector: MangoQuerySelector<VisitRecord>): Promise<VisitRecord[]> {
    return effective((await visits.find({ selector }).exec()).map((d) => d.toJSON() as VisitRecord));
  }

  const signOnce = async <T extends WellbeingRecord>(record: T): Promise<T> =>
    (await appendOnce(database, wellbeing, [record], ['createdAt']))[0] as T;

  const refuseAdmin = (session: Session) => {
    if (session.role === 'admin') throw new ApiFailure('forbidden', 'Administrators do not record care.');
  };

  return {
    async 'wellbeing.forClient'({ clientId }, session) {
      const client = await clientInTeam(database, clientId, session);
      await accessLog.record(session, clientId, 'wellbeing');
      const [records, clientVisits, draft, names] = await Promise.all([
        wellbeing.find({ selector: { clientId } }).exec(),
        visitsOf({ clientId }),
        drafts.findOne(screeningDraftId(clientId, session.userId)).exec(),
        staffNames(database, session.teamId),
      ]);
      let mine = draft ? (draft.toJSON() as DraftRecord) : undefined;
      // A draft of a screening already signed (a save that crossed the signing) has served: it is not offered again.
      const signedId = typeof mine?.form['id'] === 'string' ? mine.form['id'] : undefined;
      if (signedId && records.some((r) => r.id === signedId)) {
        await draft?.remove();
        mine = undefined;
      }
      return {
        client: summaryOf(client),
        followUp: followUp(
          records.map((d) => d.toJSON() as WellbeingRecord),
          clientVisits,
          now(),
        ),
        names: Object.fromEntries(names),
        draft: mine ? { form: mine.form, savedAt: mine.savedAt } : undefined,
      };
    },

    async 'wellbeing.saveDraft'({ clientId, form }, session) {
      refuseAdmin(session);
      await clientInTeam(database, clientId, session);
      // A late save of a screening already signed must not bring it back as a draft.
      if (typeof form['id'] === 'string' && (await wellbeing.findOne(form['id']).exec())) return null;
      await drafts.upsert({
        id: screeningDraftId(clientId, session.userId),
        teamId: session.teamId,
        workerId: session.userId,
        clientId,
        form,
        savedAt: now().toISOString(),
      });
      return null;
    },

    async 'wellbeing.discardDraft'({ clientId }, session) {
      const draft = await drafts.findOne(screeningDraftId(clientId, session.userId)).exec();
      if (draft && draft.teamId === session.teamId) await draft.remove();
      return null;
    },

    async 'wellbeing.sign'(input, session) {
      refuseAdmin(session);
      await clientInTeam(database, input.clientId, session);
      const record = wellbeingRecordSchema.parse({
        ...input,
        kind: 'screening',
        teamId: session.teamId,
        authorId: session.userId,
        rule: RISK_RULE_VERSION,
        createdAt: now().toISOString(),
      });
      if (!isScreening(record)) throw new Error('A screening record was expected.');
      const signed = await signOnce(record);
      // The screening is signed: its draft has served.
      await (await drafts.findOne(screeningDraftId(input.clientId, session.userId)).exec())?.remove();
      return assessScreening(signed);
    },

    async 'wellbeing.addAction'(input, session) {
      refuseAdmin(session);
      await clientInTeam(database, input.clientId, session);
      if (input.screeningId) {
        const screening = await wellbeing.findOne(input.screeningId).exec();
        if (!screening || screening.clientId !== input.clientId || screening.kind !== 'screening') {
          throw new ApiFailure('not-found', 'No such screening of this client.', [
            { path: 'screeningId', message: 'validation.invalid' },
          ]);
        }
      }
      const record = wellbeingRecordSchema.parse({
        ...input,
        kind: 'action',
        teamId: session.teamId,
        authorId: session.userId,
        createdAt: now().toISOString(),
      });
      if (!isAction(record)) throw new Error('An action record was expected.');
      return signOnce(record);
    },

    async 'wellbeing.recordOutcome'(input, session) {
      refuseAdmin(session);
      const action = await wellbeing.findOne(input.actionId).exec();
      if (!action || action.teamId !== session.teamId || action.kind !== 'action') {
        throw new ApiFailure('not-found', 'No such action.', [{ path: 'actionId', message: 'validation.invalid' }]);
      }
      const record = wellbeingRecordSchema.parse({
        ...input,
        kind: 'outcome',
        clientId: action.clientId,
        teamId: session.teamId,
        authorId: session.userId,
        createdAt: now().toISOString(),
      });
      if (!isOutcome(record)) throw new Error('An outcome record was expected.');
      return signOnce(record);
    },

    async 'wellbeing.overview'({ noContactDays, months }, session) {
      const at = now();
      const today = localDate(at);
      const [teamClients, screenings] = await Promise.all([
        clients.find({ selector: { teamId: session.teamId } }).exec(),
        wellbeing.find({ selector: { teamId: session.teamId, kind: 'screening' } }).exec(),
      ]);
      const all = screenings.map((d) => d.toJSON() as WellbeingRecord).filter(isScreening);
      const latest = new Map<string, AssessedScreening>();
      for (const s of [...all].sort(oldestFirst)) latest.set(s.clientId, assessScreening(s));

      // Loneliness signs matter only after the latest screening, and a screening older than the longest interval is
      // due anyway: the visits of that many days are enough.
      const longest = Math.max(...Object.values(RESCREEN_DAYS));
      const since = new Date(at.getTime() - longest * 86_400_000).toISOString();
      const recent = Map.groupBy(
        await visitsOf({ teamId: session.teamId, startedAt: { $gte: since } }),
        (v) => v.clientId,
      );

      const overdue: OverdueRow[] = [];
      const highRiskNoContact: HighRiskRow[] = [];
      const contactSince = new Date(at.getTime() - noContactDays * 86_400_000).toISOString();
      for (const doc of teamClients) {
        const client = doc.toJSON() as ClientRecord;
        const last = latest.get(client.id);
        const due = dueScreening(last, lonelinessSigns(recent.get(client.id) ?? []), at);
        if (due.on <= today) overdue.push({ client: summaryOf(client), due, level: last?.assessment.level });
        // High risk, or left open by declined answers with high among the possible levels: the list is for follow-up.
        if (!last?.assessment.possible.includes('high')) continue;
        // High-risk clients are few: their visits of the last year, to find the last social contact.
        const lookback = new Date(at.getTime() - SOCIAL_CONTACT_LOOKBACK_DAYS * 86_400_000).toISOString();
        const social = (await visitsOf({ clientId: client.id, startedAt: { $gte: lookback } }))
          .filter(isSocialContact)
          .map((v) => v.startedAt)
          .sort();
        const lastSocialContact = social.at(-1);
        if (lastSocialContact !== undefined && lastSocialContact >= contactSince) continue;
        highRiskNoContact.push({
          client: summaryOf(client),
          level: last.assessment.level,
          screenedAt: last.screening.createdAt,
          reasons: last.assessment.reasons,
          lastSocialContact,
        });
      }
      overdue.sort(
        (a, b) => a.due.on.localeCompare(b.due.on) || a.client.familyName.localeCompare(b.client.familyName, 'sv'),
      );
      highRiskNoContact.sort((a, b) => (a.lastSocialContact ?? '').localeCompare(b.lastSocialContact ?? ''));
      const trend = teamRiskByMonth(
        teamClients.map((c) => c.id),
        all,
        at,
        months,
      );
      return { noContactDays, highRiskNoContact, overdue, trend };
    },
  };
}
