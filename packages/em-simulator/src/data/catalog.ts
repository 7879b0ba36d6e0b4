/**
 * The demo estate: names and settings a Veeam admin would recognise. Everything random (IDs, times, outcomes)
 * is derived from the seed elsewhere; this file only holds the fixed vocabulary.
 */

const GiB = 1024 ** 3

export type ServerDef = {
  key: string
  name: string
  description: string
}

export type VmDef = {
  name: string
  /** Provisioned size in bytes; EM reports it as the task's TotalSize (EM_API_FACTS §7 quirk 12). */
  size: number
}

export type JobDef = {
  key: string
  name: string
  serverKey: string
  description: string
  /** UTC hours of day at which the job is scheduled. */
  hours: number[]
  minute: number
  /** Concurrent task slots (VBR processes several VMs of a job in parallel). */
  slots: number
  vms: VmDef[]
  /** The job that runs back-to-back "live" sessions driven by the clock. */
  live?: boolean
}

export const SERVERS: ServerDef[] = [
  { key: 'vbr01', name: 'vbr01.corp.local', description: 'Primary datacenter backup server' },
  // An empty description serializes as `<Description />`, as in the docs example.
  { key: 'vbr02', name: 'vbr02.corp.local', description: '' },
]

export const PRODUCT_VERSION = '13.0.1.1071'
export const VBR_PORT = 9392
export const VBR_WCF_PORT = 9405

const vm = (name: string, gib: number, extraBytes = 0): VmDef => ({ name, size: gib * GiB + extraBytes })

export const JOBS: JobDef[] = [
  {
    key: 'sql',
    name: 'SQL Replication',
    serverKey: 'vbr01',
    description: 'Replicates the production SQL Server cluster to the DR site',
    hours: [1, 13],
    minute: 0,
    slots: 2,
    vms: [vm('sql-prod-01', 500), vm('sql-prod-02', 500), vm('sql-reporting01', 250), vm('sql-dev-01', 127)],
  },
  {
    key: 'web',
    name: 'Web Tier Replication',
    serverKey: 'vbr01',
    description: 'Front-end and application servers',
    hours: [2, 8, 14, 20],
    minute: 30,
    slots: 3,
    vms: [
      vm('web01', 60),
      vm('web02', 60),
      vm('web03', 60),
      vm('lb-edge01', 16),
      // Names with XML-special characters exercise escaping on both sides.
      vm('R&D-build01', 200),
    ],
  },
  {
    key: 'infra',
    name: 'Infrastructure DR',
    serverKey: 'vbr02',
    description: 'Core infrastructure: directory, DNS, mail, file and management servers',
    hours: [22],
    minute: 15,
    slots: 4,
    vms: [
      vm('dc01', 80),
      vm('dc02', 80),
      vm('dns01', 40),
      vm('exchange01', 1024),
      vm('fileserver01', 2048),
      vm('fileserver02', 4096),
      vm('print01', 40, 4 * 1024 * 1024),
      vm('wsus01', 300),
      vm('vcenter01', 600),
      vm('backup-proxy01', 60),
      vm('jump01', 40),
      vm('pki01', 60),
    ],
  },
  {
    key: 'files',
    name: 'File Servers Replica',
    serverKey: 'vbr02',
    description: 'NAS gateways and archive servers',
    hours: [4, 12, 18],
    minute: 45,
    slots: 2,
    vms: [
      vm('nas-gw01', 100),
      vm('archive01', 6144),
      vm('lab "sandbox" <01>', 20),
      vm("o'brien-desktop", 128),
    ],
  },
  {
    key: 'tier1',
    name: 'Tier-1 Continuous Replication',
    serverKey: 'vbr01',
    description: 'Business-critical applications, replicated back to back',
    hours: [0, 6, 12, 18],
    minute: 5,
    slots: 1,
    vms: [vm('app01', 100), vm('app02', 100), vm('crm01', 250), vm('erp-db01', 750), vm('1234', 40)],
    live: true,
  },
]

export const WARNING_REASONS: ((vm: string) => string)[] = [
  () => 'Changed block tracking cannot be enabled: one or more snapshots present on the VM.',
  () => 'Unable to truncate transaction logs. Details: Failed to connect to SQL Server instance.',
  () => 'VM is running on snapshots, consider consolidating disks.',
  (vm) =>
    `Failed to prepare guest for hot backup. Error: VSSControl: Failed to freeze guest over network, ${vm}`,
]

export const FAILURE_REASONS: ((vm: string) => string)[] = [
  (vm) => `Error: Failed to open VDDK disk [[datastore1] ${vm}/${vm}.vmdk] ( is read-only mode - [false] )`,
  () => 'Target datastore has insufficient free space',
  () => 'Error: Cannot create a snapshot: The operation is not allowed in the current state.',
  () => 'Error: Connection to the replica host esxi-dr-02.corp.local timed out',
]
