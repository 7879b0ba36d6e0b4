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

/** Builds a task's Reason from the machine name (and, for file paths, the job and the run's start). */
export type ReasonFn = (vm: string, at: { job: string; time: number }) => string

export type JobDef = {
  key: string
  name: string
  kind: 'replica' | 'backup'
  /** JobType of the sessions (an AgentBackup job's per-machine sessions are AgentManagement). */
  jobType: 'Replica' | 'Backup' | 'BackupCopy' | 'AgentBackup' | 'NasBackup'
  serverKey: string
  description: string
  /** UTC hours of day at which the job is scheduled. */
  hours: number[]
  minute: number
  /** Concurrent task slots (VBR processes several VMs of a job in parallel). */
  slots: number
  vms: VmDef[]
  /** The job that runs back-to-back "live" sessions driven by the clock (one replica, one backup). */
  live?: boolean
  /** VBR retries failed VMs a few minutes later; backup copy jobs copy on their next interval instead. */
  retries?: boolean
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
    kind: 'replica',
    jobType: 'Replica',
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
    kind: 'replica',
    jobType: 'Replica',
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
    kind: 'replica',
    jobType: 'Replica',
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
    kind: 'replica',
    jobType: 'Replica',
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
    kind: 'replica',
    jobType: 'Replica',
    name: 'Tier-1 Continuous Replication',
    serverKey: 'vbr01',
    description: 'Business-critical applications, replicated back to back',
    hours: [0, 6, 12, 18],
    minute: 5,
    slots: 1,
    vms: [vm('app01', 100), vm('app02', 100), vm('crm01', 250), vm('erp-db01', 750), vm('1234', 40)],
    live: true,
  },
  {
    key: 'sqlbk',
    kind: 'backup',
    jobType: 'Backup',
    name: 'SQL Server Backup',
    serverKey: 'vbr01',
    description: 'Application-aware backup of the SQL Server estate, twice a day',
    hours: [11, 23],
    minute: 0,
    slots: 2,
    vms: [
      vm('sql-prod-01', 500),
      vm('sql-prod-02', 500),
      vm('sql-reporting01', 250),
      vm('dbserver01', 200),
      vm('sql-dev-01', 127),
      vm('sql-witness01', 40),
    ],
  },
  {
    key: 'webbk',
    kind: 'backup',
    jobType: 'Backup',
    name: 'Web and App Servers Backup',
    serverKey: 'vbr01',
    description: 'Nightly backup of the web, application and CRM tiers',
    hours: [21],
    minute: 30,
    slots: 3,
    vms: [
      vm('web01', 60),
      vm('web02', 60),
      vm('web03', 60),
      vm('lb-edge01', 16),
      vm('app01', 100),
      vm('app02', 100),
      vm('crm01', 250),
      vm('erp-db01', 750),
      vm('R&D-build01', 200),
      vm('1234', 40),
    ],
  },
  {
    key: 'infrabk',
    kind: 'backup',
    jobType: 'Backup',
    name: 'Infrastructure Backup',
    serverKey: 'vbr02',
    description: 'Directory, mail, file and management servers',
    hours: [19],
    minute: 0,
    slots: 4,
    vms: [
      vm('dc01', 80),
      vm('dc02', 80),
      vm('dns01', 40),
      vm('exchange01', 1024),
      vm('fileserver01', 2048),
      vm('wsus01', 300),
      vm('vcenter01', 600),
      vm('pki01', 60),
      vm('jump01', 40),
      vm('print01', 40, 4 * 1024 * 1024),
    ],
  },
  {
    key: 'copy',
    kind: 'backup',
    jobType: 'BackupCopy',
    name: 'Offsite Backup Copy',
    serverKey: 'vbr02',
    description: 'Copies the latest restore points of critical VMs to the offsite repository',
    hours: [3],
    minute: 0,
    slots: 2,
    vms: [
      vm('sql-prod-01', 500),
      vm('sql-prod-02', 500),
      vm('exchange01', 1024),
      vm('dc01', 80),
      vm('fileserver01', 2048),
      vm('erp-db01', 750),
      vm('crm01', 250),
    ],
    retries: false,
  },
  {
    key: 'agents',
    kind: 'backup',
    jobType: 'AgentBackup',
    name: 'Workstations Agent Backup',
    serverKey: 'vbr01',
    description: 'Veeam Agent for Microsoft Windows on office workstations and laptops',
    hours: [12],
    minute: 30,
    slots: 4,
    vms: [
      vm('ws-finance01.corp.local', 256),
      vm('ws-finance02.corp.local', 256),
      vm('ws-hr01.corp.local', 256),
      vm('laptop-ceo01.corp.local', 512),
      vm('ws-dev01.corp.local', 512),
      vm('ws-dev02.corp.local', 512),
      vm('ws-reception01.corp.local', 128),
      vm('ws-design01.corp.local', 1024),
    ],
  },
  {
    key: 'nas',
    kind: 'backup',
    jobType: 'NasBackup',
    name: 'Projects File Share Backup',
    serverKey: 'vbr02',
    description: 'SMB file shares of the projects, home and scan folders',
    hours: [20],
    minute: 0,
    slots: 2,
    vms: [
      vm('\\\\fs01.corp.local\\projects', 3072),
      vm('\\\\fs01.corp.local\\home', 1536),
      vm('\\\\fs02.corp.local\\scans', 400),
      vm('\\\\nas01.corp.local\\archive', 6144),
    ],
  },
  {
    key: 'tier1bk',
    kind: 'backup',
    jobType: 'Backup',
    name: 'Tier-1 Hourly Backup',
    serverKey: 'vbr01',
    description: 'Business-critical applications, backed up back to back',
    hours: [3, 9, 15, 21],
    minute: 10,
    slots: 1,
    vms: [vm('app01', 100), vm('app02', 100), vm('crm01', 250), vm('erp-db01', 750), vm('1234', 40)],
    live: true,
  },
]

export type ReasonSet = { warning: ReasonFn[]; failure: ReasonFn[] }

export const WARNING_REASONS: ReasonFn[] = [
  () => 'Changed block tracking cannot be enabled: one or more snapshots present on the VM.',
  () => 'Unable to truncate transaction logs. Details: Failed to connect to SQL Server instance.',
  () => 'VM is running on snapshots, consider consolidating disks.',
  (vm) =>
    `Failed to prepare guest for hot backup. Error: VSSControl: Failed to freeze guest over network, ${vm}`,
]

export const FAILURE_REASONS: ReasonFn[] = [
  (vm) => `Error: Failed to open VDDK disk [[datastore1] ${vm}/${vm}.vmdk] ( is read-only mode - [false] )`,
  () => 'Target datastore has insufficient free space',
  () => 'Error: Cannot create a snapshot: The operation is not allowed in the current state.',
  () => 'Error: Connection to the replica host esxi-dr-02.corp.local timed out',
]

const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')

/** VM backup reasons, after the texts of the v13 JSON capture and the v13.1 query example (SESSIONS_QUERIES_ROLES §1.2). */
export const BACKUP_REASONS: ReasonSet = {
  warning: [
    ...WARNING_REASONS,
    () => 'Retention policy: unable to remove the oldest backup file, it is locked by another process.',
  ],
  failure: [
    (vm) =>
      `Processing ${vm} Error: An error occurred while quiescing the virtual machine. See the virtual machine's event log for details. (An error occurred while saving the snapshot: Failed to quiesce the virtual machine., An error occurred while taking a snapshot: Failed to quiesce the virtual machine.)`,
    (vm, at) =>
      `Error: There is not enough space on the disk. Failed to write data to the file [E:\\Backups\\${at.job}\\${at.job}D${stamp(at.time)}_${vm}.vib]. Agent failed to process method {DataTransfer.BackupText}.`,
    () => 'Hard disk 1 (0 B)',
    (vm) => `Error: Cannot create a snapshot of ${vm}: The operation is not allowed in the current state.`,
  ],
}

export const AGENT_REASONS: ReasonSet = {
  warning: [
    () => 'Changed block tracking driver is not installed: the whole volume was read to find changes.',
    (m) => `${m} was restarted during the backup; the volume snapshot was recreated.`,
  ],
  failure: [
    (m) =>
      `Error: Unable to connect to ${m}. The computer is offline or the Veeam Agent service is not running.`,
    () =>
      'Error: Failed to create a volume snapshot. Insufficient storage available to create the shadow copy (VSS_E_INSUFFICIENT_STORAGE).',
  ],
}

export const NAS_REASONS: ReasonSet = {
  warning: [
    (share) => `14 files were skipped because they are locked by another process (${share}).`,
    (share) =>
      `Some files in ${share} have paths longer than 260 characters and were processed with long path names.`,
  ],
  failure: [
    (share) => `Error: Access is denied. Failed to enumerate files in ${share}.`,
    (share) => `Error: The network path was not found: ${share}.`,
  ],
}

export const COPY_REASONS: ReasonSet = {
  warning: [
    (vm) =>
      `Restore point for ${vm} was not copied within the copy interval; it will be copied during the next interval.`,
  ],
  failure: [
    () =>
      'Error: The target repository offsite-repo01.corp.local is unavailable. Failed to copy the restore point.',
    (vm) => `Error: The restore point of ${vm} is locked by another task.`,
  ],
}

export const REPLICA_REASONS: ReasonSet = { warning: WARNING_REASONS, failure: FAILURE_REASONS }

export function reasonsFor(jobType: JobDef['jobType']): ReasonSet {
  switch (jobType) {
    case 'Replica':
      return REPLICA_REASONS
    case 'Backup':
      return BACKUP_REASONS
    case 'BackupCopy':
      return COPY_REASONS
    case 'AgentBackup':
      return AGENT_REASONS
    case 'NasBackup':
      return NAS_REASONS
  }
}
