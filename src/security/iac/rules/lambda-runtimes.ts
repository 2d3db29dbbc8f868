// AWS Lambda runtime deprecation calendar (the date AWS stops applying security patches, "Deprecation
// date" in the Lambda developer guide's runtime table). Data, not code: add rows as AWS announces them.
// A runtime is reported once the scan date is on or after its date.
export interface RuntimeDeprecation {
  runtime: string;
  /** ISO date (UTC) of deprecation. */
  deprecated: string;
}

export const runtimeCalendar: RuntimeDeprecation[] = [
  { runtime: 'nodejs', deprecated: '2016-10-31' },
  { runtime: 'nodejs4.3', deprecated: '2020-03-05' },
  { runtime: 'nodejs4.3-edge', deprecated: '2019-04-30' },
  { runtime: 'nodejs6.10', deprecated: '2019-08-12' },
  { runtime: 'nodejs8.10', deprecated: '2020-03-06' },
  { runtime: 'nodejs10.x', deprecated: '2021-07-30' },
  { runtime: 'nodejs12.x', deprecated: '2023-03-31' },
  { runtime: 'nodejs14.x', deprecated: '2023-12-04' },
  { runtime: 'nodejs16.x', deprecated: '2024-06-12' },
  { runtime: 'nodejs18.x', deprecated: '2025-09-01' },
  { runtime: 'nodejs20.x', deprecated: '2026-04-30' },
  { runtime: 'python2.7', deprecated: '2021-07-15' },
  { runtime: 'python3.6', deprecated: '2022-07-18' },
  { runtime: 'python3.7', deprecated: '2023-12-04' },
  { runtime: 'python3.8', deprecated: '2024-10-14' },
  { runtime: 'python3.9', deprecated: '2025-12-15' },
  { runtime: 'ruby2.5', deprecated: '2021-07-30' },
  { runtime: 'ruby2.7', deprecated: '2023-12-07' },
  { runtime: 'ruby3.2', deprecated: '2026-03-31' },
  { runtime: 'java8', deprecated: '2024-01-08' },
  { runtime: 'go1.x', deprecated: '2024-01-08' },
  { runtime: 'provided', deprecated: '2024-01-08' },
  { runtime: 'dotnetcore1.0', deprecated: '2019-07-30' },
  { runtime: 'dotnetcore2.0', deprecated: '2019-05-30' },
  { runtime: 'dotnetcore2.1', deprecated: '2022-01-05' },
  { runtime: 'dotnetcore3.1', deprecated: '2023-04-03' },
  { runtime: 'dotnet5.0', deprecated: '2022-05-10' },
  { runtime: 'dotnet6', deprecated: '2024-12-20' },
  { runtime: 'dotnet7', deprecated: '2024-05-14' },
];

const byRuntime = new Map(runtimeCalendar.map((r) => [r.runtime, r]));

/** The deprecation entry of a runtime if it is deprecated on `now`. */
export function deprecatedRuntime(runtime: string, now = new Date()): RuntimeDeprecation | undefined {
  const entry = byRuntime.get(runtime);
  return entry && new Date(`${entry.deprecated}T00:00:00Z`).getTime() <= now.getTime() ? entry : undefined;
}
