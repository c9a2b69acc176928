/** Called in the default branch of a switch over a union, so that a new member fails to compile. */
export function exhaustiveSwitchError(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
