// Words for the matter catalogue: the time limits in one line, the routing
// level by level, and the field errors of a refused save.
import { ApiError } from '@/api/client'
import { ROUTE_LEVELS, STAGES, type Limits, type Matter, type Route, type RouteLevel } from './types'

type T = (key: string, plural?: number) => string

/** limitParts is each stage's limit in words: "派遣 1 工作小时". */
export function limitParts(limits: Limits, t: T): string[] {
  return STAGES.map((s) => {
    const l = limits[s]
    return `${t(`matter.stage.${s}`)} ${l.amount} ${t(`matter.limitUnit.${l.unit}`, l.amount)}`
  })
}

/** limitsText is the three limits in one line: "派遣 1 工作小时 · 处置 3 工作日 · 核查 1 工作日". */
export function limitsText(limits: Limits, t: T): string {
  return limitParts(limits, t).join(' · ')
}

/** A routed level: who leads there and who co-handles. */
export interface RouteRow {
  level: RouteLevel
  lead: Route['lead']
  co: NonNullable<Route['co']>
}

/** routeRows lists the levels a matter routes at, top down. */
export function routeRows(routing: Matter['routing']): RouteRow[] {
  return ROUTE_LEVELS.flatMap((level) => {
    const r = routing[level]
    return r?.lead ? [{ level, lead: r.lead, co: r.co ?? [] }] : []
  })
}

/**
 * fieldMessages keys a 422's field errors by their path without "body." and
 * list indexes ("body.routing.county.co[1]" → "routing.county.co"), the
 * first message of each.
 */
export function fieldMessages(err: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!(err instanceof ApiError)) return out
  for (const e of err.problem.errors ?? []) {
    if (!e.location || !e.message) continue
    const key = e.location.replace(/^body\./, '').replace(/\[\d+\]/g, '')
    out[key] ??= e.message
  }
  return out
}
