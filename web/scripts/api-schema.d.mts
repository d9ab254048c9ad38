// Types of api-schema.mjs, for the Vitest check that imports it.
export declare const OPENAPI_FILE: string
export declare const SCHEMA_FILE: string
export declare const ENUMS_FILE: string
export declare function renderSchema(doc: unknown): Promise<string>
export declare function renderEnums(doc: unknown): string
export declare function render(doc: unknown): Promise<Record<string, string>>
export declare function renderCommitted(): Promise<Record<string, string>>
