import { parseSearchWith, stringifySearchWith } from '@tanstack/react-router'

/**
 * The URL's search params, read and written plainly: `?q=1234`, `?days=7`. TanStack Router's default writes
 * any string that would parse as JSON in JSON (`?q=%221234%22`), which is not what anyone pastes or reads in a
 * shared link. Values come back as the text they are; the routes' validators read `?days=7` from text.
 */
export const stringifySearch = stringifySearchWith(JSON.stringify)

/**
 * Reads links written by the default as well: a value in JSON quotes whose text the default would have quoted
 * (`"1234"`, `"true"`, `"\"x\""`) is that text. Any other quoted value is taken as typed: the default never
 * wrote it, so its quotes are the user's. (Throwing leaves a value as it is.)
 */
export function legacySearchValue(value: string): string {
  if (!/^".*"$/s.test(value)) throw new SyntaxError('not a quoted value')
  const text: unknown = JSON.parse(value)
  if (typeof text !== 'string') throw new SyntaxError('not a string')
  JSON.parse(text) // throws unless the default would have quoted this text
  return text
}

export const parseSearch = parseSearchWith(legacySearchValue)

/**
 * The search string a pasted link should show, when it differs from the one it has (a link in the old JSON
 * form, `?q=%22123%22`, becomes `?q=123`), so copying it from the address bar shares it plainly; null when it
 * already reads so. The router reads either form, but keeps the address bar as it was opened.
 */
export function canonicalSearch(search: string): string | null {
  const values = parseSearch(search)
  // A repeated key (`?q=a&q=b`) reads as a list, which no page takes: left as it is rather than written as JSON.
  if (Object.values(values).some((value) => typeof value === 'object')) return null
  const canonical = stringifySearch(values)
  return canonical === search ? null : canonical
}
