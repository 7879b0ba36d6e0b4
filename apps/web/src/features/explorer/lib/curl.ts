import type { RawAnswer } from '@ese/shared'

/** What stands for EM's session token in a copied command: the user puts their own there. */
export const TOKEN_PLACEHOLDER = '<token>'

/**
 * One argument for a POSIX shell: inside single quotes nothing is special (no `$`, backtick, `\` or `!`
 * expansion), and a single quote itself is written as `'\''` (close, escaped quote, reopen).
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`
}

/**
 * The `curl` command that asks EM what the dashboard asked, with a placeholder where EM's session token goes
 * (the dashboard never hands out the token it holds).
 */
export function curlCommand(answer: Pick<RawAnswer, 'url' | 'accept'>, token = TOKEN_PLACEHOLDER): string {
  return [
    'curl -sS',
    `-H ${shellQuote(`X-RestSvcSessionId: ${token}`)}`,
    `-H ${shellQuote(`Accept: ${answer.accept}`)}`,
    shellQuote(answer.url),
  ].join(' ')
}
