// Names for the chain and outbreak API's shapes, derived from the generated
// schema so that a change on the server shows up here as a type error.
import type { ResponseOf } from '@/api/client'

type Item<T> = T extends { items?: (infer I)[] | null } ? I : never

export type Chain = Item<ResponseOf<'/api/v1/epidemic/chains', 'get'>>
export type ChainGraph = ResponseOf<'/api/v1/epidemic/chains/{id}', 'get'>
export type ChainNode = NonNullable<ChainGraph['nodes']>[number]
export type ChainEdge = NonNullable<ChainGraph['edges']>[number]
export type ChainGroup = NonNullable<ChainGraph['groups']>[number]
export type Outbreak = ResponseOf<'/api/v1/epidemic/outbreaks/{id}', 'get'>
