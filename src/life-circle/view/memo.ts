/** `compute` remembered for its last arguments: called again only when one of them is not `===` the last. */
export function memoize<Args extends unknown[], Value>(compute: (...args: Args) => Value): (...args: Args) => Value {
  let last: { args: Args; value: Value } | null = null;
  return (...args: Args) => {
    if (last && last.args.length === args.length && last.args.every((arg, i) => arg === args[i])) return last.value;
    last = { args, value: compute(...args) };
    return last.value;
  };
}
