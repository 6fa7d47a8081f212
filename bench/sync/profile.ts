/**
 * Where a process's time went during a benchmark step: a V8 CPU profile (node:inspector) summarised as self time per
 * package or file, and per function. Used by `npm run bench:sync --profile` to say what dominates a sync.
 */
import { Session } from 'node:inspector/promises';

/** The parts of V8's `Profiler.Profile` the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Wall-clock length of the profile, ms. */
  totalMs: number;
  /** Self time by where the code lives: a package, one of our folders, or V8's own (idle, GC, program), ms. */
  byPlace: { place: string; ms: number }[];
  /** The functions with the most self time, ms. */
  byFunction: { name: string; ms: number }[];
}

/** `node_modules/<package>` (scoped too), our own top folder (`server/`, `db/`…), or the url as it is. */
function place(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native code)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + 'node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  if (url.startsWith('node:')) return url;
  const ours = /\/(server|backend|db|core|bench)\/(.*)$/.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

export function summariseProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = nodes.get(samples[i] as number);
    if (!node) continue;
    // A sample's delta is the time since the previous sample: it belongs to the next one's frame.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = place(url, functionName);
    places.set(where, (places.get(where) ?? 0) + ms);
    const name = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  const sorted = <K extends string>(map: Map<string, number>, key: K) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ [key]: name, ms: Math.round(ms) }) as { [P in K]: string } & { ms: number });
  return {
    totalMs: Math.round((profile.endTime - profile.startTime) / 1000),
    byPlace: sorted(places, 'place'),
    byFunction: sorted(functions, 'name'),
  };
}

/** Profiles this process: `stop()` ends the profile and answers its summary. */
export async function profileThisProcess(): Promise<{ stop(): Promise<ProfileSummary> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
      session.disconnect();
      return summariseProfile(profile);
    },
  };
}

/** A summary as a few readable lines. */
export function formatProfile(label: string, summary: ProfileSummary, lines = 12): string {
  const share = (ms: number) => `${ms} ms (${Math.round((100 * ms) / Math.max(1, summary.totalMs))} %)`;
  return [
    `${label}: ${summary.totalMs} ms of wall-clock time profiled`,
    '  by place:',
    ...summary.byPlace.slice(0, lines).map((p) => `    ${share(p.ms)}  ${p.place}`),
    '  by function:',
    ...summary.byFunction.slice(0, lines).map((f) => `    ${share(f.ms)}  ${f.name}`),
  ].join('\n');
}
