// `shmscope decode` — placeholder until its issue lands.
import type { CommandModule } from '../command'
import { CliError, EXIT } from '../errors'

export const command: CommandModule = {
  usage: 'decode',
  help: 'Not implemented yet.',
  async run(): Promise<number> {
    throw new CliError('decode is not implemented yet', EXIT.failure)
  }
}
