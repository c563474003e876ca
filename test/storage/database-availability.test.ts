// The operator hears of a database outage once when it starts and once when it ends, however many requests
// fail meanwhile, and a flapping connection does not fill the log (issue 20 F13).
import { describe, expect, test } from 'vitest';
import { type AvailabilityReport, DatabaseAvailability } from '../../src/storage/database-availability.ts';

function watch(quietMs = 60_000) {
  let now = 0;
  const reports: AvailabilityReport[] = [];
  const availability = new DatabaseAvailability(
    (report) => reports.push(report),
    quietMs,
    () => now,
  );
  return { availability, reports, advance: (ms: number) => (now += ms) };
}

const refused = () =>
  new Error('The database is unavailable.', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });

describe('database availability reports', () => {
  test('many failures make one "unreachable" report, with the driver\'s reason; the next success one "reachable again"', () => {
    const { availability, reports, advance } = watch();
    availability.noteSuccess();
    for (let i = 0; i < 100; i++) availability.noteFailure(refused());
    advance(12_000);
    availability.noteSuccess();
    availability.noteSuccess();
    expect(reports).toEqual([
      { isReachable: false, reason: 'connect ECONNREFUSED 127.0.0.1:1', unreportedOutages: 0 },
      { isReachable: true, unreachableMs: 12_000 },
    ]);
  });

  test('outages within the quiet period after a report are counted, and told with the next report', () => {
    const { availability, reports, advance } = watch(60_000);
    availability.noteFailure(refused());
    availability.noteSuccess();
    for (let i = 0; i < 5; i++) {
      advance(1000);
      availability.noteFailure(refused());
      availability.noteSuccess();
    }
    expect(reports).toHaveLength(2);
    advance(60_000);
    availability.noteFailure(refused());
    expect(reports.at(-1)).toEqual({
      isReachable: false,
      reason: 'connect ECONNREFUSED 127.0.0.1:1',
      unreportedOutages: 5,
    });
  });

  test('names the first of several addresses refused at once', () => {
    const { availability, reports } = watch();
    availability.noteFailure(
      new AggregateError([
        new Error('connect ECONNREFUSED ::1:5432'),
        new Error('connect ECONNREFUSED 127.0.0.1:5432'),
      ]),
    );
    expect(reports[0]).toMatchObject({ reason: 'connect ECONNREFUSED ::1:5432' });
  });
});
