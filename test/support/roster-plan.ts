import { VersionListItem, type API, type BodyOf } from '@hotline/contracts';
import type { ApiClient } from './stack';

/**
 * A small planning request that solves in a few seconds: 7 days, a floor manager (half a seat) and four agents, a
 * given forecast of 1 / 5 / 2 calls per half hour (night / day 07:00-20:00 / evening), AHT 180 s, patience 300 s.
 */
export function smallPlan(name: string, startDate: string, timeLimitSeconds: number): BodyOf<typeof API.rosterPlan> {
  const offered = Array.from({ length: 7 * 48 }, (_, t) => {
    const h = (t % 48) / 2;
    return h < 7 ? 1 : h < 20 ? 5 : 2;
  });
  return {
    name,
    startDate,
    days: 7,
    agents: [
      { id: 'm', name: '现场管理', floorManager: true, seatShare: 0.5, hourlyRate: '30.00' },
      { id: 'a', name: '话务员 A', hourlyRate: '25.00' },
      { id: 'b', name: '话务员 B', hourlyRate: '25.00' },
      { id: 'c', name: '话务员 C', hourlyRate: '25.00' },
      { id: 'd', name: '话务员 D', hourlyRate: '25.00' },
    ],
    forecast: { source: 'given', offered, ahtSeconds: 180, patienceSeconds: 300 },
    timeLimitSeconds,
  };
}

/** The roster versions of a start date (`YYYY-MM-DD`) with this name, parsed with the contract, oldest version first. */
export async function versionsNamed(client: ApiClient, startDate: string, name: string): Promise<VersionListItem[]> {
  return VersionListItem.array()
    .parse((await client.get(`/api/roster/versions?startDate=${startDate}`)).body)
    .filter((v) => v.name === name)
    .sort((u, w) => u.version - w.version);
}
