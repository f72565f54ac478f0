/**
 * Every explicit limit of Modelbench, in one place. Each constant says what it
 * bounds and why that value; errors that hit a limit name it, the actual size
 * and what to do instead. README.md ("Limits") lists them for users.
 *
 * Imports nothing, so any layer (data, model, training, the API boundary, the
 * web host) can use it.
 */
export {};
