// `shmscope show <target> [--json]`: one segment or POSIX object in full, with its attached processes.
import type { CommandModule } from '../command'
import { EXIT } from '../errors'
import { findTarget, parseCommandArgs, requireTarget } from '../format/args'
import { showPosixText, showSysvText } from '../format/listing'
import { readCmdline } from '../../main/core/sources/processes'

export const command: CommandModule = {
  usage: 'show <target> [--json]',
  help: [
    'One System V segment or POSIX object in full: key, size, perms, owner, creator,',
    'times, and every attached process with its pid, name and mode (read-only or not).',
    '',
    '  <target>  a shmid (4), a key (key:0x00004243 or key:16963), or a POSIX name (/name)',
    '  --json    print the object as one element of `list --json` (plus each',
    '            attachment\'s command line)',
    '',
    'Exit codes: 2 when no object matches the target.',
    'Examples:  shmscope show 4    shmscope show key:0x00004243    shmscope show /my_shm --json'
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, 1)
    const target = requireTarget(positionals[0], 'show')
    const { object } = await findTarget(target)
    for (const a of object.attachments) {
      const cmdline = await readCmdline(a.pid)
      if (cmdline) a.cmdline = cmdline
    }
    if (values.json) process.stdout.write(JSON.stringify(object, null, 2) + '\n')
    else process.stdout.write(('shmid' in object ? showSysvText(object) : showPosixText(object)) + '\n')
    return EXIT.ok
  }
}
