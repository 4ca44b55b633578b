import { invalidValue } from './errors';
import { queryList } from './kernel';

export interface PageRequest {
  pageSize: number;
  pageNumber: number;
}

/** Reads pageSize/pageNumber; out-of-range values get a 400 rather than being silently clamped. */
export function readPage(query: URLSearchParams, maxPageSize: number, defaultPageSize = 25): PageRequest {
  const pageSize = readInt(query, 'pageSize', defaultPageSize);
  const pageNumber = readInt(query, 'pageNumber', 1);
  if (pageSize < 1 || pageSize > maxPageSize) throw invalidValue(`pageSize must be between 1 and ${maxPageSize}, got ${pageSize}`);
  if (pageNumber < 1) throw invalidValue(`pageNumber must be 1 or more, got ${pageNumber}`);
  return { pageSize, pageNumber };
}

function readInt(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw invalidValue(`${name} must be an integer, got ${raw}`);
  return Number(raw);
}

/** Lower-cased expand names, so `routingStatus` and `routingstatus` both work. */
export function readExpand(query: URLSearchParams): Set<string> {
  return new Set(queryList(query, 'expand').map((name) => name.toLowerCase()));
}

export interface Listing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  firstUri: string;
  selfUri: string;
  lastUri: string;
  nextUri?: string;
  previousUri?: string;
}

/**
 * The standard Genesys paged listing. URIs are relative and repeat the caller's other query
 * parameters, as the real service does (exact formatting UNCONFIRMED).
 */
export function pageOf<S, T>(all: readonly S[], page: PageRequest, path: string, query: URLSearchParams, map: (item: S) => T): Listing<T> {
  const total = all.length;
  const pageCount = Math.max(1, Math.ceil(total / page.pageSize));
  const start = (page.pageNumber - 1) * page.pageSize;
  const entities = all.slice(start, start + page.pageSize).map(map);
  const uri = (pageNumber: number): string => {
    const params = new URLSearchParams(query);
    params.set('pageSize', String(page.pageSize));
    params.set('pageNumber', String(pageNumber));
    return `${path}?${params.toString()}`;
  };
  const listing: Listing<T> = {
    entities,
    pageSize: page.pageSize,
    pageNumber: page.pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(page.pageNumber),
    lastUri: uri(pageCount),
  };
  if (page.pageNumber < pageCount) listing.nextUri = uri(page.pageNumber + 1);
  if (page.pageNumber > 1) listing.previousUri = uri(Math.min(page.pageNumber - 1, pageCount));
  return listing;
}
