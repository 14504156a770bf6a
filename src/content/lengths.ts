// The document lengths, apart from the schema so the CLI can offer them without loading zod.
export const LENGTHS = ['short', 'standard', 'full'] as const;
export type Length = (typeof LENGTHS)[number];
