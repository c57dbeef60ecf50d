import { createRandom, type Random } from './prng.js';

const FIRST_NAMES = [
  'Aarav',
  'Priya',
  'Rohan',
  'Meera',
  'Kabir',
  'Ananya',
  'Vikram',
  'Isha',
  'Arjun',
  'Nisha',
  'Dev',
  'Sara',
] as const;
const LAST_NAMES = [
  'Sharma',
  'Iyer',
  'Kapoor',
  'Menon',
  'Rao',
  'Singh',
  'Das',
  'Bose',
  'Nair',
  'Patel',
] as const;
const COMPANIES = [
  'Northwind Logistics',
  'Bluepeak Finance',
  'Kite Health',
  'Orbit Retail',
  'Lumen Energy',
  'Cedar Insurance',
  'Pixel Foods',
  'Harbor Telecom',
] as const;
const OUTCOMES = [
  'Demo booked',
  'Follow-up scheduled',
  'Proposal sent',
  'Needs attention',
  'Closed won',
] as const;
const TOPICS = [
  'Pricing',
  'Integrations',
  'Onboarding',
  'Security review',
  'Timeline',
  'Competitors',
  'Contract terms',
] as const;
const SUMMARY_OPENERS = [
  'The customer opened by describing their current process and where it slows the team down.',
  'The call began with a recap of the previous meeting and the open questions from it.',
  'The customer joined with a clear agenda: cost, rollout effort and data security.',
] as const;
const SUMMARY_MIDDLES = [
  'Most of the discussion covered pricing tiers and how seats would grow over the next year.',
  'The agent walked through the integration with their CRM and answered questions on data sync.',
  'The customer raised concerns about onboarding time, which the agent addressed with a phased plan.',
] as const;
const SUMMARY_CLOSERS = [
  'Both sides agreed on a follow-up with the decision maker next week.',
  'The customer asked for a written proposal and a security questionnaire.',
  'The call ended with a trial agreed for one team before a wider rollout.',
] as const;
const MOMENTS = [
  'Customer mentions budget approval',
  'Competitor named',
  'Objection on implementation time',
  'Pricing discussed',
  'Next steps agreed',
  'Decision maker identified',
  'Question about data security',
] as const;
const ACTIONS = [
  'Send the proposal with annual pricing',
  'Share the security questionnaire',
  'Book a demo with the operations lead',
  'Introduce the onboarding specialist',
  'Follow up on the CRM integration question',
] as const;

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface CallRow {
  callId: string;
  customer: string;
  company: string;
  agent: string;
  durationSeconds: number;
  sentiment: number;
  outcome: string;
}

export interface InsightsData {
  callsAnalysed: number;
  avgDurationSeconds: number;
  talkRatio: number;
  avgSentiment: number;
  positiveRate: number;
  callsPerDay: readonly number[];
  topics: readonly { name: string; share: number }[];
  recentCalls: readonly CallRow[];
}

export interface CallDetailsData {
  customer: string;
  company: string;
  agent: string;
  durationSeconds: number;
  sentiment: number;
  agentTalkShare: number;
  outcome: string;
  summary: string;
  moments: readonly { atSeconds: number; label: string }[];
  actions: readonly string[];
}

function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

function callId(random: Random): string {
  return `call-${random.int(0x1000, 0xffff).toString(16)}${random.int(0x1000, 0xffff).toString(16)}`;
}

/** Picks `count` distinct items in a stable order decided by `random`. */
function pickSome<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) {
    const [item] = pool.splice(random.int(0, pool.length - 1), 1);
    if (item !== undefined) picked.push(item);
  }
  return picked;
}

/** The insights numbers for a tenant/subtenant (and agent): the same ids always give the same page. */
export function insightsData(
  tenantId: string,
  subTenantId: string,
  agentId?: string,
): InsightsData {
  const random = createRandom(`insights|${tenantId}|${subTenantId}|${agentId ?? ''}`);
  const callsPerDay = WEEKDAYS.map((day) =>
    day === 'Sat' || day === 'Sun' ? random.int(0, 8) : random.int(12, 60),
  );
  const shares = pickSome(random, TOPICS, 4).map((name) => ({ name, weight: random.int(10, 40) }));
  const totalWeight = shares.reduce((sum, topic) => sum + topic.weight, 0);
  const recentCalls = Array.from({ length: 6 }, (): CallRow => {
    const outcome = random.pick(OUTCOMES);
    return {
      callId: callId(random),
      customer: personName(random),
      company: random.pick(COMPANIES),
      agent: agentId ?? personName(random),
      durationSeconds: random.int(180, 2700),
      sentiment: random.int(42, 96),
      outcome,
    };
  });
  return {
    callsAnalysed: callsPerDay.reduce((sum, calls) => sum + calls, 0) * random.int(3, 5),
    avgDurationSeconds: random.int(360, 2280),
    talkRatio: random.int(35, 65),
    avgSentiment: random.int(55, 92),
    positiveRate: random.int(38, 81),
    callsPerDay,
    topics: shares.map((topic) => ({
      name: topic.name,
      share: Math.round((topic.weight / totalWeight) * 100),
    })),
    recentCalls,
  };
}

/** The analysis of one call: the same ids always give the same page. */
export function callDetailsData(
  tenantId: string,
  subTenantId: string,
  id: string,
): CallDetailsData {
  const random = createRandom(`call|${tenantId}|${subTenantId}|${id}`);
  const durationSeconds = random.int(300, 2700);
  const moments = pickSome(random, MOMENTS, 4)
    .map((label) => ({ label, atSeconds: random.int(30, durationSeconds - 30) }))
    .sort((a, b) => a.atSeconds - b.atSeconds);
  return {
    customer: personName(random),
    company: random.pick(COMPANIES),
    agent: personName(random),
    durationSeconds,
    sentiment: random.int(40, 96),
    agentTalkShare: random.int(30, 70),
    outcome: random.pick(OUTCOMES),
    summary: [
      random.pick(SUMMARY_OPENERS),
      random.pick(SUMMARY_MIDDLES),
      random.pick(SUMMARY_CLOSERS),
    ].join(' '),
    moments,
    actions: pickSome(random, ACTIONS, 3),
  };
}
