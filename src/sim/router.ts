import type { RouteDef } from './kernel';

interface CompiledRoute {
  route: RouteDef;
  segments: Array<{ literal: string } | { param: string }>;
}

export type RouteMatch =
  | { kind: 'found'; route: RouteDef; params: Record<string, string> }
  | { kind: 'wrongMethod'; allowed: string[] }
  | { kind: 'none' };

/**
 * Matches paths against `:name` patterns. Literal segments win over parameters, so
 * `/api/v2/users/me` and `/api/v2/users/search` are never taken for a user id.
 * Genesys paths are matched case-insensitively on literals (the SDK sends `purecloud`, docs say `PURECLOUD`).
 */
export class Router {
  private readonly bySegmentCount = new Map<number, CompiledRoute[]>();

  constructor(routes: readonly RouteDef[]) {
    const seen = new Set<string>();
    for (const route of routes) {
      const key = `${route.method} ${route.pattern.toLowerCase()}`;
      if (seen.has(key)) throw new Error(`Duplicate simulator route ${key}`);
      seen.add(key);
      const segments = splitPath(route.pattern).map((segment) =>
        segment.startsWith(':') ? { param: segment.slice(1) } : { literal: segment.toLowerCase() },
      );
      const list = this.bySegmentCount.get(segments.length) ?? [];
      list.push({ route, segments });
      this.bySegmentCount.set(segments.length, list);
    }
  }

  match(method: string, path: string): RouteMatch {
    const parts = splitPath(path);
    const candidates = this.bySegmentCount.get(parts.length) ?? [];
    let best: { compiled: CompiledRoute; score: number[]; params: Record<string, string> } | undefined;
    const allowed = new Set<string>();
    for (const compiled of candidates) {
      const params: Record<string, string> = {};
      const score: number[] = [];
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const segment = compiled.segments[i];
        const part = parts[i];
        if (segment === undefined || part === undefined) ok = false;
        else if ('literal' in segment) {
          ok = segment.literal === part.toLowerCase();
          score.push(2);
        } else {
          const decoded = safeDecode(part);
          ok = decoded !== undefined && decoded.length > 0;
          if (decoded !== undefined) params[segment.param] = decoded;
          score.push(1);
        }
      }
      if (!ok) continue;
      if (compiled.route.method !== method && !(method === 'HEAD' && compiled.route.method === 'GET')) {
        allowed.add(compiled.route.method);
        continue;
      }
      if (!best || compareScores(score, best.score) > 0 || (compareScores(score, best.score) === 0 && compiled.route.method === method)) {
        best = { compiled, score, params };
      }
    }
    if (best) return { kind: 'found', route: best.compiled.route, params: best.params };
    if (allowed.size > 0) return { kind: 'wrongMethod', allowed: [...allowed] };
    return { kind: 'none' };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part.length > 0);
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const left = a[i] ?? 0;
    const right = b[i] ?? 0;
    if (left !== right) return left - right;
  }
  return 0;
}
