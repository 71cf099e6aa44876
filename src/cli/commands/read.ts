// `shmscope read` — placeholder until its issue lands.
import type { CommandModule } from '../command'
import { CliError, EXIT } from '../errors'

export const command: CommandModule = {
  usage: 'read',
  help: 'Not implemented yet.',
  async run(): Promise<number> {
    throw new CliError('read is not implemented yet', EXIT.failure)
  }
}
