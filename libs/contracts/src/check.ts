/**
 * Compile-time agreement between a library's own TypeScript type and the contract's schema: `Assert<LibType,
 * z.input<typeof Schema>>` fails the build when the library's value would not pass the schema's type (a field
 * renamed, added as required to the schema, or changed), and `Assert<z.output<typeof Schema>, LibType>` when the
 * schema lets through what the library's type does not have. Used in the `// drift checks` of each contract file.
 */
export type Assert<T extends U, U> = T;
