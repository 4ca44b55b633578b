/**
 * The Genesys Cloud environments the SDK knows (its `PureCloudRegionHosts`, v262), with the names
 * a supervisor recognises. Pure data so the renderer can list them without loading the SDK; a test
 * reads the SDK's own file and fails when a new SDK adds, renames or moves a region.
 */
export interface Region {
  /** The SDK's environment id, e.g. `us_east_1`. */
  id: string;
  /** The host passed to `setEnvironment`, e.g. `mypurecloud.com`. */
  host: string;
  /** "Americas (US East)" — where the org lives, in words. */
  name: string;
  /** "Americas (US East) — mypurecloud.com": what pickers show. */
  label: string;
}

/** Connections that point at a host of their own (the demo org, a test simulator, a gateway). */
export const CUSTOM_REGION_ID = 'custom';

const named: ReadonlyArray<readonly [id: string, host: string, name: string]> = [
  ['us_east_1', 'mypurecloud.com', 'Americas (US East)'],
  ['us_east_2', 'use2.us-gov-pure.cloud', 'Americas (US East 2, FedRAMP)'],
  ['us_west_2', 'usw2.pure.cloud', 'Americas (US West)'],
  ['ca_central_1', 'cac1.pure.cloud', 'Americas (Canada)'],
  ['sa_east_1', 'sae1.pure.cloud', 'Americas (São Paulo)'],
  ['mx_central_1', 'mxc1.pure.cloud', 'Americas (Mexico)'],
  ['eu_west_1', 'mypurecloud.ie', 'EMEA (Dublin)'],
  ['eu_west_2', 'euw2.pure.cloud', 'EMEA (London)'],
  ['eu_central_1', 'mypurecloud.de', 'EMEA (Frankfurt)'],
  ['eu_central_2', 'euc2.pure.cloud', 'EMEA (Zurich)'],
  ['eusc_de_east_1', 'edee1.eusc-pure.cloud', 'EMEA (EU Sovereign Cloud, Germany)'],
  ['me_central_1', 'mec1.pure.cloud', 'EMEA (UAE)'],
  ['ap_south_1', 'aps1.pure.cloud', 'Asia Pacific (Mumbai)'],
  ['ap_southeast_1', 'apse1.pure.cloud', 'Asia Pacific (Singapore)'],
  ['ap_southeast_2', 'mypurecloud.com.au', 'Asia Pacific (Sydney)'],
  ['ap_northeast_1', 'mypurecloud.jp', 'Asia Pacific (Tokyo)'],
  ['ap_northeast_2', 'apne2.pure.cloud', 'Asia Pacific (Seoul)'],
  ['ap_northeast_3', 'apne3.pure.cloud', 'Asia Pacific (Osaka)'],
];

export const REGIONS: readonly Region[] = Object.freeze(
  named.map(([id, host, name]) => Object.freeze({ id, host, name, label: `${name} — ${host}` })),
);

export function findRegion(id: string): Region | undefined {
  return REGIONS.find((region) => region.id === id);
}

/** What the status area shows for a connection's region: the label, or the custom host itself. */
export function regionLabel(regionId: string, customHost?: string): string {
  if (regionId === CUSTOM_REGION_ID) return customHost ? `Custom host — ${customHost}` : 'Custom host';
  return findRegion(regionId)?.label ?? regionId;
}
