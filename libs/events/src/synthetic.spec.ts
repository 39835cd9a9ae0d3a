import { DEFAULT_KPI_POLICY, foldEvents, reportFromEvents } from '@hotline/kpi';
import { DEFAULT_SYNTHETIC_PROFILE, synthesizeDay } from './synthetic';

describe('synthetic day', () => {
  const profile = { ...DEFAULT_SYNTHETIC_PROFILE, date: '2026-11-30' };

  it('is reproducible from its seed and labelled synthetic', () => {
    const a = synthesizeDay(profile);
    expect(synthesizeDay(profile)).toEqual(a);
    expect(a.every((e) => e.source === 'synthetic')).toBe(true);
    expect(synthesizeDay({ ...profile, seed: 7 })).not.toEqual(a);
  });

  it('has the stated volume and shape: every request settled, losses when agents are few', () => {
    const expectedVolume = profile.arrivalsPerHour.reduce((a, b) => a + b, 0);
    const report = reportFromEvents(synthesizeDay(profile), DEFAULT_KPI_POLICY);
    expect(report.requests).toBeGreaterThan(expectedVolume * 0.85);
    expect(report.requests).toBeLessThan(expectedVolume * 1.15);
    expect(report.pending).toBe(0);
    expect(report.days.map((d) => d.date)).toEqual(['2026-11-30']);
    const few = reportFromEvents(synthesizeDay({ ...profile, agents: 2 }), DEFAULT_KPI_POLICY);
    expect(few.abandoned).toBeGreaterThan(report.abandoned);
    expect(foldEvents(synthesizeDay({ ...profile, agents: 0 })).size).toBe(report.requests);
  });

  it('refuses an unusable profile', () => {
    expect(() => synthesizeDay({ ...profile, arrivalsPerHour: [1, 2] })).toThrow(/24/);
    expect(() => synthesizeDay({ ...profile, agents: 2.5 })).toThrow(/agents/);
  });
});
