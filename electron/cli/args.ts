import { parseArgs } from 'node:util';
import { UsageError } from './errors';

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };
export type OptionSpecs = Record<string, OptionSpec>;

type Values<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'string' ? (O[K]['multiple'] extends true ? string[] : string) : boolean;
};

export interface Parsed<O extends OptionSpecs> {
  values: Values<O> & { vault?: string; help?: boolean };
  positionals: string[];
}

/**
 * node:util parseArgs in strict mode, with its errors reworded into one line that says how to
 * get it right. `--vault` and `--help` are accepted by every command.
 */
export function parseCommandArgs<O extends OptionSpecs>(
  command: string,
  args: string[],
  options: O,
  positionals: { min: number; max: number; name?: string },
): Parsed<O> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, vault: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(rewordParseError(command, error));
  }
  const values = parsed.values as Parsed<O>['values'];
  if (values.help) return { values, positionals: parsed.positionals };
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`“mutual ${command}” needs ${positionals.name ?? 'an argument'}. Run “mutual ${command} --help” for how to use it.`);
  if (count > positionals.max) {
    const extra = parsed.positionals[positionals.max]!;
    throw new UsageError(`“mutual ${command}” does not take “${extra}”. Run “mutual ${command} --help” for how to use it.`);
  }
  return { values, positionals: parsed.positionals };
}

function rewordParseError(command: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = String((error as Error).message ?? '');
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const option = quoted.split(' ')[0] ?? quoted;
  const help = `Run “mutual ${command} --help” for how to use it.`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const dash = command === 'search' ? ' To search for text that starts with -, put the query after --.' : '';
    return `“mutual ${command}” has no option ${option}. ${help}${dash}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/ambiguous/.test(message)) return `The value after ${option} starts with a dash; write it as ${option}=VALUE. ${help}`;
    if (/argument missing|<value>/.test(message)) return `The option ${option} needs a value, as in ${option} VALUE. ${help}`;
    return `The option ${option} does not take a value. ${help}`;
  }
  return `${message.split('. ')[0]}. ${help}`;
}
