// The risk areas' API shapes, derived from the generated schema.
import type { RequestOf, ResponseOf } from '@/api/client'

type Item<T> = T extends { items?: (infer I)[] | null } ? I : never

export type RiskArea = ResponseOf<'/api/v1/epidemic/risk-areas/{id}', 'get'>
export type RiskAreaInput = RequestOf<'/api/v1/epidemic/risk-areas', 'post'>
export type RiskRuleset = Item<ResponseOf<'/api/v1/epidemic/risk-rulesets', 'get'>>
export type RiskRulesetInput = RequestOf<'/api/v1/epidemic/risk-rulesets', 'post'>
export type RiskFeatures = ResponseOf<'/api/v1/epidemic/risk-map', 'get'>
export type AreaResident = Item<ResponseOf<'/api/v1/epidemic/risk-areas/{id}/residents', 'get'>>
export type RiskFlag = Item<ResponseOf<'/api/v1/epidemic/risk-flags/{resident_id}', 'get'>>
