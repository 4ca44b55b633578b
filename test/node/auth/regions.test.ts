import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTOM_REGION_ID, REGIONS, findRegion, regionLabel } from '../../../src/shared/regions';

/** The SDK's own source of truth, read as text so the test does not depend on how the bundle exports it. */
function sdkRegionHosts(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('purecloud-platform-client-v2/package.json'));
  const source = readFileSync(join(packageDir, 'src/purecloud-platform-client-v2/PureCloudRegionHosts.js'), 'utf8');
  const entries = [...source.matchAll(/^\s*([a-z0-9_]+):\s*'([^']+)'/gm)].map((m) => [m[1], m[2]] as const);
  return Object.fromEntries(entries);
}

describe('regions', () => {
  it('lists exactly the environments of the SDK, with the same hosts', () => {
    const sdk = sdkRegionHosts();
    expect(Object.keys(sdk).length).toBeGreaterThan(10);
    const ours = Object.fromEntries(REGIONS.map((region) => [region.id, region.host]));
    expect(ours).toEqual(sdk);
  });

  it('matches the PureCloudRegionHosts the SDK bundle exports at run time', async () => {
    const platformClient = (await import('purecloud-platform-client-v2')).default;
    expect(Object.fromEntries(REGIONS.map((r) => [r.id, r.host]))).toEqual({ ...platformClient.PureCloudRegionHosts });
  });

  it('gives every region a unique human label that ends with its host', () => {
    const labels = REGIONS.map((region) => region.label);
    expect(new Set(labels).size).toBe(REGIONS.length);
    for (const region of REGIONS) {
      expect(region.label).toBe(`${region.name} — ${region.host}`);
      expect(region.name).toMatch(/^(Americas|EMEA|Asia Pacific) \(.+\)$/);
    }
    expect(findRegion('us_east_1')?.label).toBe('Americas (US East) — mypurecloud.com');
  });

  it('labels custom hosts and unknown ids without inventing a region', () => {
    expect(regionLabel(CUSTOM_REGION_ID, 'http://127.0.0.1:4010')).toBe('Custom host — http://127.0.0.1:4010');
    expect(regionLabel('eu_west_1')).toBe('EMEA (Dublin) — mypurecloud.ie');
    expect(regionLabel('mars_north_1')).toBe('mars_north_1');
    expect(findRegion(CUSTOM_REGION_ID)).toBeUndefined();
  });
});
