/**
 * Crisis preparedness per client: checklists for the region's hazards, the register of electricity-dependent aids,
 * and the priority list the team works from on the day (facts in domain.md, "Crisis preparedness").
 *
 * Everything is an append-only record of one synced collection (`preparedness`), so two workers filling in the same
 * checklist offline merge item by item with no answer lost:
 * - `template`: a version of a hazard's checklist (its items), made by a supervisor; the newest version counts. The
 *   built-in templates are version 1 of each hazard.
 * - `answer`: one item of one client's checklist, yes / no / not applicable with a note, and the template version it
 *   was answered against. The newest answer to an item counts; every earlier one stays in the history. An item taken
 *   out of the template keeps its answers; a new item starts unanswered — a checklist migrates without losing anything.
 * - `review`: the checklist gone through and signed as current; the next review is due a year later, or at once when
 *   an incident was logged on a visit since.
 * - `aid`: a version of one electricity-dependent aid of a client (device, battery time, backup routine, supplier);
 *   the newest version of each aid counts, and removing one is a version marked removed.
 */
import { z } from 'zod';
import { signatureSchema } from './signing.ts';
import { addDays, localDate } from './schedule.ts';
import { instantSchema } from './visits.ts';

const id = z.string().min(1, 'validation.required').max(64);
const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');

export const HAZARDS = ['powerOutage', 'stormSnow', 'heatWave', 'waterOutage', 'infection'] as const;
export type Hazard = (typeof HAZARDS)[number];

export const ANSWERS = ['yes', 'no', 'na'] as const;
export type ChecklistAnswer = (typeof ANSWERS)[number];

export const AID_DEVICES = [
  'homeOxygen',
  'ventilator',
  'suction',
  'electricBed',
  'lift',
  'epilepsyAlarm',
  'other',
] as const;
export type AidDevice = (typeof AID_DEVICES)[number];

/** A checklist is gone through again on the same date a year later (28 February after a 29 February). */
export function aYearAfter(date: string): string {
  const [year, month, day] = date.split('-') as [string, string, string];
  return `${Number(year) + 1}-${month}-${month === '02' && day === '29' ? '28' : day}`;
}

/** The built-in items (i18n `preparedness.item.<id>`), per hazard, as version 1 of each template. */
export const BUILT_IN_ITEMS: Record<Hazard, readonly string[]> = {
  powerOutage: [
    'water',
    'food',
    'medicines',
    'heat',
    'lightRadio',
    'phone',
    'alarmTested',
    'aidsBackup',
    'access',
    'evacuation',
    'nextOfKin',
  ],
  stormSnow: ['food', 'medicines', 'heat', 'lightRadio', 'phone', 'roadAccess', 'access', 'evacuation', 'nextOfKin'],
  heatWave: ['drinking', 'coolRoom', 'heatMedicines', 'phone', 'nextOfKin'],
  waterOutage: ['water', 'hygiene', 'medicines', 'nextOfKin'],
  infection: ['protection', 'medicines', 'food', 'phone', 'nextOfKin'],
};

const ALL_BUILT_IN = new Set(Object.values(BUILT_IN_ITEMS).flat());

/** A template item: a built-in one (its text is translated) or one a supervisor wrote (its text is as written). */
export const templateItemSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[\w-]+$/, 'validation.format'),
  label: text(200).min(1, 'validation.required').optional(),
});
export type TemplateItem = z.output<typeof templateItemSchema>;

export const PREPAREDNESS_KINDS = ['template', 'answer', 'review', 'aid'] as const;
export type PreparednessKind = (typeof PREPAREDNESS_KINDS)[number];

const shape = {
  id,
  teamId: id,
  kind: z.enum(PREPAREDNESS_KINDS),
  authorId: id,
  createdAt: instantSchema,
  /** For a template, an answer and a review: which hazard. */
  hazard: z.enum(HAZARDS, 'validation.choose').optional(),
  /** For a template: its version; for an answer or a review: the version it was made against. */
  version: z.number().int().min(1).optional(),
  items: z.array(templateItemSchema).min(1, 'validation.chooseItems').max(60).optional(),
  /** For an answer, a review and an aid: whose. */
  clientId: id.optional(),
  itemId: z.string().min(1).max(40).optional(),
  answer: z.enum(ANSWERS, 'validation.choose').optional(),
  note: text(1000).optional(),
  /** For a review: routine, or after an incident. */
  reason: z.enum(['routine', 'incident']).optional(),
  /** For an aid: the same id for every version of one device. */
  aidId: id.optional(),
  device: z.enum(AID_DEVICES, 'validation.choose').optional(),
  /** Hours the device runs on its battery; absent: no battery or not known. */
  batteryHours: z.number().min(0, 'validation.tooShort').max(720, 'validation.tooLong').optional(),
  backupRoutine: text(1000).optional(),
  supplier: text(300).optional(),
  removed: z.boolean().optional(),
};

const NEEDS: Record<PreparednessKind, readonly (keyof typeof shape)[]> = {
  template: ['hazard', 'version', 'items'],
  answer: ['hazard', 'version', 'clientId', 'itemId', 'answer', 'note'],
  review: ['hazard', 'version', 'clientId', 'reason'],
  aid: ['clientId', 'aidId', 'device', 'backupRoutine', 'supplier', 'removed'],
};
const OPTIONAL: Partial<Record<PreparednessKind, readonly (keyof typeof shape)[]>> = {
  aid: ['batteryHours', 'note'],
};

export const preparednessRecordSchema = z
  .strictObject({ ...shape, signature: signatureSchema.optional() })
  .superRefine((r, ctx) => {
    const allowed = new Set<string>([...NEEDS[r.kind], ...(OPTIONAL[r.kind] ?? [])]);
    for (const field of NEEDS[r.kind]) {
      if (r[field] === undefined) ctx.addIssue({ code: 'custom', message: 'validation.required', path: [field] });
    }
    for (const field of Object.keys(shape) as (keyof typeof shape)[]) {
      if (['id', 'teamId', 'kind', 'authorId', 'createdAt'].includes(field) || allowed.has(field)) continue;
      if (r[field] !== undefined) ctx.addIssue({ code: 'custom', message: 'validation.invalid', path: [field] });
    }
    if (r.kind === 'template' && r.items) {
      const seen = new Set<string>();
      r.items.forEach((item, index) => {
        if (seen.has(item.id))
          ctx.addIssue({ code: 'custom', message: 'validation.itemTwice', path: ['items', index] });
        seen.add(item.id);
        if (!item.label && !ALL_BUILT_IN.has(item.id)) {
          ctx.addIssue({ code: 'custom', message: 'validation.required', path: ['items', index, 'label'] });
        }
      });
    }
  });
export type PreparednessRecord = z.output<typeof preparednessRecordSchema>;

export interface Template {
  readonly hazard: Hazard;
  readonly version: number;
  readonly items: readonly TemplateItem[];
  /** The record it comes from; undefined for the built-in version 1. */
  readonly recordId: string | undefined;
}

export type AnswerRecord = PreparednessRecord & {
  kind: 'answer';
  hazard: Hazard;
  clientId: string;
  itemId: string;
  answer: ChecklistAnswer;
  version: number;
  note: string;
};
export type ReviewRecord = PreparednessRecord & { kind: 'review'; hazard: Hazard; clientId: string; version: number };
export type AidRecord = PreparednessRecord & {
  kind: 'aid';
  clientId: string;
  aidId: string;
  device: AidDevice;
  backupRoutine: string;
  supplier: string;
  removed: boolean;
};

/** Oldest first by time, then id: every laptop orders records made in the same millisecond alike. */
export const byTime = (a: PreparednessRecord, b: PreparednessRecord) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** The template of each hazard that counts: the highest version (two made offline at once: the later one). */
export function currentTemplates(records: readonly PreparednessRecord[]): Record<Hazard, Template> {
  const templates = Object.fromEntries(
    HAZARDS.map((hazard): [Hazard, Template] => [
      hazard,
      { hazard, version: 1, items: BUILT_IN_ITEMS[hazard].map((itemId) => ({ id: itemId })), recordId: undefined },
    ]),
  ) as Record<Hazard, Template>;
  for (const r of [...records].sort(byTime)) {
    if (r.kind !== 'template' || !r.hazard || !r.items || !r.version) continue;
    if (r.version >= templates[r.hazard].version) {
      templates[r.hazard] = { hazard: r.hazard, version: r.version, items: r.items, recordId: r.id };
    }
  }
  return templates;
}

/** The answer to one item as it stands, with every earlier answer. */
export interface ItemState {
  readonly item: TemplateItem;
  readonly current: AnswerRecord | undefined;
  /** Oldest first, the current one last. */
  readonly history: readonly AnswerRecord[];
}

export interface ChecklistState {
  readonly hazard: Hazard;
  readonly template: Template;
  /** The template's items in its order, each with its answer. */
  readonly items: readonly ItemState[];
  /** Items answered earlier that the template no longer has: kept, shown apart. */
  readonly retired: readonly ItemState[];
  readonly lastReview: ReviewRecord | undefined;
  /** The next review (a local date): a year after the last, at once after an incident since; now if never. */
  readonly dueOn: string;
  readonly dueReason: 'never' | 'interval' | 'incident';
  /** Reviewed, not due, and every item answered. */
  readonly current: boolean;
}

/**
 * One client's checklist for one hazard from the records (an answer is merged item by item: the newest per item
 * counts, none is dropped), the template as it now stands, and the instants of incidents logged on the client's visits.
 */
export function checklistState(
  hazard: Hazard,
  template: Template,
  records: readonly PreparednessRecord[],
  incidents: readonly string[],
  now: Date,
): ChecklistState {
  const answers = records.filter((r): r is AnswerRecord => r.kind === 'answer' && r.hazard === hazard).sort(byTime);
  const byItem = Map.groupBy(answers, (a) => a.itemId);
  const state = (item: TemplateItem): ItemState => {
    const history = byItem.get(item.id) ?? [];
    return { item, current: history.at(-1), history };
  };
  const items = template.items.map(state);
  const inTemplate = new Set(template.items.map((i) => i.id));
  const retired = [...byItem.keys()].filter((itemId) => !inTemplate.has(itemId)).map((itemId) => state({ id: itemId }));
  const lastReview = records
    .filter((r): r is ReviewRecord => r.kind === 'review' && r.hazard === hazard)
    .sort(byTime)
    .at(-1);
  const today = localDate(now);
  let dueOn = today;
  let dueReason: ChecklistState['dueReason'] = 'never';
  if (lastReview) {
    dueOn = aYearAfter(localDate(new Date(lastReview.createdAt)));
    dueReason = 'interval';
    const incident = incidents.filter((at) => at > lastReview.createdAt).sort()[0];
    if (incident && localDate(new Date(incident)) < dueOn) {
      dueOn = localDate(new Date(incident));
      dueReason = 'incident';
    }
  }
  const current = lastReview !== undefined && dueOn > today && items.every((i) => i.current !== undefined);
  return { hazard, template, items, retired, lastReview, dueOn, dueReason, current };
}

/** A client's aids as they stand: the newest version of each, removed ones left out. */
export function currentAids(records: readonly PreparednessRecord[]): AidRecord[] {
  const latest = new Map<string, AidRecord>();
  for (const r of [...records].sort(byTime)) {
    if (r.kind === 'aid' && r.aidId) latest.set(r.aidId, r as AidRecord);
  }
  return [...latest.values()].filter((a) => !a.removed);
}

/** What puts a client on a hazard's priority list, in words the list shows. */
export const NEEDS_KINDS = [
  'electricAid',
  'noWorkingAlarm',
  'aloneHighRisk',
  'unmetItems',
  'noCurrentChecklist',
] as const;
export type NeedKind = (typeof NEEDS_KINDS)[number];

/**
 * The order of needs per hazard, most urgent first (the written-down rule of the priority list). A power outage or a
 * storm (which takes the power with it) puts those on electricity-dependent aids first, then those whose safety alarm
 * does not work, then those living alone at high isolation risk; for heat, water and infection the items the client
 * lacks come first.
 */
export const NEED_ORDER: Record<Hazard, readonly NeedKind[]> = {
  powerOutage: ['electricAid', 'noWorkingAlarm', 'aloneHighRisk', 'unmetItems', 'noCurrentChecklist'],
  stormSnow: ['electricAid', 'noWorkingAlarm', 'aloneHighRisk', 'unmetItems', 'noCurrentChecklist'],
  heatWave: ['aloneHighRisk', 'unmetItems', 'electricAid', 'noWorkingAlarm', 'noCurrentChecklist'],
  waterOutage: ['unmetItems', 'aloneHighRisk', 'electricAid', 'noWorkingAlarm', 'noCurrentChecklist'],
  infection: ['unmetItems', 'aloneHighRisk', 'noWorkingAlarm', 'electricAid', 'noCurrentChecklist'],
};

export interface PriorityInput<C> {
  readonly client: C;
  readonly name: string;
  readonly aids: readonly AidRecord[];
  /** An alarm installed and known to work: tested within the last year, and its latest test not failed. */
  readonly alarmWorking: boolean;
  /** Lives alone, and high risk by the latest loneliness screening. */
  readonly aloneHighRisk: boolean;
  readonly checklist: ChecklistState;
}

export interface PriorityRow<C> extends PriorityInput<C> {
  readonly needs: readonly NeedKind[];
  /** Items answered "no": what the client lacks. */
  readonly unmet: readonly ItemState[];
}

/** How long an alarm test counts: a button not tested for a year may have failed silently. */
export const ALARM_TEST_DAYS = 365;

/**
 * Whether a client's safety alarm is known to work: installed, and the latest test — the client record's last test
 * date, or a checklist answer to "alarm tested" (yes or no), whichever is newer — passed within the last year.
 */
export function alarmWorks(
  alarm: { readonly installed: boolean; readonly lastTestedOn?: string | undefined },
  records: readonly PreparednessRecord[],
  now: Date,
): boolean {
  if (!alarm.installed) return false;
  const tests = records
    .filter((r): r is AnswerRecord => r.kind === 'answer' && r.itemId === 'alarmTested' && r.answer !== 'na')
    .map((r) => ({ on: localDate(new Date(r.createdAt)), passed: r.answer === 'yes' }));
  if (alarm.lastTestedOn) tests.push({ on: alarm.lastTestedOn, passed: true });
  // On the same day a failed test outweighs a passed one: better a visit too many than a dead alarm missed.
  const latest = tests.sort((a, b) => a.on.localeCompare(b.on) || Number(b.passed) - Number(a.passed)).at(-1);
  return latest !== undefined && latest.passed && latest.on > addDays(localDate(now), -ALARM_TEST_DAYS);
}

/** Aids that keep someone alive or safe from harm, before those (beds, lifts) that can be managed by hand. */
export const LIFE_SUSTAINING: ReadonlySet<AidDevice> = new Set([
  'ventilator',
  'homeOxygen',
  'suction',
  'epilepsyAlarm',
]);

/**
 * The clients sorted by need for a hazard, by a written rule:
 * 1. their needs compared in `NEED_ORDER`, most urgent first (having the more urgent need wins; with the same, the next
 *    one decides, and so on);
 * 2. among those on electric aids, a life-sustaining device (ventilator, oxygen, suction, epilepsy alarm) before one
 *    that can be managed by hand, then the shortest battery time (no battery or an unknown time counts as none);
 * 3. then by name.
 * Clients with no need at all come last, still listed: on the day everyone is visited.
 */
export function priorityList<C>(hazard: Hazard, inputs: readonly PriorityInput<C>[]): PriorityRow<C>[] {
  const order = NEED_ORDER[hazard];
  const rows = inputs.map((input): PriorityRow<C> => {
    const unmet = input.checklist.items.filter((i) => i.current?.answer === 'no');
    const has: Record<NeedKind, boolean> = {
      electricAid: input.aids.length > 0,
      noWorkingAlarm: !input.alarmWorking,
      aloneHighRisk: input.aloneHighRisk,
      unmetItems: unmet.length > 0,
      noCurrentChecklist: !input.checklist.current,
    };
    return { ...input, needs: order.filter((need) => has[need]), unmet };
  });
  const critical = (row: PriorityRow<C>) => (row.aids.some((a) => LIFE_SUSTAINING.has(a.device)) ? 0 : 1);
  const battery = (row: PriorityRow<C>) => {
    const relevant = row.aids.filter((a) => critical(row) === 1 || LIFE_SUSTAINING.has(a.device));
    return relevant.length === 0 ? Infinity : Math.min(...relevant.map((a) => a.batteryHours ?? 0));
  };
  const byNeeds = (a: PriorityRow<C>, b: PriorityRow<C>) => {
    for (const need of order) {
      const difference = Number(b.needs.includes(need)) - Number(a.needs.includes(need));
      if (difference !== 0) return difference;
      // Within the same most urgent need of electric aids, the device and its battery decide first.
      if (need === 'electricAid' && a.needs.includes(need)) {
        const device = critical(a) - critical(b) || battery(a) - battery(b);
        if (device !== 0) return device;
      }
    }
    return 0;
  };
  return rows.sort((a, b) => byNeeds(a, b) || a.name.localeCompare(b.name, 'sv'));
}

/** For supervisors: per hazard, how many clients have a current checklist, and the gaps by item. */
export interface Coverage {
  readonly hazard: Hazard;
  readonly clients: number;
  readonly current: number;
  /** Per item of the current template: clients answering "no", and clients with no answer. */
  readonly items: readonly { readonly item: TemplateItem; readonly no: number; readonly unanswered: number }[];
}

export function coverage(hazard: Hazard, template: Template, states: readonly ChecklistState[]): Coverage {
  return {
    hazard,
    clients: states.length,
    current: states.filter((s) => s.current).length,
    items: template.items.map((item) => {
      const answers = states.map((s) => s.items.find((i) => i.item.id === item.id)?.current?.answer);
      return {
        item,
        no: answers.filter((a) => a === 'no').length,
        unanswered: answers.filter((a) => a === undefined).length,
      };
    }),
  };
}

/** Inputs of the calls that write. */
export const answerItemsInputSchema = z
  .object({
    clientId: id,
    hazard: z.enum(HAZARDS, 'validation.choose'),
    /** One id per answer (made by the form once, so sending again cannot answer twice). */
    answers: z
      .array(
        z.object({
          id,
          itemId: z.string().min(1).max(40),
          answer: z.enum(ANSWERS, 'validation.choose'),
          note: text(1000).default(''),
        }),
      )
      .max(60),
    /** Also sign the checklist as gone through (with nothing changed, too): routine, or after an incident. */
    review: z.object({ id, reason: z.enum(['routine', 'incident']) }).optional(),
  })
  .refine((input) => input.answers.length > 0 || input.review !== undefined, {
    message: 'validation.tooFew',
    path: ['answers'],
  });
export type AnswerItemsInput = z.input<typeof answerItemsInputSchema>;

export const saveAidInputSchema = z.object({
  id,
  clientId: id,
  /** The aid's id: new for a new device, the same to change or remove one. */
  aidId: id,
  device: z.enum(AID_DEVICES, 'validation.choose'),
  batteryHours: z.number().min(0, 'validation.tooShort').max(720, 'validation.tooLong').optional(),
  backupRoutine: text(1000).min(3, 'validation.describeBackup'),
  supplier: text(300).default(''),
  note: text(1000).default(''),
  removed: z.boolean().default(false),
});
export type SaveAidInput = z.input<typeof saveAidInputSchema>;

export const saveTemplateInputSchema = z.object({
  id,
  hazard: z.enum(HAZARDS, 'validation.choose'),
  /** The version the supervisor edited (a newer one saved meanwhile is refused, not overwritten). */
  basedOn: z.number().int().min(1),
  items: z.array(templateItemSchema).min(1, 'validation.chooseItems').max(60),
});
export type SaveTemplateInput = z.input<typeof saveTemplateInputSchema>;

export const priorityInputSchema = z.object({
  hazard: z.enum(HAZARDS, 'validation.choose'),
  /** Villages to include; empty: all. */
  villages: z.array(text(80)).max(50).default([]),
});

/** Whether a checklist should be gone through now: never done, or its next review day has come. */
export const checklistDue = (state: Pick<ChecklistState, 'dueOn' | 'dueReason'>, today: string): boolean =>
  state.dueReason === 'never' || state.dueOn <= today;

/**
 * A battery time as typed ("12", "1,5" or "1.5" hours): undefined for an empty field (no battery), null for a text
 * that is not a number of hours.
 */
export function parseBatteryHours(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d+([.,]\d+)?$/.test(trimmed) ? Number(trimmed.replace(',', '.')) : null;
}

/** A checklist's items with the most gaps first (answered no, or not answered), the rest in template order. */
export function itemsByGaps<T extends { readonly no: number; readonly unanswered: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.no + b.unanswered - (a.no + a.unanswered));
}
