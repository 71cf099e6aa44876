// `shmscope list [--json] [--sysv] [--posix]`: one snapshot, as a table or the CONTRACT.md document.
import type { CommandModule } from '../command'
import { EXIT } from '../errors'
import { parseCommandArgs } from '../format/args'
import { listText } from '../format/listing'
import { takeSnapshot } from '../../main/core/snapshot'

export const command: CommandModule = {
  usage: 'list [--json] [--sysv] [--posix]',
  help: [
    'One snapshot of every System V segment and POSIX shared-memory object, with the',
    'processes attached to each (an `ipcs -m`-like table, then the /dev/shm objects).',
    '',
    '  --json    print the snapshot document (CONTRACT.md `list --json`)',
    '  --sysv    System V segments only',
    '  --posix   POSIX objects only',
    '',
    'In `attached pids`, (ro) marks a read-only attachment; "hidden" counts attachments',
    'in processes whose /proc/<pid>/maps this user cannot read.',
    '',
    'Examples:  shmscope list    shmscope list --sysv    shmscope list --json | jq .usage'
  ].join('\n'),
  async run(argv) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, sysv: { type: 'boolean' }, posix: { type: 'boolean' } }, 0)
    const both = !values.sysv && !values.posix
    const show = { sysv: both || values.sysv === true, posix: both || values.posix === true }
    const snapshot = await takeSnapshot({ excludePids: [process.pid] })
    if (!show.sysv) snapshot.sysv = []
    if (!show.posix) snapshot.posix = []
    process.stdout.write(values.json ? JSON.stringify(snapshot, null, 2) + '\n' : listText(snapshot, show) + '\n')
    return EXIT.ok
  }
}
