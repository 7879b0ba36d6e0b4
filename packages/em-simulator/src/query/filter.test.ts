import { describe, expect, it } from 'vitest'
import type { FieldDef } from './fields.ts'
import { compileFilter, parseUtc, QueryError } from './filter.ts'

type Item = { name: string; result: string; at: number | null; size: number; retry: boolean; uid: string }

const FIELDS: FieldDef<Item>[] = [
  { name: 'Name', type: { kind: 'string' }, get: (i) => i.name },
  { name: 'Result', type: { kind: 'enum', values: ['Success', 'Warning', 'Failed'] }, get: (i) => i.result },
  { name: 'EndTime', type: { kind: 'date' }, get: (i) => i.at },
  { name: 'TotalSize', type: { kind: 'long' }, get: (i) => i.size },
  { name: 'IsRetry', type: { kind: 'bool' }, get: (i) => i.retry },
  { name: 'JobUid', type: { kind: 'uid', uidKind: 'Job' }, get: (i) => i.uid },
]

const G1 = '2c49a44e-1e59-4527-a6bc-6b2f9b579ee1'
const G2 = 'b04c217b-0538-4650-bec4-19deff4ea1ac'
const ITEMS: Item[] = [
  {
    name: 'Fileserver Backup',
    result: 'Success',
    at: Date.UTC(2025, 5, 1),
    size: 10,
    retry: false,
    uid: `urn:veeam:Job:${G1}`,
  },
  {
    name: 'SQL "Prod"',
    result: 'Warning',
    at: Date.UTC(2025, 5, 2, 12),
    size: 20,
    retry: true,
    uid: `urn:veeam:Job:${G2}`,
  },
  {
    name: 'web',
    result: 'Failed',
    at: Date.UTC(2025, 5, 3),
    size: 30,
    retry: false,
    uid: `urn:veeam:Job:${G1}`,
  },
  { name: 'running', result: 'None', at: null, size: 40, retry: false, uid: `urn:veeam:Job:${G2}` },
]

const names = (filter: string): string[] => ITEMS.filter(compileFilter(filter, FIELDS)).map((i) => i.name)

describe('filter language', () => {
  it('compares enums by declared index, with every operator', () => {
    expect(names('Result==Warning')).toEqual(['SQL "Prod"'])
    expect(names('Result!=Warning')).toEqual(['Fileserver Backup', 'web', 'running'])
    expect(names('Result>Success')).toEqual(['SQL "Prod"', 'web'])
    expect(names('Result>=Warning')).toEqual(['SQL "Prod"', 'web'])
    expect(names('Result<Failed')).toEqual(['Fileserver Backup', 'SQL "Prod"', 'running'])
    expect(names('Result<=Success')).toEqual(['Fileserver Backup', 'running'])
  })

  it('is case-insensitive for field names and enum values', () => {
    expect(names('result==FAILED')).toEqual(['web'])
    expect(names('RESULT==failed')).toEqual(['web'])
  })

  it('AND binds tighter than OR; parentheses group', () => {
    expect(names('Result==Success,Result==Failed;TotalSize>100')).toEqual(['Fileserver Backup'])
    expect(names('(Result==Success,Result==Failed);TotalSize>15')).toEqual(['web'])
    expect(names('((Result==Success));(IsRetry==false)')).toEqual(['Fileserver Backup'])
  })

  it('quoted strings, doubled quotes, ignored spaces outside quotes', () => {
    expect(names('Name=="Fileserver Backup"')).toEqual(['Fileserver Backup'])
    expect(names('Name=="SQL ""Prod"""')).toEqual(['SQL "Prod"'])
    expect(names('name == "fileserver backup"')).toEqual(['Fileserver Backup'])
    // Unquoted, the space is dropped: "FileserverBackup" matches nothing.
    expect(names('Name==Fileserver Backup')).toEqual([])
    expect(names('Name==web ; Result==Failed')).toEqual(['web'])
  })

  it('compares dates as UTC instants; a missing date never matches', () => {
    expect(names('EndTime>=2025-06-02')).toEqual(['SQL "Prod"', 'web'])
    expect(names('EndTime>"2025-06-02T12:00:00Z"')).toEqual(['web'])
    expect(names('EndTime==2025-06-02T14:00:00+02:00')).toEqual(['SQL "Prod"'])
    expect(names('EndTime<2025-06-01T00:00:00.001Z')).toEqual(['Fileserver Backup'])
    expect(names('EndTime<2025-06-01T00:00:00.000Z')).toEqual([])
    expect(names('EndTime!=2025-06-01')).toEqual(['SQL "Prod"', 'web'])
  })

  it('numbers and booleans', () => {
    expect(names('TotalSize>=30')).toEqual(['web', 'running'])
    expect(names('IsRetry==TRUE')).toEqual(['SQL "Prod"'])
  })

  it('UID fields accept the bare GUID and the full URN', () => {
    expect(names(`JobUid==${G1}`)).toEqual(['Fileserver Backup', 'web'])
    expect(names(`JobUid==urn:veeam:Job:${G1.toUpperCase()}`)).toEqual(['Fileserver Backup', 'web'])
    expect(names(`JobUid=="urn:veeam:Job:${G2}"`)).toEqual(['SQL "Prod"', 'running'])
  })

  it.each([
    ['a single =', 'Result=Failed'],
    ['an unknown field', 'Colour==red'],
    ['an unknown enum value', 'Result==Maybe'],
    ['an unclosed parenthesis', '(Result==Failed'],
    ['a stray parenthesis', 'Result==Failed)'],
    ['a missing value', 'Result=='],
    ['a missing operator', 'Result'],
    ['an unterminated quote', 'Name=="abc'],
    ['a bad date', 'EndTime>yesterday'],
    ['a bad number', 'TotalSize>big'],
    ['a bad Boolean', 'IsRetry==yes'],
    ['a bad UID', 'JobUid==123'],
    ['a dangling AND', 'Result==Failed;'],
  ])('rejects %s', (_label, filter) => {
    expect(() => compileFilter(filter, FIELDS)).toThrow(QueryError)
  })
})

describe('parseUtc', () => {
  it('reads EM date forms as UTC', () => {
    expect(parseUtc('2025-08-14T12:31:30.389954Z')).toBeCloseTo(
      Date.UTC(2025, 7, 14, 12, 31, 30, 389) + 0.954,
      2,
    )
    expect(parseUtc('2024-05-01T10:00:00')).toBe(Date.UTC(2024, 4, 1, 10))
    expect(parseUtc('2019-06-30')).toBe(Date.UTC(2019, 5, 30))
    expect(parseUtc('2019-06-30T02:00:00+02:00')).toBe(Date.UTC(2019, 5, 30))
    expect(parseUtc('30/06/2019')).toBeNull()
  })
})
