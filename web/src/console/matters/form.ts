// The matter form's state, and the conversions between it and the API.
import { ROUTE_LEVELS, type Limits, type Matter, type MatterCreate, type MatterInput, type Route, type RouteLevel } from './types'

/** The routing form: a lead ('' for none) and co-handlers on every level. */
export type RoutingForm = Record<RouteLevel, { lead: Route['lead'] | ''; co: NonNullable<Route['co']> }>

/** What the matter form edits. */
export interface MatterForm {
  code: string
  category_code: string
  name: string
  description: string
  routing: RoutingForm
  limits: Limits
  self_handle: boolean
  default_priority: MatterInput['default_priority']
  register_criteria: string
  close_criteria: string
  enabled: boolean
}

/** routingForm opens a matter's routing for editing. */
export function routingForm(routing: Matter['routing'] | undefined): RoutingForm {
  const out = {} as RoutingForm
  for (const level of ROUTE_LEVELS) {
    const r = routing?.[level]
    out[level] = { lead: r?.lead ?? '', co: [...(r?.co ?? [])] }
  }
  return out
}

/** routingBody is the routing to send: the levels that have a lead, co-handlers other than the lead. */
export function routingBody(form: RoutingForm): MatterInput['routing'] {
  const out: MatterInput['routing'] = {}
  for (const level of ROUTE_LEVELS) {
    const { lead, co } = form[level]
    if (lead) out[level] = { lead, co: co.filter((c) => c !== lead) }
  }
  return out
}

/** formOf opens a matter for editing, or starts a new one in a category. */
export function formOf(m: Matter | null, category = ''): MatterForm {
  return {
    code: m?.code ?? '',
    category_code: m?.category_code ?? category,
    name: m?.name ?? '',
    description: m?.description ?? '',
    routing: routingForm(m?.routing),
    limits: copyLimits(
      m?.limits ?? {
        dispatch: { amount: 2, unit: 'working_hours' },
        handle: { amount: 3, unit: 'working_days' },
        verify: { amount: 1, unit: 'working_days' },
      },
    ),
    self_handle: m?.self_handle ?? false,
    default_priority: m?.default_priority ?? 'normal',
    register_criteria: m?.register_criteria ?? '',
    close_criteria: m?.close_criteria ?? '',
    enabled: m?.enabled ?? true,
  }
}

/** copyLimits copies limits field by field (they may be a reactive proxy, which structuredClone refuses). */
function copyLimits(l: Limits): Limits {
  return { dispatch: { ...l.dispatch }, handle: { ...l.handle }, verify: { ...l.verify } }
}

/** bodyOf is the form as the API takes it: PUT's fields, and the code for POST. */
export function bodyOf(f: MatterForm): MatterCreate {
  return {
    code: f.code.trim(),
    category_code: f.category_code,
    name: f.name.trim(),
    description: f.description.trim(),
    routing: routingBody(f.routing),
    limits: f.limits,
    self_handle: f.self_handle,
    default_priority: f.default_priority,
    register_criteria: f.register_criteria.trim(),
    close_criteria: f.close_criteria.trim(),
    enabled: f.enabled,
  }
}

/** inputOf is a matter's editable fields as PUT takes them, e.g. to switch it on or off. */
export function inputOf(m: Matter): MatterInput {
  const { code: _, ...input } = bodyOf(formOf(m))
  return input
}
