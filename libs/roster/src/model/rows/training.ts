/**
 * Training rows of the roster MIP: one slot per session (in its part of the period); every agent attends one
 * session (the trainer all), on duty for the whole of it. Columns: u[p] ∈ {0,1} a session at candidate slot p,
 * v[a,k] ∈ {0,1} agent a attends session k, q[a,p] ∈ [0,1] a attends at slot p (= u·v, linearised by q <= u,
 * q <= shifts covering p, Σ_p∈k q[a,p] = v[a,k]). Attendees (and the trainer) leave the phones during the session.
 */
import { trainingSegment } from '../../rules/check';
import type { CoverRows } from './cover';
import type { MipContext } from './context';

/** One candidate training slot (u column) of session k: day and minutes of the day. */
export interface Slot {
  k: number;
  day: number;
  start: number;
  end: number;
  col: number;
}

/** The training part of the MIP. */
export interface TrainingColumns {
  slots: Slot[];
  /** q column of (agent, slot) at agent·slots + slot (the trainer's is the slot's u column). */
  q: Map<number, number>;
  /** v column of (agent, session) at agent·sessions + session. */
  v: Map<number, number>;
  trainer: number | undefined;
}

/** The x columns of agent a covering [start, end) minutes of `day`. */
function slotCovers(c: MipContext, a: number, day: number, start: number, end: number): number[] {
  return c.byAgent[a].filter((i) => i.start <= day * 1440 + start && i.end >= day * 1440 + end).map((i) => i.col);
}

/** The u columns and the one-session-per-part rows (the trainer must be able to be on duty for a slot). */
function slotRows(c: MipContext, trainer: number | undefined): Slot[] {
  const { lp, p } = c;
  const training = p.training;
  if (!training) return [];
  const slots: Slot[] = [];
  const K = training.sessions;
  const dur = training.durationMinutes;
  for (let k = 0; k < K; k++) {
    const [from, to] = trainingSegment(p.days, K, k);
    const segment: Slot[] = [];
    for (let day = from; day < to; day++) {
      for (const start of p.trainingStarts) {
        if (trainer !== undefined && slotCovers(c, trainer, day, start, start + dur).length === 0) continue;
        const slot = { k, day, start, end: start + dur, col: lp.col(0, 0, 1, true) };
        segment.push(slot);
        slots.push(slot);
      }
    }
    // Exactly one session in the part (at least one is soft).
    if (segment.length > 0) {
      lp.row(segment.map((s) => s.col), segment.map(() => 1), -Infinity, 1);
      lp.row(segment.map((s) => s.col), segment.map(() => 1), 1, Infinity);
    } else {
      lp.row([], [], 1, Infinity);
    }
    c.soft('training', 1, { day: from });
  }
  return slots;
}

/** Attendance of agent a (v, q columns and their rows); agents away all period are exempt. */
function attendanceRows(c: MipContext, a: number, t: TrainingColumns, slotIndex: Map<Slot, number>): void {
  const { lp, p } = c;
  const K = p.training?.sessions ?? 0;
  const { slots, q, v } = t;
  const isTrainer = a === t.trainer;
  if (!isTrainer && p.agents[a].unavailable.slice(0, p.days).every(Boolean)) return;
  const vCols: number[] = [];
  for (let k = 0; k < K; k++) {
    const vk = isTrainer ? -1 : lp.col(0, 0, 1, true);
    if (!isTrainer) {
      v.set(a * K + k, vk);
      vCols.push(vk);
    }
    const qCols: number[] = [];
    for (const slot of slots) {
      if (slot.k !== k) continue;
      const cover = slotCovers(c, a, slot.day, slot.start, slot.end);
      if (isTrainer) {
        // The trainer is on duty for every session held.
        lp.row([slot.col, ...cover], [1, ...cover.map(() => -1)], -Infinity, 0);
        c.soft('training', -1, { agent: a, day: slot.day });
        q.set(a * slots.length + (slotIndex.get(slot) as number), slot.col);
        continue;
      }
      if (cover.length === 0) continue;
      const qc = lp.col(0, 0, 1);
      q.set(a * slots.length + (slotIndex.get(slot) as number), qc);
      qCols.push(qc);
      lp.row([qc, slot.col], [1, -1], -Infinity, 0);
      lp.row([qc, ...cover], [1, ...cover.map(() => -1)], -Infinity, 0);
    }
    if (!isTrainer) lp.row([...qCols, vk], [...qCols.map(() => 1), -1], 0, 0);
  }
  if (!isTrainer) {
    lp.row(vCols, vCols.map(() => 1), -Infinity, 1);
    lp.row(vCols, vCols.map(() => 1), 1, Infinity);
    c.soft('training', 1, { agent: a });
  }
}

/** Writes the training columns and rows (none without training) and takes attendees off the phones in `cover`. */
export function trainingRows(c: MipContext, cover: CoverRows): TrainingColumns {
  const { p } = c;
  const training = p.training;
  const trainer = training?.trainerId === undefined ? undefined : p.agentIndex.get(training.trainerId);
  const t: TrainingColumns = { slots: [], q: new Map(), v: new Map(), trainer };
  if (!training) return t;
  t.slots = slotRows(c, trainer);
  const slotIndex = new Map(t.slots.map((s, i) => [s, i]));
  for (let a = 0; a < p.agents.length; a++) attendanceRows(c, a, t, slotIndex);
  t.slots.forEach((slot, i) => {
    for (let a = 0; a < p.agents.length; a++) {
      const qc = t.q.get(a * t.slots.length + i);
      if (qc === undefined) continue;
      cover.addTraining(qc, slot.day * 1440 + slot.start, slot.day * 1440 + slot.end, p.agents[a].productive);
    }
  });
  return t;
}
